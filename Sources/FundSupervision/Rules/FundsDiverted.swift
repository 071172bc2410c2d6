// R-DIVERSION (挪用): a payment whose category is not among the fund's permitted purposes, or a
// county paying for a project registered in another county.
//
// 004 五(三) 「严禁截留、挪用专项资金」; 003 「贪污挪用」; 002 E10 (以工代赈 allowed works); seed-domain V03.

/// 挪用 Diversion: a payment outside the fund's permitted purposes, or to a project in another county.
public struct FundsDiverted: AnomalyRule, Codable {
    /// The rule's identity, sources and parameters.
    public static let descriptor = RuleDescriptor(
        id: "R-DIVERSION",
        name: BilingualText(zh: "挪用", en: "Diversion"),
        sources: [
            RuleSource(
                document: "沁源县人民政府《关于推进产业扶贫确保稳定脱贫的实施意见》(2017-11-13) 五(三)",
                clause: "严禁截留、挪用专项资金", domainIDs: ["V03"]),
            RuleSource(
                document: "湘西州《关于打赢精准脱贫攻坚战的意见》州发〔2016〕1号",
                clause: "贪污挪用", domainIDs: ["V03"]),
            RuleSource(
                document: "《山西省“十三五”脱贫攻坚规划》(以工代赈)",
                clause: "基本农田、农田水利、乡村道路、草场建设、小流域治理", domainIDs: ["E10", "V03"]),
        ],
        parameters: [],
        severity: .critical,
        summary: BilingualText(
            zh: "拨付的项目类别不在该资金允许的用途之内，或向其他县的项目拨付",
            en: "a payment's category is not among the fund's permitted purposes, or it pays for a project in another county"))

    /// Creates the rule (it keeps no state: purposes and projects are in the shared registers).
    public init() {}

    /// Checks one payment against its fund's purposes and its project's county.
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
        // A payment without a project (nearly every one) is judged by its own category, without an
        // optional registration built for it.
        guard payment.projectID != nil else {
            guard let category = payment.category else { return }
            appendPurposeFlag(payment, category: category, event: event, context: context, to: &raised)
            return
        }
        let project = payment.projectID.flatMap { context.facts.projects[$0]?.registration }
        guard let category = project?.category ?? payment.category else { return }
        appendPurposeFlag(payment, category: category, event: event, context: context, to: &raised)
        var county: String { RuleText.unit(payment.county) }
        if let project, let projectID = payment.projectID, project.county != payment.county {
            let other = RuleText.unit(project.county)
            raised.append(Self.descriptor.makeFlag(
                anchor: event.sequence, facet: "county", county: payment.county, projectID: projectID,
                fundID: payment.fundID, payee: payment.payee.id, amountAtStake: payment.amount,
                evidence: [context.facts.projects[projectID]?.sequence ?? event.sequence],
                effectiveDate: payment.effectiveDate, raisedAt: event.sequence,
                zh: "\(county) 用资金 \(payment.fundID) 向 \(other) 的项目 \(RuleText.spacedZH(RuleText.projectZH(projectID, project.name)))拨付 \(RuleText.zh(payment.amount))",
                en: "\(county) paid \(RuleText.en(payment.amount)) of fund \(payment.fundID) to project \(RuleText.projectEN(projectID, project.name)) of \(other)"))
        }
    }

    /// Appends the flag of a payment whose category is not among the fund's permitted purposes, if it is not.
    private func appendPurposeFlag(_ payment: FundDisbursement, category: String, event: RuleEvent, context: RuleContext,
                                   to raised: inout [AnomalyFlag]) {
        // Pooled money (统筹整合) serves the county's integrated plan, not one channel's purposes.
        guard !payment.isFromPool, context.facts.permits(purpose: category, ofFund: payment.fundID,
                                                                     fundIDHash: event.paymentKeys?.fundIDHash) == false else { return }
        let county = RuleText.unit(payment.county)
        let allowed = context.facts.permittedPurposes(ofFund: payment.fundID).joined(separator: "、")
        raised.append(Self.descriptor.makeFlag(
            anchor: event.sequence, facet: "purpose", county: payment.county, projectID: payment.projectID,
            fundID: payment.fundID, payee: payment.payee.id, amountAtStake: payment.amount, evidence: [],
            effectiveDate: payment.effectiveDate, raisedAt: event.sequence,
            zh: "资金 \(payment.fundID) 只允许用于 \(allowed)，\(county) 却以凭证 \(payment.voucher) 用于 \(category) \(RuleText.zh(payment.amount))",
            en: "fund \(payment.fundID) may only be spent on \(allowed), but \(county) spent \(RuleText.en(payment.amount)) on \(category) (voucher \(payment.voucher))"))
    }
}
