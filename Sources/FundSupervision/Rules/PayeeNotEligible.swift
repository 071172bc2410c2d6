// R-INELIGIBLE-PAYEE (虚报冒领): a payment to a beneficiary pseudonym that was never registered by
// the payment date, is registered in another county, was removed from the register, or exited
// longer ago than the consolidation period.
//
// 003 「虚报冒领」; 004 三(一) 「（自然减员、调整出列的除外）」 (E1); 004 四(二)5
// 「凡实现脱贫的贫困户可继续享有3年巩固期」 (R27); seed-domain V04.

/// 虚报冒领 Ineligible payee: unregistered, registered elsewhere, removed, or past the consolidation period.
public struct PayeeNotEligible: AnomalyRule, Codable {
    /// The rule's identity, sources and parameters.
    public static let descriptor = RuleDescriptor(
        id: "R-INELIGIBLE-PAYEE",
        name: BilingualText(zh: "虚报冒领", en: "Ineligible payee"),
        sources: [
            RuleSource(
                document: "湘西州《关于打赢精准脱贫攻坚战的意见》州发〔2016〕1号",
                clause: "从严惩处扶贫领域虚报冒领", domainIDs: ["V04"]),
            RuleSource(
                document: "沁源县人民政府《关于推进产业扶贫确保稳定脱贫的实施意见》(2017-11-13) 三(一)",
                clause: "（自然减员、调整出列的除外）", domainIDs: ["E1", "V04"]),
            RuleSource(
                document: "沁源县人民政府《关于推进产业扶贫确保稳定脱贫的实施意见》(2017-11-13) 四(二)5",
                clause: "凡实现脱贫的贫困户可继续享有3年巩固期", domainIDs: ["R27"]),
        ],
        parameters: [
            RuleParameter(
                name: "consolidation_years", unit: .years, defaultValue: 3,
                origin: "004 「凡实现脱贫的贫困户可继续享有3年巩固期」 (R27); counted from the exit date [not in seeds: start of the period]",
                summary: BilingualText(zh: "脱贫后继续享受扶持的巩固期（年）", en: "years of support kept after a poverty exit")),
        ],
        severity: .critical,
        summary: BilingualText(
            zh: "向未建档立卡、在他县登记、已自然减员或调整出列、或巩固期已满的户拨付",
            en: "a payment to a household never registered, registered in another county, removed from the register, or past its consolidation period"))

    /// Creates the rule (it keeps no state: the register is in the shared facts).
    public init() {}

    /// Checks one payment to a beneficiary against the register as of its date.
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
        guard payment.payee.kind == .beneficiary else { return }
        let date = payment.effectiveDate
        // The texts are built only when a flag is raised (most payments raise none).
        var household: String { RuleText.payeeZH(payment.payee) }
        var householdEN: String { RuleText.payeeEN(payment.payee) }
        var amountZH: String { RuleText.zh(payment.amount) }
        var amountEN: String { RuleText.en(payment.amount) }
        var county: String { RuleText.unit(payment.county) }
        func flag(_ facet: String, evidence: [Int], zh: String, en: String) {
            raised.append(Self.descriptor.makeFlag(
                anchor: event.sequence, facet: facet, county: payment.county, projectID: payment.projectID,
                fundID: payment.fundID, payee: payment.payee.id, amountAtStake: payment.amount, evidence: evidence,
                effectiveDate: date, raisedAt: event.sequence, zh: zh, en: en))
        }
        guard let enrolment = context.facts.enrolment(of: event.payeeKey(of: payment), on: date,
                                                 preferring: payment.county) else {
            return flag(
                "unregistered", evidence: [],
                zh: "\(county) 于 \(date) 向 \(household) 拨付 \(amountZH)，该户截至当日未建档立卡",
                en: "\(county) paid \(amountEN) to \(householdEN) on \(date), which was not registered by that day")
        }
        if enrolment.county != payment.county {
            return flag(
                "other-county", evidence: [enrolment.sequence],
                zh: "\(county) 于 \(date) 向 \(household) 拨付 \(amountZH)，该户登记在 \(RuleText.unit(enrolment.county))",
                en: "\(county) paid \(amountEN) to \(householdEN) on \(date), which is registered in \(RuleText.unit(enrolment.county))")
        }
        guard let exit = enrolment.exit, exit.date <= date else { return }
        switch exit.reason {
        case .naturalAttrition, .adjustedOut:
            let reasonZH = exit.reason == .naturalAttrition ? "自然减员" : "调整出列"
            let reasonEN = exit.reason == .naturalAttrition ? "natural attrition" : "register adjustment"
            return flag(
                "removed", evidence: [enrolment.sequence, exit.sequence],
                zh: "\(county) 于 \(date) 向 \(household) 拨付 \(amountZH)，该户已于 \(exit.date) 因\(reasonZH)退出",
                en: "\(county) paid \(amountEN) to \(householdEN) on \(date), which left the register on \(exit.date) by \(reasonEN)")
        case .exited:
            guard let years = context.value("consolidation_years", of: Self.descriptor, on: date, for: payment.county)
            else { return }
            let end = Self.adding(years: Int(years), to: exit.date)
            guard date > end else { return }
            return flag(
                "consolidation", evidence: [enrolment.sequence, exit.sequence],
                zh: "\(county) 于 \(date) 向 \(household) 拨付 \(amountZH)，该户 \(exit.date) 脱贫，\(years) 年巩固期已于 \(end) 届满",
                en: "\(county) paid \(amountEN) to \(householdEN) on \(date); it exited poverty on \(exit.date) and its \(years)-year consolidation period ended on \(end)")
        }
    }

    /// The same month and day `years` later; 29 February becomes 28 February in a common year.
    static func adding(years: Int, to date: CivilDate) -> CivilDate {
        let (year, month, day) = date.components
        return CivilDate(year: year + years, month: month, day: day)
            ?? CivilDate(year: year + years, month: month, day: day - 1)
            ?? date
    }
}
