// R-SPLIT-PAYMENT: payments to one payee within 30 days, each below 50,000 元, together above it.

import FundSupervision
import Testing

@Suite("R-SPLIT-PAYMENT 拆分支付")
struct SplitPaymentRuleTests {
    typealias J = RuleTestJournal

    static func funded() -> RuleTestJournal {
        var journal = RuleTestJournal()
        journal.allocate(J.central, J.qinyuan, yuan: 1_000_000, on: "2018-03-01")
        return journal
    }

    @Test("20,000 + 20,000 + 15,000 to 合作社甲 within 20 days is flagged at the third payment")
    func flagsSplit() throws {
        var journal = Self.funded()
        let first = journal.pay(.cooperative, yuan: 20_000, on: "2018-04-01")
        let second = journal.pay(.cooperative, yuan: 20_000, on: "2018-04-10")
        let third = journal.pay(.cooperative, yuan: 15_000, on: "2018-04-20")
        let flag = try #require(journal.flags("R-SPLIT-PAYMENT").first)
        #expect(journal.flags("R-SPLIT-PAYMENT").count == 1)
        #expect(flag.id == "R-SPLIT-PAYMENT#\(third)")
        #expect(flag.evidenceSequences == [first, second, third])
        #expect(flag.amountAtStake == J.yuan(55_000))
        #expect(flag.explanation.zh == "沁源县(140431) 30 天内向 合作社甲 支付 3 笔，每笔均低于审批限额 50,000.00 元，合计 55,000.00 元")
        #expect(flag.explanation.en == "沁源县(140431) paid 合作社甲 3 times within 30 days, each below the approval threshold of 50,000.00 yuan, together 55,000.00 yuan")
    }

    @Test("a total of exactly 50,000, or payments 30 days apart, raise nothing")
    func boundaries() {
        var journal = Self.funded()
        journal.pay(.cooperative, yuan: 20_000, on: "2018-04-01")
        journal.pay(.cooperative, yuan: 20_000, on: "2018-04-10")
        journal.pay(.cooperative, yuan: 10_000, on: "2018-04-20")
        journal.pay(.roadCompany, yuan: 40_000, on: "2018-04-01")
        journal.pay(.roadCompany, yuan: 40_000, on: "2018-05-01")
        #expect(journal.flags("R-SPLIT-PAYMENT").isEmpty)
    }

    @Test("a reversed payment drops out of the window")
    func reversal() {
        var journal = Self.funded()
        journal.pay(.cooperative, yuan: 20_000, on: "2018-04-01")
        let second = journal.pay(.cooperative, yuan: 20_000, on: "2018-04-10")
        journal.reverse(second, on: "2018-04-11")
        journal.pay(.cooperative, yuan: 15_000, on: "2018-04-20")
        #expect(journal.flags("R-SPLIT-PAYMENT").isEmpty)
    }
}
