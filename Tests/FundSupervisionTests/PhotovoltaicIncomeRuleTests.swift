// R-PV-INCOME: households unable to work must receive at least 3000 元 of PV income a year.

import FundSupervision
import Testing

@Suite("R-PV-INCOME 光伏收益不足")
struct PhotovoltaicIncomeRuleTests {
    typealias J = RuleTestJournal

    static func households() -> (RuleTestJournal, Int) {
        var journal = RuleTestJournal()
        journal.allocate(J.qinyuan, J.qinyuan, J.countyFund, yuan: 100_000, on: "2018-01-02", purposes: ["光伏扶贫"])
        let registration = journal.append(.registerBeneficiary(BeneficiaryRegistration(
            pseudonym: J.household("12"), county: J.qinyuan, village: "村A1", householdSize: 1, isAbleToWork: false,
            effectiveDate: J.date("2015-12-31"))))
        journal.append(.registerBeneficiary(BeneficiaryRegistration(
            pseudonym: J.household("13"), county: J.qinyuan, village: "村A1", householdSize: 3, isAbleToWork: true,
            effectiveDate: J.date("2015-12-31"))))
        return (journal, registration)
    }

    static func income(_ journal: inout RuleTestJournal, _ tag: String, yuan amount: Int64, on day: String) -> Int {
        journal.pay(.household(tag), yuan: amount, on: day, fund: "F7", category: "光伏扶贫", item: "光伏收益分配")
    }

    @Test("H12, unable to work, paid 2,400 of PV income in 2018 is flagged 600 short when the year ends")
    func flagsShortfall() throws {
        var (journal, registration) = Self.households()
        let payment = Self.income(&journal, "12", yuan: 2_400, on: "2018-12-20")
        let trigger = journal.allocate(J.qinyuan, J.qinyuan, J.countyFund, yuan: 1, on: "2019-01-02", purposes: ["光伏扶贫"])
        let flag = try #require(journal.flags("R-PV-INCOME").first)
        #expect(flag.id == "R-PV-INCOME#\(payment)/2018")
        #expect(flag.evidenceSequences == [registration, payment])
        #expect(flag.raisedAtSequence == trigger)
        #expect(flag.effectiveDate == J.date("2019-01-01"))
        #expect(flag.amountAtStake == J.yuan(600))
        #expect(flag.explanation.zh == "无劳动能力的户 12121212 2018 年光伏收益 2,400.00 元，低于每户每年 3,000.00 元，差 600.00 元")
        #expect(flag.explanation.en == "household 12121212, unable to work, received 2,400.00 yuan of photovoltaic income in 2018, below 3,000.00 yuan per household a year; 600.00 yuan short")
    }

    @Test("exactly 3,000, or any amount to a household able to work, raises nothing")
    func atMinimum() {
        var (journal, _) = Self.households()
        _ = Self.income(&journal, "12", yuan: 3_000, on: "2018-12-20")
        _ = Self.income(&journal, "13", yuan: 2_400, on: "2018-12-20")
        #expect(journal.records(asOf: "2019-06-30").filter { $0.flag.ruleID == "R-PV-INCOME" }.isEmpty)
    }

    @Test("a reversed payment leaves the year 1,500 short")
    func reversal() throws {
        var (journal, _) = Self.households()
        _ = Self.income(&journal, "12", yuan: 1_500, on: "2018-06-20")
        let second = Self.income(&journal, "12", yuan: 1_500, on: "2018-12-20")
        journal.reverse(second, on: "2018-12-21")
        let flag = try #require(journal.records(asOf: "2019-01-01").first { $0.flag.ruleID == "R-PV-INCOME" }?.flag)
        #expect(flag.amountAtStake == J.yuan(1_500))
    }
}
