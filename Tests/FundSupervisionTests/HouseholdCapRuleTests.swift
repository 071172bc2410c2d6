// R-HOUSEHOLD-CAP: livestock subsidies per household per year ≤ 3000 元; poverty loans ≤ 2万元.

import FundSupervision
import Testing

@Suite("R-HOUSEHOLD-CAP 超限额")
struct HouseholdCapRuleTests {
    typealias J = RuleTestJournal

    static func countyFunded() -> RuleTestJournal {
        var journal = RuleTestJournal()
        journal.allocate(J.qinyuan, J.qinyuan, J.countyFund, yuan: 1_000_000, on: "2018-01-02", purposes: ["产业扶贫", "金融扶贫"])
        journal.registerHousehold(J.household("e5"), on: "2015-12-31")
        return journal
    }

    static func livestock(_ journal: inout RuleTestJournal, _ item: String, head: Int64, yuan amount: Int64, on day: String) -> Int {
        journal.pay(.household("e5"), yuan: amount, on: day, fund: "F7", category: "产业扶贫", item: item,
                    quantity: Quantity(value: head, unit: .head))
    }

    @Test("H03 paid 6,000 for 2 head of cattle in 2018 is flagged 3,000 above the cap")
    func flagsAboveCap() throws {
        var journal = Self.countyFunded()
        let payment = Self.livestock(&journal, "养牛奖补", head: 2, yuan: 6_000, on: "2018-05-01")
        let flag = try #require(journal.flags("R-HOUSEHOLD-CAP").first)
        #expect(flag.id == "R-HOUSEHOLD-CAP#\(payment)")
        #expect(flag.evidenceSequences == [payment])
        #expect(flag.amountAtStake == J.yuan(3_000))
        #expect(flag.explanation.zh == "户 e5e5e5e5 2018 年奖补累计 6,000.00 元，超过每户 3,000.00 元的上限 3,000.00 元")
        #expect(flag.explanation.en == "household e5e5e5e5 received 6,000.00 yuan of capped subsidies in 2018, 3,000.00 yuan above the cap of 3,000.00 yuan per household")
    }

    @Test("exactly 3,000 in a year is within the cap (不超过 is inclusive), and a new year starts again")
    func atCap() {
        var journal = Self.countyFunded()
        _ = Self.livestock(&journal, "养牛奖补", head: 1, yuan: 3_000, on: "2018-05-01")
        _ = Self.livestock(&journal, "养牛奖补", head: 1, yuan: 3_000, on: "2019-05-01")
        #expect(journal.flags("R-HOUSEHOLD-CAP").isEmpty)
    }

    @Test("claims split over items add up: 3,000 of cattle then 300 of sheep flags the sheep for 300")
    func splitAcrossItems() throws {
        var journal = Self.countyFunded()
        let cattle = Self.livestock(&journal, "养牛奖补", head: 1, yuan: 3_000, on: "2018-05-01")
        let sheep = Self.livestock(&journal, "养羊奖补", head: 1, yuan: 300, on: "2018-06-01")
        let flag = try #require(journal.flags("R-HOUSEHOLD-CAP").first)
        #expect(flag.id == "R-HOUSEHOLD-CAP#\(sheep)")
        #expect(flag.evidenceSequences == [cattle, sheep])
        #expect(flag.amountAtStake == J.yuan(300))
    }

    @Test("a loan of 30,000 is flagged 10,000 above the 20,000 ceiling")
    func loanCeiling() throws {
        var journal = Self.countyFunded()
        journal.pay(.household("e5"), yuan: 30_000, on: "2018-05-01", fund: "F7", category: "金融扶贫", item: "扶贫贷款")
        let flag = try #require(journal.flags("R-HOUSEHOLD-CAP").first)
        #expect(flag.amountAtStake == J.yuan(10_000))
        #expect(flag.explanation.zh == "户 e5e5e5e5 扶贫贷款累计 30,000.00 元，超过每户 20,000.00 元的上限 10,000.00 元")
    }

    @Test("a reversed payment no longer counts toward the cap")
    func reversal() {
        var journal = Self.countyFunded()
        let first = Self.livestock(&journal, "养牛奖补", head: 1, yuan: 3_000, on: "2018-05-01")
        journal.reverse(first, on: "2018-05-02")
        _ = Self.livestock(&journal, "养牛奖补", head: 1, yuan: 3_000, on: "2018-05-03")
        #expect(journal.flags("R-HOUSEHOLD-CAP").isEmpty)
    }
}
