// R-LABOUR-SHARE: 以工代赈 labour ≥ 10% at completion; 造林合作社 labour ≥ 45% and poor labour ≥ 60% of it.

import FundSupervision
import Testing

@Suite("R-LABOUR-SHARE 劳务比例不足")
struct LabourShareRuleTests {
    typealias J = RuleTestJournal

    static func road(labour: Int64) -> (RuleTestJournal, payment: Int, completion: Int) {
        var journal = RuleTestJournal()
        journal.allocate(J.central, J.qinyuan, yuan: 1_000_000, on: "2018-03-01")
        journal.register(project: "P3", name: "村A1道路", budget: 650_000,
                         tranches: [("approved", 650_000), ("completed", 650_000)], on: "2018-04-10")
        let payment = journal.pay(.roadCompany, yuan: 650_000, on: "2018-05-01", project: "P3", labour: labour)
        let completion = journal.milestone("P3", "completed", .accepted, on: "2018-10-01")
        return (journal, payment, completion)
    }

    @Test("a 以工代赈 road paying 52,000 of 650,000 as labour (8%) is flagged at completion")
    func flagsWorkRelief() throws {
        let (journal, payment, completion) = Self.road(labour: 52_000)
        let flag = try #require(journal.flags("R-LABOUR-SHARE").first)
        #expect(journal.flags("R-LABOUR-SHARE").count == 1)
        #expect(flag.id == "R-LABOUR-SHARE#\(completion)/labour")
        #expect(flag.evidenceSequences == [payment, completion])
        #expect(flag.amountAtStake == J.yuan(13_000))
        #expect(flag.explanation.zh == "以工代赈项目 P3（村A1道路）累计拨付 650,000.00 元，其中劳务报酬 52,000.00 元，占 8.00%，低于 10.00%")
        #expect(flag.explanation.en == "work-relief project P3 (村A1道路) was paid 650,000.00 yuan, of which labour 52,000.00 yuan is 8.00%, below 10.00%")
    }

    @Test("exactly 10% labour raises nothing (不低于 is inclusive)")
    func exactlyTenPercent() {
        let (journal, _, _) = Self.road(labour: 65_000)
        #expect(journal.flags("R-LABOUR-SHARE").isEmpty)
    }

    @Test("合作社甲 spending 40% on labour, half of it to poor households, is flagged on both shares")
    func flagsCooperative() throws {
        var journal = RuleTestJournal()
        journal.allocate(J.qinyuan, J.qinyuan, J.countyFund, yuan: 2_000_000, on: "2018-01-02", purposes: ["种苗造林"])
        let payment = journal.pay(.cooperative, yuan: 1_600_000, on: "2018-06-01", fund: "F7", category: "种苗造林",
                                  item: "造林补助", voucher: "记-2018-0601", quantity: Quantity(value: 200_000, unit: .centimu),
                                  labour: 640_000, poorLabour: 320_000)
        let flags = journal.flags("R-LABOUR-SHARE")
        #expect(flags.map(\.id) == ["R-LABOUR-SHARE#\(payment)/labour", "R-LABOUR-SHARE#\(payment)/poor-labour"])
        #expect(flags.map(\.amountAtStake) == [J.yuan(80_000), J.yuan(64_000)])
        #expect(flags.first?.explanation.zh == "造林凭证 记-2018-0601 补助 1,600,000.00 元，劳务支出 640,000.00 元，占 40.00%，低于 45.00%")
        #expect(flags.last?.explanation.zh == "造林凭证 记-2018-0601 劳务支出 640,000.00 元，支付贫困户 320,000.00 元，占 50.00%，低于 60.00%")
        #expect(flags.last?.explanation.en == "afforestation payment 记-2018-0601 spent 640,000.00 yuan on labour, of which 320,000.00 yuan went to poor households, 50.00%, below 60.00%")
        #expect(journal.flags("R-OFF-STANDARD").isEmpty)
    }

    @Test("45% labour with 60% of it to poor households raises nothing")
    func cooperativeAtThresholds() {
        var journal = RuleTestJournal()
        journal.allocate(J.qinyuan, J.qinyuan, J.countyFund, yuan: 2_000_000, on: "2018-01-02", purposes: ["种苗造林"])
        journal.pay(.cooperative, yuan: 1_600_000, on: "2018-06-01", fund: "F7", category: "种苗造林",
                    item: "造林补助", quantity: Quantity(value: 200_000, unit: .centimu), labour: 720_000, poorLabour: 432_000)
        #expect(journal.flags("R-LABOUR-SHARE").isEmpty)
    }

    @Test("reversing the completion marks the flag reversed; a confirmation supersedes that")
    func reversalAndConfirmation() throws {
        var (journal, _, completion) = Self.road(labour: 52_000)
        let reversal = journal.reverse(completion, on: "2018-10-02")
        #expect(journal.records().first { $0.flag.ruleID == "R-LABOUR-SHARE" }?.status == .reversed(sequence: reversal))
        let confirmation = journal.dispose("R-LABOUR-SHARE#\(completion)/labour", .confirmed, on: "2018-11-01")
        #expect(journal.records().first { $0.flag.ruleID == "R-LABOUR-SHARE" }?.status == .confirmed(sequence: confirmation))
    }
}
