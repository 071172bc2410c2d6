// R-OVERDRAW: uses of a fund beyond what the unit received, or pool payments beyond what was pooled.

import FundSupervision
import Testing

@Suite("R-OVERDRAW 超拨")
struct OverdrawRuleTests {
    typealias J = RuleTestJournal

    @Test("paying 1,100,000 out of 1,000,000 received flags the payment that crosses, for the excess")
    func flagsExcess() throws {
        var journal = RuleTestJournal()
        journal.allocate(J.central, J.qinyuan, yuan: 1_000_000, on: "2018-03-01")
        journal.pay(.roadCompany, yuan: 600_000, on: "2018-04-01")
        let crossing = journal.pay(.roadCompany, yuan: 500_000, on: "2018-05-01")
        let flag = try #require(journal.flags("R-OVERDRAW").first)
        #expect(journal.flags("R-OVERDRAW").count == 1)
        #expect(flag.id == "R-OVERDRAW#\(crossing)")
        #expect(flag.evidenceSequences == [crossing])
        #expect(flag.amountAtStake == J.yuan(100_000))
        #expect(flag.explanation.zh == "沁源县(140431) 资金 F5 累计支出 1,100,000.00 元，仅收到 1,000,000.00 元，超拨 100,000.00 元")
        #expect(flag.explanation.en == "沁源县(140431) has used 1,100,000.00 yuan of fund F5 but received only 1,000,000.00 yuan; 100,000.00 yuan overdrawn")
    }

    @Test("paying exactly what was received raises nothing")
    func exactBalance() {
        var journal = RuleTestJournal()
        journal.allocate(J.central, J.qinyuan, yuan: 1_000_000, on: "2018-03-01")
        journal.pay(.roadCompany, yuan: 600_000, on: "2018-04-01")
        journal.pay(.roadCompany, yuan: 400_000, on: "2018-05-01")
        #expect(journal.flags("R-OVERDRAW").isEmpty)
    }

    @Test("an integrated pool paying 350,000 out of 300,000 pooled is flagged for 50,000")
    func poolOverspent() throws {
        var journal = RuleTestJournal()
        journal.allocate(J.central, J.qinyuan, yuan: 1_000_000, on: "2018-03-01")
        journal.integrate(J.qinyuan, fund: "F5", yuan: 300_000, on: "2018-03-10")
        journal.pay(.roadCompany, yuan: 200_000, on: "2018-04-01", fromPool: true)
        let crossing = journal.pay(.roadCompany, yuan: 150_000, on: "2018-05-01", fromPool: true)
        let flag = try #require(journal.flags("R-OVERDRAW").first)
        #expect(flag.id == "R-OVERDRAW#\(crossing)/pool")
        #expect(flag.amountAtStake == J.yuan(50_000))
        #expect(flag.explanation.zh == "沁源县(140431) 统筹整合资金池累计支出 350,000.00 元，仅整合 300,000.00 元，超支 50,000.00 元")
        #expect(flag.explanation.en == "沁源县(140431) has paid 350,000.00 yuan out of its integrated pool but pooled only 300,000.00 yuan; 50,000.00 yuan overspent")
    }

    @Test("a reversed payment no longer counts, so the next payments stay within the balance")
    func reversalRestoresBalance() {
        var journal = RuleTestJournal()
        journal.allocate(J.central, J.qinyuan, yuan: 1_000_000, on: "2018-03-01")
        let mistaken = journal.pay(.roadCompany, yuan: 600_000, on: "2018-04-01")
        journal.reverse(mistaken, on: "2018-04-02")
        journal.pay(.roadCompany, yuan: 500_000, on: "2018-04-03")
        journal.pay(.roadCompany, yuan: 500_000, on: "2018-05-01")
        #expect(journal.flags("R-OVERDRAW").isEmpty)
    }

    @Test("reversing the overdrawing payment marks its flag reversed")
    func reversalOfFlaggedPayment() throws {
        var journal = RuleTestJournal()
        journal.allocate(J.central, J.qinyuan, yuan: 1_000_000, on: "2018-03-01")
        journal.pay(.roadCompany, yuan: 600_000, on: "2018-04-01")
        let crossing = journal.pay(.roadCompany, yuan: 500_000, on: "2018-05-01")
        let reversal = journal.reverse(crossing, on: "2018-05-02")
        let record = try #require(journal.records().first { $0.flag.ruleID == "R-OVERDRAW" })
        #expect(record.status == .reversed(sequence: reversal))
    }
}
