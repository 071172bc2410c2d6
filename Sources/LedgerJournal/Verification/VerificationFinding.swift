/// One problem that verification found, located in the file.
public struct VerificationFinding: Sendable, Equatable {
    /// The entry's sequence number, when the line could be read far enough to know it.
    public var sequence: Int?
    /// The 1-based line number.
    public var lineNumber: Int
    /// The byte offset in the file where the line starts.
    public var byteOffset: Int
    /// What is wrong.
    public var problem: Problem
    /// The domain layer's own error behind `.refusedByValidator`, so that a tool can word it in the
    /// user's language; `problem` keeps its description. Not part of equality.
    public var refusal: (any Error & Sendable)?

    /// A finding's cause: a journal-layer error, a torn tail, or a refusal by the domain layer.
    public enum Problem: Sendable, Equatable {
        case journal(JournalError)
        /// The file ends with `byteCount` bytes that are not a complete line.
        case tornTail(byteCount: Int)
        /// A line longer than the limit.
        case lineTooLong(byteCount: Int)
        /// The domain layer (e.g. FundSupervision) refused the event; `reason` is its message.
        case refusedByValidator(reason: String)
        /// The journal does not extend a trusted checkpoint.
        case checkpointMismatch(reason: String)
    }

    /// Creates a finding at a line of the file.
    public init(sequence: Int?, lineNumber: Int, byteOffset: Int, problem: Problem, refusal: (any Error & Sendable)? = nil) {
        self.sequence = sequence
        self.lineNumber = lineNumber
        self.byteOffset = byteOffset
        self.problem = problem
        self.refusal = refusal
    }

    /// Findings are equal when they name the same place and the same problem.
    public static func == (lhs: VerificationFinding, rhs: VerificationFinding) -> Bool {
        lhs.sequence == rhs.sequence && lhs.lineNumber == rhs.lineNumber && lhs.byteOffset == rhs.byteOffset
            && lhs.problem == rhs.problem
    }
}

/// The result of verifying a journal: what was checked, the chain head, and every finding.
public struct VerificationReport: Sendable {
    /// The number of complete lines read.
    public var entryCount = 0
    /// The leaf hash of the last complete line (the chain head); `EntryHash.zero` for an empty file.
    public var headHash = EntryHash.zero
    /// The journal's origin, from its genesis.
    public var origin: String?
    /// The authority key in force at the end (hex).
    public var authorityHex: String?
    /// The genesis authority (hex), what `--authority` pins.
    public var genesisAuthorityHex: String?
    /// Whether the genesis authority was checked against a key given out of band.
    public var isAuthorityPinned = false
    /// Whether signatures were checked (`--no-signatures` turns this off).
    public var checkedSignatures = true
    /// The RFC 6962 root of all complete lines.
    public var rootHash: [UInt8] = []
    /// The time of the last entry.
    public var lastTime: Timestamp?
    /// Every problem found, in file order (at most `maximumFindingCount`).
    public var findings: [VerificationFinding] = []
    /// Whether more findings existed than were kept.
    public var findingsTruncated = false

    /// Findings beyond this are counted but not kept, so memory stays bounded on a ruined file.
    public static let maximumFindingCount = 1000

    /// Whether the journal verified without any finding.
    public var isValid: Bool { findings.isEmpty && !findingsTruncated }

    public init() {}
}
