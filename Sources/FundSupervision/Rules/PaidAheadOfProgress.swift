// R-AHEAD-OF-PROGRESS (超进度拨付): a project's cumulative payments exceed what its tranche plan
// allows for the milestones accepted so far.
//
// 004 五(三) 「依项目实施进度分期分批拨付」 (R70); seed-domain V13.

/// 超进度拨付 Paid ahead of progress: cumulative payments above the tranche plan's allowance for accepted milestones.
public struct PaidAheadOfProgress: AnomalyRule, Codable {
    /// The rule's identity, sources and parameters.
    public static let descriptor = RuleDescriptor(
        id: "R-AHEAD-OF-PROGRESS",
        name: BilingualText(zh: "超进度拨付", en: "Paid ahead of progress"),
        sources: [
            RuleSource(
                document: "沁源县人民政府《关于推进产业扶贫确保稳定脱贫的实施意见》(2017-11-13) 五(三)",
                clause: "依项目实施进度分期分批拨付", domainIDs: ["R70", "V13"]),
        ],
        parameters: [
            RuleParameter(
                name: "advance_allowance_bp", unit: .basisPoints, defaultValue: 0,
                origin: "[not in seeds] advance allowance for tranches (seed-domain §6); 0 = no payment beyond the plan",
                summary: BilingualText(
                    zh: "允许超出分期计划预拨的比例（占预算）",
                    en: "share of the budget that may be paid beyond the tranche plan")),
        ],
        severity: .major,
        summary: BilingualText(
            zh: "项目累计拨付超过已验收节点按分期计划允许的累计数",
            en: "a project's cumulative payments exceed what its tranche plan allows for the milestones accepted so far"))

    private var paid: SnapshotMap<String, Fen> = [:]

    // The parameters read per event, resolved once (RuleParameterKey).
    private static let advanceAllowance = RuleParameterKey("advance_allowance_bp", of: descriptor)

    /// Creates the rule with empty state.
    public init() {}

    /// Adds a project payment and flags it when the cumulative total passes the allowance.
    public mutating func observe(_ event: RuleEvent, in context: RuleContext) -> [AnomalyFlag] {
        guard case .disburse(let payment) = event.event else { return [] }
        return observe(payment: payment, of: event, in: context)
    }

    /// `observe(_:in:)` for a payment the engine lends (no copy of it out of the event).
    public mutating func observe(payment: FundDisbursement, of event: RuleEvent, in context: RuleContext) -> [AnomalyFlag] {
        var flags: [AnomalyFlag] = []
        observe(payment: payment, of: event, in: context, into: &flags)
        return flags
    }

    /// `observe(payment:of:in:)` appending what it raises to `raised`: `StandardRules` calls this, since
    /// a returned array, even an empty one, is released by the caller (every rule, every payment).
    mutating func observe(payment: FundDisbursement, of event: RuleEvent, in context: RuleContext,
                          into raised: inout [AnomalyFlag]) {
        guard let projectID = payment.projectID,
            let project = context.facts.projects[projectID]?.registration,
            !AssetIncomeShortfall.isReturn(payment, project: project)
        else { return }
        let total = paid[projectID, default: .zero] + payment.amount
        paid[projectID] = total
        let advance = context.value(Self.advanceAllowance, on: payment.effectiveDate, for: project.county) ?? 0
        let allowed = min(project.budget, context.facts.trancheAllowance(ofProject: projectID) + RuleText.share(of: project.budget, basisPoints: advance))
        guard total > allowed else { return }
        let excess = min(total - allowed, payment.amount)
        let accepted = context.facts.decisions(ofProject: projectID).values
            .filter { $0.milestone.status == .accepted }.map(\.sequence)
        raised.append(Self.descriptor.makeFlag(
            anchor: event.sequence, county: project.county, projectID: projectID, fundID: payment.fundID,
            payee: payment.payee.id, amountAtStake: excess, evidence: [context.facts.projects[projectID]?.sequence ?? event.sequence] + accepted,
            effectiveDate: payment.effectiveDate, raisedAt: event.sequence,
            zh: "项目 \(RuleText.spacedZH(RuleText.projectZH(projectID, project.name)))已拨付 \(RuleText.zh(total))，验收进度仅允许 \(RuleText.zh(allowed))",
            en: "project \(RuleText.projectEN(projectID, project.name)) has been paid \(RuleText.en(total)); accepted progress allows only \(RuleText.en(allowed))"))
    }

    /// Takes back a reversed project payment.
    public mutating func retract(_ event: RuleEvent, in context: RuleContext) {
        guard case .disburse(let payment) = event.event, let projectID = payment.projectID,
            let project = context.facts.projects[projectID]?.registration,
            !AssetIncomeShortfall.isReturn(payment, project: project)
        else { return }
        paid[projectID, default: .zero] -= payment.amount
    }
}

// The snapshot form (`JOURNAL.state`), by hand: the amount paid per project (a table). Bump
// `FlaggingValidator.snapshotFormatVersion` with any change here.
extension PaidAheadOfProgress: SnapshotSpecialCoding {
    package func snapshotEncode(to sink: SnapshotByteSink) throws {
        try paid.snapshotEncode(to: sink, coding: .special)
    }

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> PaidAheadOfProgress {
        var rule = PaidAheadOfProgress()
        rule.paid = try .snapshotDecode(from: source, coding: .special)
        return rule
    }
}
