// R-LOAN-ELIGIBILITY (骗取贴息贷款): a poverty loan with government interest subsidy paid to a
// household that did not exit poverty in one of the years the policy names.
//
// 004 四(三)9 「对2014年和2015年已脱贫退出的贫困户」 may apply for 「政府贴息3年的金融扶贫贷款」 (R29, E16);
// seed-domain V06 (骗取: obtaining subsidies by false qualification). Loans are recorded as
// `fund.disburse` entries with a loan item (see R-HOUSEHOLD-CAP).

/// 骗取贴息贷款 Loan eligibility: an interest-subsidised loan to a household that did not exit in 2014 or 2015.
public struct LoanToIneligibleHousehold: AnomalyRule, Codable {
    /// The rule's identity, sources and parameters.
    public static let descriptor = RuleDescriptor(
        id: "R-LOAN-ELIGIBILITY",
        name: BilingualText(zh: "骗取贴息贷款", en: "Loan to an ineligible household"),
        sources: [
            RuleSource(
                document: "沁源县人民政府《关于推进产业扶贫确保稳定脱贫的实施意见》(2017-11-13) 四(三)9",
                clause: "对2014年和2015年已脱贫退出的贫困户", domainIDs: ["R29", "E16", "V06"]),
        ],
        parameters: [
            RuleParameter(
                name: "eligible_exit_years", defaultTexts: ["2014", "2015"],
                origin: "004 「对2014年和2015年已脱贫退出的贫困户」 (R29, E16)",
                summary: BilingualText(zh: "可申请贴息贷款的脱贫年份", en: "exit years that qualify for an interest-subsidised loan")),
            RuleParameter(
                name: "loan_items", defaultTexts: ["扶贫贷款"],
                origin: "[not in seeds] the item text under which a county records poverty-loan principal (as R-HOUSEHOLD-CAP)",
                summary: BilingualText(zh: "计为扶贫贷款的项目", en: "items counted as poverty loans")),
        ],
        severity: .major,
        summary: BilingualText(
            zh: "向并非在规定年份脱贫退出的户发放政府贴息的扶贫贷款",
            en: "an interest-subsidised poverty loan to a household that did not exit poverty in a qualifying year"))

    // The parameters read per event, resolved once (RuleParameterKey).
    private static let loanItems = RuleParameterKey("loan_items", of: descriptor)
    private static let eligibleExitYears = RuleParameterKey("eligible_exit_years", of: descriptor)

    /// Creates the rule (it keeps no state: exits are in the shared registers).
    public init() {}

    /// Checks one loan payment against the household's exit.
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
        guard payment.payee.kind == .beneficiary, let item = payment.item else { return }
        let date = payment.effectiveDate
        guard context.texts(Self.loanItems, on: date, for: payment.county,
                            contain: item, textHash: event.paymentKeys?.itemHash)
        else { return }
        let years = context.texts(Self.eligibleExitYears, on: date, for: payment.county)
        let enrolment = context.facts.enrolment(of: event.payeeKey(of: payment), on: date,
                                                 preferring: payment.county)
        if let exit = enrolment?.exit, exit.reason == .exited, exit.date <= date, years.contains(String(exit.date.year)) {
            return
        }
        let exitZH = enrolment?.exit.map { "于 \($0.date) 退出" } ?? "未脱贫退出"
        let exitEN = enrolment?.exit.map { "left the register on \($0.date)" } ?? "has not exited poverty"
        let yearsZH = years.map { "\($0)年" }.joined(separator: "、")
        let yearsEN = years.joined(separator: ", ")
        return raised.append(Self.descriptor.makeFlag(
            anchor: event.sequence, county: payment.county, projectID: payment.projectID, fundID: payment.fundID,
            payee: payment.payee.id, amountAtStake: payment.amount,
            evidence: [enrolment?.sequence, enrolment?.exit?.sequence].compactMap { $0 },
            effectiveDate: date, raisedAt: event.sequence,
            zh: "\(RuleText.payeeZH(payment.payee)) \(exitZH)，不属于\(yearsZH)已脱贫退出的贫困户，却获得贴息贷款 \(RuleText.zh(payment.amount))",
            en: "\(RuleText.payeeEN(payment.payee)) \(exitEN) and did not exit poverty in \(yearsEN), yet received an interest-subsidised loan of \(RuleText.en(payment.amount))"))
    }
}
