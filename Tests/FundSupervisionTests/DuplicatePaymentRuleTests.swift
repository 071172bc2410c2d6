// R-DUPLICATE: the same payee paid for the same item over overlapping periods; a voucher reused.

import FundSupervision
import Testing

@Suite("R-DUPLICATE 重复发放")
struct DuplicatePaymentRuleTests {
    typealias J = RuleTestJournal
    static let cattle = Quantity(value: 1, unit: .head)

    static func subsidised() -> RuleTestJournal {
        var journal = RuleTestJournal()
        journal.allocate(J.central, J.qinyuan, J.countyFund, yuan: 100_000, on: "2018-01-02", purposes: ["产业扶贫"])
        journal.registerHousehold(J.household("c3"), on: "2016-01-01")
        return journal
    }

    @Test("a second 养牛奖补 for an overlapping period is flagged with both payments")
    func flagsOverlappingPeriod() throws {
        var journal = Self.subsidised()
        let first = journal.pay(.household("c3"), yuan: 3_000, on: "2018-03-01", fund: "F7", category: "产业扶贫",
                                item: "养牛奖补", quantity: Self.cattle, period: ("2018-01-01", "2018-12-31"))
        let second = journal.pay(.household("c3"), yuan: 3_000, on: "2018-07-01", fund: "F7", category: "产业扶贫",
                                 item: "养牛奖补", quantity: Self.cattle, period: ("2018-06-01", "2018-06-30"))
        let flag = try #require(journal.flags("R-DUPLICATE").first)
        #expect(journal.flags("R-DUPLICATE").count == 1)
        #expect(flag.id == "R-DUPLICATE#\(second)/period")
        #expect(flag.evidenceSequences == [first, second])
        #expect(flag.amountAtStake == J.yuan(3_000))
        #expect(flag.explanation.zh == "户 c3c3c3c3 的 养牛奖补 2018-01-01 至 2018-12-31 已由序号 \(first) 发放，序号 \(second) 就 2018-06-01 至 2018-06-30 重复发放 3,000.00 元")
        #expect(flag.explanation.en == "household c3c3c3c3 was paid 养牛奖补 for 2018-01-01 to 2018-12-31 by entry \(first); entry \(second) pays 3,000.00 yuan again for 2018-06-01 to 2018-06-30")
    }

    @Test("a reused voucher number is flagged")
    func flagsVoucher() throws {
        var journal = RuleTestJournal()
        journal.allocate(J.central, J.qinyuan, yuan: 1_000_000, on: "2018-03-01")
        let first = journal.pay(.roadCompany, yuan: 50_000, on: "2018-04-01", voucher: "记-2018-0412")
        let second = journal.pay(.cooperative, yuan: 50_000, on: "2018-04-02", voucher: "记-2018-0412")
        let flag = try #require(journal.flags("R-DUPLICATE").first)
        #expect(flag.id == "R-DUPLICATE#\(second)/voucher")
        #expect(flag.evidenceSequences == [first, second])
        #expect(flag.explanation.zh == "沁源县(140431) 凭证号 记-2018-0412 已用于序号 \(first) 的拨付，序号 \(second) 再次使用（50,000.00 元）")
        #expect(flag.explanation.en == "沁源县(140431) voucher 记-2018-0412 was already used by entry \(first); entry \(second) uses it again (50,000.00 yuan)")
    }

    @Test("adjacent periods that share no day raise nothing")
    func adjacentPeriods() {
        var journal = Self.subsidised()
        journal.pay(.household("c3"), yuan: 3_000, on: "2018-03-01", fund: "F7", category: "产业扶贫",
                    item: "养牛奖补", quantity: Self.cattle, period: ("2018-01-01", "2018-06-30"))
        journal.pay(.household("c3"), yuan: 3_000, on: "2018-07-01", fund: "F7", category: "产业扶贫",
                    item: "养牛奖补", quantity: Self.cattle, period: ("2018-07-01", "2018-12-31"))
        #expect(journal.flags("R-DUPLICATE").isEmpty)
    }

    @Test("paying again after the first payment was reversed is not a duplicate")
    func reversedFirstPayment() {
        var journal = Self.subsidised()
        let first = journal.pay(.household("c3"), yuan: 3_000, on: "2018-03-01", fund: "F7", category: "产业扶贫",
                                item: "养牛奖补", quantity: Self.cattle, period: ("2018-01-01", "2018-12-31"))
        journal.reverse(first, on: "2018-03-02")
        journal.pay(.household("c3"), yuan: 3_000, on: "2018-03-03", fund: "F7", category: "产业扶贫",
                    item: "养牛奖补", quantity: Self.cattle, period: ("2018-01-01", "2018-12-31"))
        #expect(journal.flags("R-DUPLICATE").isEmpty)
    }

    @Test("voucher numbers restart with each fiscal year's books by default; scope \"journal\" makes them unique forever")
    func voucherScope() {
        var journal = RuleTestJournal()
        journal.allocate(J.central, J.qinyuan, yuan: 1_000_000, on: "2018-03-01")
        journal.pay(.roadCompany, yuan: 50_000, on: "2018-04-01", voucher: "记-0001")
        journal.pay(.roadCompany, yuan: 50_000, on: "2019-01-05", voucher: "记-0001")
        #expect(journal.flags("R-DUPLICATE").isEmpty)
        journal.policy("R-DUPLICATE", ["voucher_scope": ["journal"]], from: "2019-01-01")
        journal.pay(.roadCompany, yuan: 50_000, on: "2019-02-05", voucher: "记-0001")
        #expect(journal.flags("R-DUPLICATE").count == 1)
    }
}
