// R-DIVERSION: payments outside the fund's permitted purposes, or to another county's project.

import FundSupervision
import Testing

@Suite("R-DIVERSION 挪用")
struct DiversionRuleTests {
    typealias J = RuleTestJournal

    @Test("paying 以工代赈 money to a farm stay (乡村旅游) is flagged as diversion")
    func flagsPurpose() throws {
        var journal = RuleTestJournal()
        journal.allocate(J.central, J.qinyuan, yuan: 1_000_000, on: "2018-03-01")
        let payment = journal.pay(.farmStay, yuan: 150_000, on: "2018-05-01", category: "乡村旅游")
        let flag = try #require(journal.flags("R-DIVERSION").first)
        #expect(journal.flags("R-DIVERSION").count == 1)
        #expect(flag.id == "R-DIVERSION#\(payment)/purpose")
        #expect(flag.evidenceSequences == [payment])
        #expect(flag.amountAtStake == J.yuan(150_000))
        #expect(flag.payee == "农家乐丙")
        #expect(flag.explanation.zh == "资金 F5 只允许用于 以工代赈，沁源县(140431) 却以凭证 记-\(payment) 用于 乡村旅游 150,000.00 元")
        #expect(flag.explanation.en == "fund F5 may only be spent on 以工代赈, but 沁源县(140431) spent 150,000.00 yuan on 乡村旅游 (voucher 记-\(payment))")
    }

    @Test("a payment for a permitted purpose, or out of the integrated pool, raises nothing")
    func permittedOrPooled() {
        var journal = RuleTestJournal()
        journal.allocate(J.central, J.qinyuan, yuan: 1_000_000, on: "2018-03-01", purposes: ["以工代赈", "产业扶贫"])
        journal.integrate(J.qinyuan, fund: "F5", yuan: 200_000, on: "2018-03-10")
        journal.pay(.roadCompany, yuan: 150_000, on: "2018-05-01", category: "产业扶贫")
        journal.pay(.farmStay, yuan: 150_000, on: "2018-05-02", category: "乡村旅游", fromPool: true)
        #expect(journal.flags("R-DIVERSION").isEmpty)
    }

    @Test("paying a project registered in another county is flagged")
    func flagsOtherCounty() throws {
        var journal = RuleTestJournal()
        journal.allocate(J.central, J.qinyuan, yuan: 1_000_000, on: "2018-03-01")
        let registration = journal.register(project: "P9", in: J.wuxiang, budget: 100_000, tranches: [("approved", 100_000)], on: "2018-04-01")
        let payment = journal.pay(.roadCompany, yuan: 100_000, on: "2018-05-01", project: "P9")
        let flag = try #require(journal.flags("R-DIVERSION").first)
        #expect(flag.id == "R-DIVERSION#\(payment)/county")
        #expect(flag.evidenceSequences == [registration, payment])
        #expect(flag.explanation.zh == "沁源县(140431) 用资金 F5 向 武乡县(140429) 的项目 P9 拨付 100,000.00 元")
        #expect(flag.explanation.en == "沁源县(140431) paid 100,000.00 yuan of fund F5 to project P9 of 武乡县(140429)")
    }

    @Test("reversing the allocation that permitted a purpose makes a later payment for it a diversion")
    func reversedPurpose() {
        var journal = RuleTestJournal()
        journal.allocate(J.central, J.qinyuan, yuan: 500_000, on: "2018-03-01")
        let widening = journal.allocate(J.central, J.qinyuan, yuan: 500_000, on: "2018-03-02", purposes: ["乡村旅游"])
        journal.pay(.farmStay, yuan: 10_000, on: "2018-04-01", category: "乡村旅游")
        #expect(journal.flags("R-DIVERSION").isEmpty)
        journal.reverse(widening, on: "2018-04-02")
        journal.pay(.farmStay, yuan: 10_000, on: "2018-04-03", category: "乡村旅游")
        #expect(journal.flags("R-DIVERSION").count == 1)
    }
}
