// HTMLReportInput from a replay: the projection, the rule engine's flag records and the monthly
// totals, reduced to the plain figures the renderer draws. All orders are by code or id, so the
// same journal gives the same report on any machine.

extension HTMLReportInput {
    /// Builds the report's figures from a finished replay.
    ///
    /// Counties: every county-level unit with an integrated pool or pool spending, by code.
    /// Balances: one row per fund (by id) and unit (by code) whose account saw any money.
    /// Flags: `flagRecords`, most serious first and otherwise in their order, with each rule's name from `rules` (the rule id when
    /// the rule is not among them) and the unit's name from the division table.
    public init(journalPath: String, projection: FundProjection, monthlyDisbursements: MonthlyDisbursementTotals,
                flagRecords: [FlagRecord], rules: [RuleDescriptor], verification: Verification,
                checkpoint: CheckpointSummary?) {
        let counties = projection.units.keys.sorted().compactMap { code -> CountyIntegration? in
            guard code.level == .county, let totals = projection.units[code],
                  totals.integrated != .zero || totals.poolSpent != .zero else { return nil }
            return CountyIntegration(code: code.description, name: AdministrativeDivision.displayName(of: code),
                                     integrated: totals.integrated, spent: totals.poolSpent)
        }
        var balances: [BalanceRow] = []
        for fund in projection.funds.values.sorted(by: { $0.descriptor.id < $1.descriptor.id }) {
            for code in fund.accounts.keys.sorted() {
                guard let account = fund.accounts[code] else { continue }
                let figures = [account.received, account.integrated, account.disbursed, account.returnedOut, account.available]
                guard figures.contains(where: { $0 != .zero }) else { continue }
                balances.append(BalanceRow(
                    unit: Self.unitLabel(code), fundID: fund.descriptor.id, fundName: fund.descriptor.name,
                    channel: fund.descriptor.channel, allocated: account.received, integrated: account.integrated,
                    disbursed: account.disbursed, returned: account.returnedOut, available: account.available))
            }
        }
        var rulesByID: [String: RuleDescriptor] = [:]
        for rule in rules { rulesByID[rule.id] = rule }
        // Most serious first; within a severity, the engine's order (by the entry that raised them).
        let ordered = flagRecords.enumerated().sorted { lhs, rhs in
            lhs.element.flag.severity != rhs.element.flag.severity
                ? lhs.element.flag.severity > rhs.element.flag.severity : lhs.offset < rhs.offset
        }.map(\.element)
        let flags = ordered.map { record in
            let flag = record.flag
            return Flag(id: flag.id, ruleTitle: rulesByID[flag.ruleID]?.name ?? BilingualText(zh: flag.ruleID, en: flag.ruleID),
                        severity: flag.severity, status: record.status, unit: flag.county.map(Self.unitLabel) ?? "",
                        amountAtStake: flag.amountAtStake, explanation: flag.explanation,
                        evidenceSequences: flag.evidenceSequences)
        }
        self.init(journalPath: journalPath, asOfDate: projection.asOf, verification: verification, checkpoint: checkpoint,
                  counties: counties, monthlyDisbursements: monthlyDisbursements.months, balances: balances, flags: flags)
    }

    /// Builds the report's figures from a finished `SupervisionReplay` (projection, monthly totals,
    /// rules and flags).
    public init(journalPath: String, replay: SupervisionReplay, verification: Verification, checkpoint: CheckpointSummary?) {
        self.init(journalPath: journalPath, projection: replay.projection,
                  monthlyDisbursements: replay.monthlyDisbursements,
                  flagRecords: replay.flagRecords(), rules: replay.engine.descriptors,
                  verification: verification, checkpoint: checkpoint)
    }

    /// `沁源县 140431`: the unit's name as the division table gives it, then its code.
    static func unitLabel(_ code: DivisionCode) -> String {
        let name = AdministrativeDivision.displayName(of: code)
        return name == code.description ? name : name + " " + code.description
    }
}
