// R-PAID-AFTER-FAILED (验收未过仍拨付): a payment to a project whose acceptance of a milestone
// failed (and was not passed since), or to a project that was closed.
//
// 002 「申报、评审、立项、批复、实施、监督、验收等全过程管理」 (R75); 004 五(三) 「依项目实施进度分期分批拨付」
// (R70); seed-domain V05(d), V13.

/// 验收未过仍拨付 Payment after failed acceptance, or to a closed project.
public struct PaidDespiteFailedAcceptance: AnomalyRule, Codable {
    /// The rule's identity, sources and parameters.
    public static let descriptor = RuleDescriptor(
        id: "R-PAID-AFTER-FAILED",
        name: BilingualText(zh: "验收未过仍拨付", en: "Paid after failed acceptance"),
        sources: [
            RuleSource(
                document: "《山西省“十三五”脱贫攻坚规划》",
                clause: "申报、评审、立项、批复、实施、监督、验收等全过程管理", domainIDs: ["R75", "V13"]),
            RuleSource(
                document: "沁源县人民政府《关于推进产业扶贫确保稳定脱贫的实施意见》(2017-11-13) 五(三)",
                clause: "依项目实施进度分期分批拨付", domainIDs: ["R70", "V05"]),
        ],
        parameters: [
            RuleParameter(
                name: "closing_milestones", defaultTexts: ["closed", "结项"],
                origin: "[not in seeds] milestone names that close a project (结项) once accepted",
                summary: BilingualText(zh: "验收通过即结项的节点名称", en: "milestone names whose acceptance closes a project")),
        ],
        severity: .major,
        summary: BilingualText(
            zh: "项目某节点验收未通过且尚未重新验收通过时仍拨付，或项目结项后仍拨付",
            en: "a payment to a project while a milestone's acceptance has failed and not passed since, or after the project was closed"))

    // The parameters read per event, resolved once (RuleParameterKey).
    private static let closingMilestones = RuleParameterKey("closing_milestones", of: descriptor)

    /// Creates the rule (it keeps no state: milestones are in the shared registers).
    public init() {}

    /// Checks one project payment against the project's milestone decisions as of its date.
    public mutating func observe(_ event: RuleEvent, in context: RuleContext) -> [AnomalyFlag] {
        guard case .disburse(let payment) = event.event else { return [] }
        return observe(payment: payment, of: event, in: context)
    }

    /// `observe(_:in:)` for a payment the engine lends (no copy of it out of the event).
    public mutating func observe(payment: FundDisbursement, of event: RuleEvent, in context: RuleContext) -> [AnomalyFlag] {
        var raised: [AnomalyFlag] = []
        observe(payment: payment, of: event, in: context, into: &raised)
        return raised
    }

    /// `observe(payment:of:in:)` appending what it raises to `raised` (no array returned per payment).
    mutating func observe(payment: FundDisbursement, of event: RuleEvent, in context: RuleContext,
                          into raised: inout [AnomalyFlag]) {
        guard let projectID = payment.projectID,
            let project = context.facts.projects[projectID]?.registration
        else { return }
        let date = payment.effectiveDate
        let closing = context.texts(Self.closingMilestones, on: date, for: project.county)
        // Only a failed decision or an accepted closing milestone can raise a flag; a project with
        // neither among its records (nearly every payment) needs no latest-decision table.
        guard context.facts.milestones[projectID]?.contains(where: {
            $0.milestone.status == .failed || ($0.milestone.status == .accepted && closing.contains($0.milestone.milestone))
        }) == true else { return }
        let decided = context.facts.decisions(ofProject: projectID).values
            .filter { $0.milestone.effectiveDate <= date }
            .sorted { ($0.milestone.effectiveDate, $0.sequence) < ($1.milestone.effectiveDate, $1.sequence) }
        var projectZH: String { RuleText.projectZH(projectID, project.name) }
        var projectEN: String { RuleText.projectEN(projectID, project.name) }
        if let failed = decided.first(where: { $0.milestone.status == .failed }) {
            return raised.append(Self.descriptor.makeFlag(
                anchor: event.sequence, facet: "failed", county: project.county, projectID: projectID,
                fundID: payment.fundID, payee: payment.payee.id, amountAtStake: payment.amount, evidence: [failed.sequence],
                effectiveDate: date, raisedAt: event.sequence,
                zh: "项目 \(RuleText.spacedZH(projectZH))的节点 \(failed.milestone.milestone) 于 \(failed.milestone.effectiveDate) 验收未通过（序号 \(failed.sequence)），\(date) 仍拨付 \(RuleText.zh(payment.amount))",
                en: "project \(projectEN) failed acceptance of milestone \(failed.milestone.milestone) on \(failed.milestone.effectiveDate) (entry \(failed.sequence)), yet \(RuleText.en(payment.amount)) was paid on \(date)"))
        }
        if let closed = decided.first(where: { $0.milestone.status == .accepted && closing.contains($0.milestone.milestone) }),
            !AssetIncomeShortfall.isReturn(payment, project: project)
        {
            return raised.append(Self.descriptor.makeFlag(
                anchor: event.sequence, facet: "closed", county: project.county, projectID: projectID,
                fundID: payment.fundID, payee: payment.payee.id, amountAtStake: payment.amount, evidence: [closed.sequence],
                effectiveDate: date, raisedAt: event.sequence,
                zh: "项目 \(RuleText.spacedZH(projectZH))已于 \(closed.milestone.effectiveDate) 结项（序号 \(closed.sequence)），\(date) 仍拨付 \(RuleText.zh(payment.amount))",
                en: "project \(projectEN) was closed on \(closed.milestone.effectiveDate) (entry \(closed.sequence)), yet \(RuleText.en(payment.amount)) was paid on \(date)"))
        }
    }
}
