// R-LOAN-ELIGIBILITY: interest-subsidised loans only for households that exited in 2014 or 2015.

import FundSupervision
import Testing

@Suite("R-LOAN-ELIGIBILITY 骗取贴息贷款")
struct LoanEligibilityRuleTests {
    typealias J = RuleTestJournal

    static func household(exitingOn day: String?) -> RuleTestJournal {
        var journal = RuleTestJournal()
        journal.allocate(J.qinyuan, J.qinyuan, J.countyFund, yuan: 1_000_000, on: "2014-01-02", purposes: ["金融扶贫"])
        journal.registerHousehold(J.household("06"), on: "2014-01-01")
        if let day { journal.exitHousehold(J.household("06"), .exited, on: day) }
        return journal
    }

    @Test("H06, who exited in 2016, receiving a 20,000 loan is flagged")
    func flagsLateExit() throws {
        var journal = Self.household(exitingOn: "2016-12-31")
        let loan = journal.pay(.household("06"), yuan: 20_000, on: "2018-05-01", fund: "F7", category: "金融扶贫", item: "扶贫贷款")
        let flag = try #require(journal.flags("R-LOAN-ELIGIBILITY").first)
        #expect(flag.id == "R-LOAN-ELIGIBILITY#\(loan)")
        #expect(flag.evidenceSequences == [2, 3, loan])
        #expect(flag.amountAtStake == J.yuan(20_000))
        #expect(flag.explanation.zh == "户 06060606 于 2016-12-31 退出，不属于2014年、2015年已脱贫退出的贫困户，却获得贴息贷款 20,000.00 元")
        #expect(flag.explanation.en == "household 06060606 left the register on 2016-12-31 and did not exit poverty in 2014, 2015, yet received an interest-subsidised loan of 20,000.00 yuan")
        #expect(journal.flags("R-HOUSEHOLD-CAP").isEmpty)
    }

    @Test("a household that exited on the last day of 2015 may borrow")
    func exitOnLastEligibleDay() {
        var journal = Self.household(exitingOn: "2015-12-31")
        journal.pay(.household("06"), yuan: 20_000, on: "2018-05-01", fund: "F7", category: "金融扶贫", item: "扶贫贷款")
        #expect(journal.flags("R-LOAN-ELIGIBILITY").isEmpty)
    }

    @Test("reversing the qualifying exit makes a later loan ineligible")
    func reversedExit() {
        var journal = RuleTestJournal()
        journal.allocate(J.qinyuan, J.qinyuan, J.countyFund, yuan: 1_000_000, on: "2014-01-02", purposes: ["金融扶贫"])
        journal.registerHousehold(J.household("06"), on: "2014-01-01")
        let exit = journal.exitHousehold(J.household("06"), .exited, on: "2015-06-30")
        journal.pay(.household("06"), yuan: 10_000, on: "2016-05-01", fund: "F7", category: "金融扶贫", item: "扶贫贷款")
        journal.reverse(exit, on: "2016-06-01")
        journal.pay(.household("06"), yuan: 10_000, on: "2016-07-01", fund: "F7", category: "金融扶贫", item: "扶贫贷款")
        #expect(journal.flags("R-LOAN-ELIGIBILITY").count == 1)
    }
}
