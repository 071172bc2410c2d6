// R-OFF-STANDARD: subsidies must equal quantity × the standard in force, with zero tolerance.

import FundSupervision
import Testing

@Suite("R-OFF-STANDARD 超标准")
struct OffStandardRuleTests {
    typealias J = RuleTestJournal

    static func countyFunded() -> RuleTestJournal {
        var journal = RuleTestJournal()
        journal.allocate(J.qinyuan, J.qinyuan, J.countyFund, yuan: 1_000_000, on: "2016-01-02", purposes: ["产业扶贫", "退耕还林", "森林管护"])
        journal.registerHousehold(J.household("d4"), on: "2015-12-31")
        return journal
    }

    @Test("H04's 5 亩 of 退耕 paid 4,000 in year 1 instead of 5 × 500 is flagged for 1,500")
    func flagsFirstInstalment() throws {
        var journal = Self.countyFunded()
        let payment = journal.pay(.household("d4"), yuan: 4_000, on: "2018-06-01", fund: "F7", category: "退耕还林",
                                  item: "退耕还林补助第1年", quantity: Quantity(value: 500, unit: .centimu))
        let flag = try #require(journal.flags("R-OFF-STANDARD").first)
        #expect(flag.id == "R-OFF-STANDARD#\(payment)")
        #expect(flag.evidenceSequences == [payment])
        #expect(flag.amountAtStake == J.yuan(1_500))
        #expect(flag.explanation.zh == "退耕还林补助第1年 按标准 500.00 元/亩 × 5 亩 应为 2,500.00 元，实际拨付 4,000.00 元，相差 1,500.00 元")
        #expect(flag.explanation.en == "退耕还林补助第1年 at the standard 500.00 yuan per mu × 5 mu should be 2,500.00 yuan; 4,000.00 yuan was paid, a difference of 1,500.00 yuan")
    }

    @Test("exact amounts, including fractional 亩, raise nothing")
    func exactAmounts() {
        var journal = Self.countyFunded()
        journal.pay(.household("d4"), yuan: 6_000, on: "2018-06-01", fund: "F7", category: "产业扶贫",
                    item: "养牛奖补", quantity: Quantity(value: 2, unit: .head))
        journal.pay(.household("d4"), yuan: 500, on: "2018-06-02", fund: "F7", category: "产业扶贫",
                    item: "中药材奖补", quantity: Quantity(value: 125, unit: .centimu))
        journal.pay(.household("d4"), yuan: 3, on: "2018-06-03", fund: "F7", category: "产业扶贫",
                    item: "养鸡奖补", quantity: Quantity(value: 1, unit: .head))
        #expect(journal.flags("R-OFF-STANDARD").isEmpty)
    }

    @Test("a standard item paid without a quantity in its unit is flagged")
    func missingQuantity() throws {
        var journal = Self.countyFunded()
        let payment = journal.pay(.household("d4"), yuan: 20_000, on: "2018-06-01", fund: "F7", category: "产业扶贫",
                                  item: "日光温室奖补", quantity: Quantity(value: 1, unit: .head))
        let flag = try #require(journal.flags("R-OFF-STANDARD").first)
        #expect(flag.id == "R-OFF-STANDARD#\(payment)/quantity")
        #expect(flag.explanation.zh == "日光温室奖补 标准为 20,000.00 元/亩，拨付 20,000.00 元但未按亩记录数量")
        #expect(flag.explanation.en == "日光温室奖补 has a standard of 20,000.00 yuan per mu, but the payment of 20,000.00 yuan records no quantity in mu")
    }

    @Test("the standard in force on the payment date applies: 3 元/亩 before the raise to 8 元, not after")
    func standardByDate() {
        var journal = Self.countyFunded()
        journal.policy("R-OFF-STANDARD", ["forest_protection_fen_per_mu": 300], from: "2016-01-01")
        journal.policy("R-OFF-STANDARD", ["forest_protection_fen_per_mu": 800], from: "2017-01-01")
        let area = Quantity(value: 100_000, unit: .centimu)
        journal.pay(.cooperative, yuan: 3_000, on: "2016-06-01", fund: "F7", category: "森林管护", item: "森林管护补助", quantity: area)
        #expect(journal.flags("R-OFF-STANDARD").isEmpty)
        journal.pay(.cooperative, yuan: 3_000, on: "2017-06-01", fund: "F7", category: "森林管护", item: "森林管护补助", quantity: area)
        #expect(journal.flags("R-OFF-STANDARD").map(\.amountAtStake) == [J.yuan(5_000)])
    }

    @Test("reversing the off-standard payment marks its flag reversed")
    func reversal() throws {
        var journal = Self.countyFunded()
        let payment = journal.pay(.household("d4"), yuan: 6_500, on: "2018-06-01", fund: "F7", category: "产业扶贫",
                                  item: "养牛奖补", quantity: Quantity(value: 2, unit: .head))
        let reversal = journal.reverse(payment, on: "2018-06-02")
        let record = try #require(journal.records().first { $0.flag.ruleID == "R-OFF-STANDARD" })
        #expect(record.status == .reversed(sequence: reversal))
    }
}
