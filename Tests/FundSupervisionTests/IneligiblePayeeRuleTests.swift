// R-INELIGIBLE-PAYEE: payments to pseudonyms never registered, registered elsewhere, removed, or
// past the 3-year consolidation period after exit.

import FundSupervision
import Testing

@Suite("R-INELIGIBLE-PAYEE 虚报冒领")
struct IneligiblePayeeRuleTests {
    typealias J = RuleTestJournal

    static func countyFunded() -> RuleTestJournal {
        var journal = RuleTestJournal()
        journal.allocate(J.qinyuan, J.qinyuan, J.countyFund, yuan: 1_000_000, on: "2014-01-02", purposes: ["产业扶贫"])
        return journal
    }

    static func subsidy(_ journal: inout RuleTestJournal, _ tag: String, on day: String) -> Int {
        journal.pay(.household(tag), yuan: 3_000, on: day, fund: "F7", category: "产业扶贫")
    }

    @Test("3,000 paid to H99, who was never registered, is flagged")
    func flagsUnregistered() throws {
        var journal = Self.countyFunded()
        let payment = Self.subsidy(&journal, "99", on: "2018-05-01")
        let flag = try #require(journal.flags("R-INELIGIBLE-PAYEE").first)
        #expect(flag.id == "R-INELIGIBLE-PAYEE#\(payment)/unregistered")
        #expect(flag.evidenceSequences == [payment])
        #expect(flag.payee == J.household("99"))
        #expect(flag.amountAtStake == J.yuan(3_000))
        #expect(flag.explanation.zh == "沁源县(140431) 于 2018-05-01 向 户 99999999 拨付 3,000.00 元，该户截至当日未建档立卡")
        #expect(flag.explanation.en == "沁源县(140431) paid 3,000.00 yuan to household 99999999 on 2018-05-01, which was not registered by that day")
    }

    @Test("H11, removed by natural attrition in 2017, and a household of 武乡县 are flagged")
    func flagsRemovedAndOtherCounty() throws {
        var journal = Self.countyFunded()
        let registration = journal.registerHousehold(J.household("11"), on: "2015-12-31")
        let exit = journal.exitHousehold(J.household("11"), .naturalAttrition, on: "2017-06-30")
        let removed = Self.subsidy(&journal, "11", on: "2018-05-01")
        journal.registerHousehold(J.household("12"), in: J.wuxiang, on: "2015-12-31")
        let elsewhere = Self.subsidy(&journal, "12", on: "2018-05-02")
        let flags = journal.flags("R-INELIGIBLE-PAYEE")
        #expect(flags.map(\.id) == ["R-INELIGIBLE-PAYEE#\(removed)/removed", "R-INELIGIBLE-PAYEE#\(elsewhere)/other-county"])
        #expect(flags.first?.evidenceSequences == [registration, exit, removed])
        #expect(flags.first?.explanation.zh == "沁源县(140431) 于 2018-05-01 向 户 11111111 拨付 3,000.00 元，该户已于 2017-06-30 因自然减员退出")
        #expect(flags.last?.explanation.en == "沁源县(140431) paid 3,000.00 yuan to household 12121212 on 2018-05-02, which is registered in 武乡县(140429)")
    }

    @Test("H01, exited 2014-12-31, may be paid on 2017-12-31 but not on 2018-01-01")
    func consolidationBoundary() throws {
        var journal = Self.countyFunded()
        journal.registerHousehold(J.household("01"), on: "2014-01-01")
        journal.exitHousehold(J.household("01"), .exited, on: "2014-12-31")
        _ = Self.subsidy(&journal, "01", on: "2017-12-31")
        #expect(journal.flags("R-INELIGIBLE-PAYEE").isEmpty)
        let late = Self.subsidy(&journal, "01", on: "2018-01-01")
        let flag = try #require(journal.flags("R-INELIGIBLE-PAYEE").first)
        #expect(flag.id == "R-INELIGIBLE-PAYEE#\(late)/consolidation")
        #expect(flag.explanation.zh == "沁源县(140431) 于 2018-01-01 向 户 01010101 拨付 3,000.00 元，该户 2014-12-31 脱贫，3 年巩固期已于 2017-12-31 届满")
        #expect(flag.explanation.en == "沁源县(140431) paid 3,000.00 yuan to household 01010101 on 2018-01-01; it exited poverty on 2014-12-31 and its 3-year consolidation period ended on 2017-12-31")
    }

    @Test("reversing a mistaken exit makes the household eligible again")
    func reversedExit() {
        var journal = Self.countyFunded()
        journal.registerHousehold(J.household("07"), on: "2015-12-31")
        let exit = journal.exitHousehold(J.household("07"), .adjustedOut, on: "2017-01-01")
        journal.reverse(exit, on: "2017-02-01")
        _ = Self.subsidy(&journal, "07", on: "2018-05-01")
        #expect(journal.flags("R-INELIGIBLE-PAYEE").isEmpty)
    }
}
