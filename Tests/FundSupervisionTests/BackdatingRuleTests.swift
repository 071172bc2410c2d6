// R-BACKDATED: facts recorded more than 90 days after their effective date; payments dated before
// the allocation that funds them.

import FundSupervision
import Testing

@Suite("R-BACKDATED 倒签")
struct BackdatingRuleTests {
    typealias J = RuleTestJournal

    @Test("a payment effective 2018-03-01 but recorded 2018-09-15 (198 days) is flagged")
    func flagsLateRecording() throws {
        var journal = RuleTestJournal()
        journal.allocate(J.central, J.qinyuan, yuan: 1_000_000, on: "2018-02-01")
        let payment = journal.pay(.roadCompany, yuan: 100_000, on: "2018-03-01", recorded: "2018-09-15")
        let flag = try #require(journal.flags("R-BACKDATED").first)
        #expect(journal.flags("R-BACKDATED").count == 1)
        #expect(flag.id == "R-BACKDATED#\(payment)/lag")
        #expect(flag.evidenceSequences == [payment])
        #expect(flag.amountAtStake == J.yuan(100_000))
        #expect(flag.explanation.zh == "序号 \(payment) 的 fund.disburse 生效日期为 2018-03-01，记账日期为 2018-09-15，滞后 198 天，超过 90 天")
        #expect(flag.explanation.en == "entry \(payment) (fund.disburse) is effective 2018-03-01 but was recorded on 2018-09-15, 198 days later, more than 90 days")
    }

    @Test("recording exactly 90 days late raises nothing")
    func ninetyDays() {
        var journal = RuleTestJournal()
        journal.allocate(J.central, J.qinyuan, yuan: 1_000_000, on: "2018-02-01")
        journal.pay(.roadCompany, yuan: 100_000, on: "2018-03-01", recorded: "2018-05-30")
        #expect(journal.flags("R-BACKDATED").isEmpty)
    }

    @Test("a payment dated 2018-03-01 from money that arrived 2018-03-20 is flagged as unfunded on its date")
    func flagsUnfunded() throws {
        var journal = RuleTestJournal()
        let allocation = journal.allocate(J.central, J.qinyuan, yuan: 1_000_000, on: "2018-03-20")
        let payment = journal.pay(.roadCompany, yuan: 100_000, on: "2018-03-01")
        let flag = try #require(journal.flags("R-BACKDATED").first)
        #expect(flag.id == "R-BACKDATED#\(payment)/unfunded")
        #expect(flag.evidenceSequences == [allocation, payment])
        #expect(flag.explanation.zh == "沁源县(140431) 于 2018-03-01 使用资金 F5 100,000.00 元，截至当日仅收到 0.00 元、已使用 100,000.00 元，资金于 2018-03-20 才下达（序号 \(allocation)）")
        #expect(flag.explanation.en == "沁源县(140431) used 100,000.00 yuan of fund F5 on 2018-03-01, when it had received only 0.00 yuan and used 100,000.00 yuan; the money arrived on 2018-03-20 (entry \(allocation))")
        #expect(journal.flags("R-OVERDRAW").isEmpty)
    }

    @Test("a payment on the day the money arrives is funded; reversing a flagged payment marks it reversed")
    func sameDayAndReversal() throws {
        var journal = RuleTestJournal()
        journal.allocate(J.central, J.qinyuan, yuan: 1_000_000, on: "2018-03-20")
        journal.pay(.roadCompany, yuan: 100_000, on: "2018-03-20")
        #expect(journal.flags("R-BACKDATED").isEmpty)
        let early = journal.pay(.roadCompany, yuan: 100_000, on: "2018-03-19")
        let reversal = journal.reverse(early, on: "2018-03-21")
        let record = try #require(journal.records().first { $0.flag.ruleID == "R-BACKDATED" })
        #expect(record.status == .reversed(sequence: reversal))
    }
}
