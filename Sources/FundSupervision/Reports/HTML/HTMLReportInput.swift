// HTMLReportInput: the already-computed figures an HTML report shows.
//
// A plain value, filled by the caller from the verifier, the projections and the rules engine,
// so that the renderer depends on none of their internals and a test can build one by hand.
// Amounts are fen; texts (names, explanations) are printed as recorded, escaped for HTML.

/// Everything an evaluator's HTML report shows, as plain figures.
public struct HTMLReportInput: Sendable, Equatable {
    /// The journal's file name or path as the reader should type it in commands (e.g. `Journal/demo.jsonl`).
    public var journalPath: String
    /// The effective date the figures are as of (`--as-of`), or `nil` for "everything recorded".
    public var asOfDate: CivilDate?
    /// The outcome of verifying the journal.
    public var verification: Verification
    /// The latest signed checkpoint, when there is one.
    public var checkpoint: CheckpointSummary?
    /// Per-county integration totals, in the order to show them.
    public var counties: [CountyIntegration]
    /// Disbursements per calendar month, in chronological order (months without payments may be absent).
    public var monthlyDisbursements: [MonthlyAmount]
    /// The balances table, one row per fund and unit, in the order to show them.
    public var balances: [BalanceRow]
    /// The anomaly flags, in the order to show them.
    public var flags: [Flag]

    /// Creates a report input.
    public init(journalPath: String, asOfDate: CivilDate? = nil, verification: Verification, checkpoint: CheckpointSummary?,
                counties: [CountyIntegration], monthlyDisbursements: [MonthlyAmount], balances: [BalanceRow], flags: [Flag]) {
        self.journalPath = journalPath
        self.asOfDate = asOfDate
        self.verification = verification
        self.checkpoint = checkpoint
        self.counties = counties
        self.monthlyDisbursements = monthlyDisbursements
        self.balances = balances
        self.flags = flags
    }

    /// The outcome of `fundledger verify`.
    public struct Verification: Sendable, Equatable {
        /// Whether every signature, hash link and grant checked out.
        public var isVerified: Bool
        /// How many entries were verified.
        public var entryCount: Int
        /// The verifier's findings, one line each, already worded (empty when verified).
        public var findings: [String]

        /// Creates a verification outcome.
        public init(isVerified: Bool, entryCount: Int, findings: [String] = []) {
            self.isVerified = isVerified
            self.entryCount = entryCount
            self.findings = findings
        }
    }

    /// The latest checkpoint (C2SP tlog-checkpoint): origin, tree size and root hash.
    public struct CheckpointSummary: Sendable, Equatable {
        /// The log's origin line.
        public var origin: String
        /// The number of entries the root covers.
        public var treeSize: Int
        /// The root hash as the checkpoint writes it (base64).
        public var rootHash: String
        /// The checkpoint file to name in `prove` commands.
        public var filePath: String

        /// Creates a checkpoint summary.
        public init(origin: String, treeSize: Int, rootHash: String, filePath: String) {
            self.origin = origin
            self.treeSize = treeSize
            self.rootHash = rootHash
            self.filePath = filePath
        }
    }

    /// One county's integrated pool (统筹整合) and what has been spent from it.
    public struct CountyIntegration: Sendable, Equatable {
        /// The 6-digit division code.
        public var code: String
        /// The county's name as recorded.
        public var name: String
        /// Money integrated into the pool.
        public var integrated: Fen
        /// Money paid out of the pool.
        public var spent: Fen

        /// Creates a county row.
        public init(code: String, name: String, integrated: Fen, spent: Fen) {
            self.code = code
            self.name = name
            self.integrated = integrated
            self.spent = spent
        }
    }

    /// Disbursements in one calendar month.
    public struct MonthlyAmount: Sendable, Equatable {
        /// The year.
        public var year: Int
        /// The month, 1-12.
        public var month: Int
        /// The total disbursed in that month.
        public var amount: Fen

        /// Creates a monthly total.
        public init(year: Int, month: Int, amount: Fen) {
            self.year = year
            self.month = month
            self.amount = amount
        }
    }

    /// One row of the balances table.
    public struct BalanceRow: Sendable, Equatable {
        /// The unit (county) name and code as it should appear, e.g. `沁源县 140431`.
        public var unit: String
        /// The fund's id.
        public var fundID: String
        /// The fund's name as recorded.
        public var fundName: String
        /// The fund's channel as recorded.
        public var channel: String
        /// Allocated to the unit.
        public var allocated: Fen
        /// Integrated into the unit's pool.
        public var integrated: Fen
        /// Disbursed.
        public var disbursed: Fen
        /// Returned.
        public var returned: Fen
        /// Still available.
        public var available: Fen

        /// Creates a balance row.
        public init(unit: String, fundID: String, fundName: String, channel: String, allocated: Fen, integrated: Fen,
                    disbursed: Fen, returned: Fen, available: Fen) {
            self.unit = unit
            self.fundID = fundID
            self.fundName = fundName
            self.channel = channel
            self.allocated = allocated
            self.integrated = integrated
            self.disbursed = disbursed
            self.returned = returned
            self.available = available
        }
    }

    /// One anomaly flag and the entries that raised it.
    public struct Flag: Sendable, Equatable {
        /// The flag's id (cited by `flag.dispose`).
        public var id: String
        /// The title of the rule that raised it.
        public var ruleTitle: BilingualText
        /// How serious it is.
        public var severity: RuleSeverity
        /// What inspectors did about it (open, confirmed, rectified, dismissed, reversed).
        public var status: FlagStatus
        /// The unit concerned as it should appear (name and code), or empty.
        public var unit: String
        /// The money at stake.
        public var amountAtStake: Fen
        /// One sentence with the figures.
        public var explanation: BilingualText
        /// The sequences of the entries that raised the flag, ascending.
        public var evidenceSequences: [Int]

        /// Creates a flag row.
        public init(id: String, ruleTitle: BilingualText, severity: RuleSeverity, status: FlagStatus = .open, unit: String,
                    amountAtStake: Fen, explanation: BilingualText, evidenceSequences: [Int]) {
            self.id = id
            self.ruleTitle = ruleTitle
            self.severity = severity
            self.status = status
            self.unit = unit
            self.amountAtStake = amountAtStake
            self.explanation = explanation
            self.evidenceSequences = evidenceSequences
        }
    }
}
