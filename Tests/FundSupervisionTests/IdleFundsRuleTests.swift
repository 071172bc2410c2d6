// R-IDLE: money received and still unused when its period ends, judged as of the report date.

import FundSupervision
import Testing

@Suite("R-IDLE 滞留")
struct IdleFundsRuleTests {
    typealias J = RuleTestJournal

    /// 100,000 of F5 arrives at 沁源县 on 2018-03-01; 20,000 is paid on 2018-04-01.
    static func partlyUsed() -> (RuleTestJournal, Int, Int) {
        var journal = RuleTestJournal()
        let allocation = journal.allocate(J.central, J.qinyuan, yuan: 100_000, on: "2018-03-01")
        let payment = journal.pay(.roadCompany, yuan: 20_000, on: "2018-04-01")
        return (journal, allocation, payment)
    }

    @Test("80,000 still unused 90 days after receipt is flagged as of the report date")
    func flagsIdleRemainder() throws {
        let (journal, allocation, payment) = Self.partlyUsed()
        let records = journal.records(asOf: "2018-05-31").filter { $0.flag.ruleID == "R-IDLE" }
        let flag = try #require(records.first?.flag)
        #expect(records.count == 1)
        #expect(flag.id == "R-IDLE#\(allocation)")
        #expect(flag.evidenceSequences == [allocation])
        #expect(flag.raisedAtSequence == payment)
        #expect(flag.effectiveDate == J.date("2018-05-31"))
        #expect(flag.amountAtStake == J.yuan(80_000))
        #expect(flag.explanation.zh == "沁源县(140431) 于 2018-03-01 收到资金 F5 100,000.00 元，至 2018-05-30 期满仍有 80,000.00 元未转拨、整合或拨付")
        #expect(flag.explanation.en == "沁源县(140431) received 100,000.00 yuan of fund F5 on 2018-03-01; 80,000.00 yuan was still not forwarded, integrated or disbursed when the period ended on 2018-05-30")
    }

    @Test("on the last day of the period nothing is idle yet, and using the rest that day clears it")
    func boundaryDay() {
        var (journal, _, _) = Self.partlyUsed()
        #expect(journal.records(asOf: "2018-05-30").filter { $0.flag.ruleID == "R-IDLE" }.isEmpty)
        journal.integrate(J.qinyuan, fund: "F5", yuan: 80_000, on: "2018-05-30")
        #expect(journal.records(asOf: "2019-01-01").filter { $0.flag.ruleID == "R-IDLE" }.isEmpty)
    }

    @Test("a policy.set of 120 idle days moves the deadline, and a reversed payment adds back to the idle amount")
    func policyAndReversal() throws {
        var journal = RuleTestJournal()
        journal.policy("R-IDLE", ["idle_days": 120], unit: J.qinyuan, from: "2018-01-01")
        journal.allocate(J.central, J.qinyuan, yuan: 100_000, on: "2018-03-01")
        let payment = journal.pay(.roadCompany, yuan: 20_000, on: "2018-04-01")
        #expect(journal.records(asOf: "2018-06-29").filter { $0.flag.ruleID == "R-IDLE" }.isEmpty)
        journal.reverse(payment, on: "2018-04-02")
        let flag = try #require(journal.records(asOf: "2018-06-30").first { $0.flag.ruleID == "R-IDLE" }?.flag)
        #expect(flag.amountAtStake == J.yuan(100_000))
        #expect(flag.effectiveDate == J.date("2018-06-30"))
    }

    @Test("reversing, after the deadline, the payment that used the money shows the money was idle all along")
    func reversalAfterDeadline() throws {
        var journal = RuleTestJournal()
        let allocation = journal.allocate(J.central, J.qinyuan, yuan: 100_000, on: "2018-03-01")
        let payment = journal.pay(.roadCompany, yuan: 100_000, on: "2018-04-01")
        journal.allocate(J.central, J.wuxiang, yuan: 1, on: "2018-06-15")
        #expect(journal.flags("R-IDLE").isEmpty)
        let reversal = journal.reverse(payment, on: "2018-06-20")
        let trigger = journal.integrate(J.wuxiang, fund: "F5", yuan: 1, on: "2018-06-21")
        let flag = try #require(journal.flags("R-IDLE").first)
        #expect(flag.id == "R-IDLE#\(allocation)")
        #expect(flag.amountAtStake == J.yuan(100_000))
        #expect(flag.raisedAtSequence == trigger)
        #expect(reversal < trigger)
    }
}
