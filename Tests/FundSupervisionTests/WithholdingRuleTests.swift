// R-WITHHOLDING: an intermediate level that forwards less than was designated for a county by the
// deadline is flagged for the difference; forwarding the full amount on the deadline is not.

import FundSupervision
import Testing

@Suite("R-WITHHOLDING 截留")
struct WithholdingRuleTests {
    typealias J = RuleTestJournal

    /// Central issues F5 to the province, which passes 1,000,000 to 长治市 designated for 沁源县.
    static func designated(forwarding amount: Int64, on day: String) -> (RuleTestJournal, Int, Int) {
        var journal = RuleTestJournal()
        journal.allocate(J.central, J.shanxi, yuan: 3_000_000, on: "2018-02-01")
        let designation = journal.allocate(J.shanxi, J.changzhi, yuan: 1_000_000, on: "2018-02-20",
                                           designated: J.qinyuan, forwardBy: "2018-04-30")
        let forward = journal.allocate(J.changzhi, J.qinyuan, yuan: amount, on: day)
        return (journal, designation, forward)
    }

    @Test("forwarding 800,000 of 1,000,000 designated is flagged once the deadline has passed")
    func flagsShortForward() throws {
        var (journal, designation, forward) = Self.designated(forwarding: 800_000, on: "2018-03-01")
        #expect(journal.flags("R-WITHHOLDING").isEmpty)
        // The next fact dated after the deadline moves the business clock past it.
        let trigger = journal.integrate(J.qinyuan, fund: "F5", yuan: 800_000, on: "2018-05-02")
        let flag = try #require(journal.flags("R-WITHHOLDING").first)
        #expect(journal.flags("R-WITHHOLDING").count == 1)
        #expect(flag.id == "R-WITHHOLDING#\(designation)")
        #expect(flag.evidenceSequences == [designation, forward])
        #expect(flag.raisedAtSequence == trigger)
        #expect(flag.effectiveDate == J.date("2018-05-01"))
        #expect(flag.amountAtStake == J.yuan(200_000))
        #expect(flag.county == J.qinyuan)
        #expect(flag.fundID == "F5")
        #expect(flag.severity == .critical)
        #expect(flag.explanation.zh == "长治市(140400) 应于 2018-04-30 前向 沁源县(140431) 转拨资金 F5 共 1,000,000.00 元，期满仅转拨 800,000.00 元，截留 200,000.00 元")
        #expect(flag.explanation.en == "长治市(140400) had to forward 1,000,000.00 yuan of fund F5 to 沁源县(140431) by 2018-04-30 but forwarded only 800,000.00 yuan; 200,000.00 yuan withheld")
    }

    @Test("forwarding the full designated amount on the deadline day raises nothing")
    func fullForwardOnDeadline() {
        let (journal, _, _) = Self.designated(forwarding: 1_000_000, on: "2018-04-30")
        #expect(journal.records(asOf: "2018-12-31").filter { $0.flag.ruleID == "R-WITHHOLDING" }.isEmpty)
    }

    @Test("a shortfall is not judged before the deadline, only as of a report date after it")
    func judgedAsOfReportDate() {
        let (journal, designation, _) = Self.designated(forwarding: 800_000, on: "2018-03-01")
        #expect(journal.records(asOf: "2018-04-30").filter { $0.flag.ruleID == "R-WITHHOLDING" }.isEmpty)
        let late = journal.records(asOf: "2018-05-01").filter { $0.flag.ruleID == "R-WITHHOLDING" }
        #expect(late.map(\.flag.id) == ["R-WITHHOLDING#\(designation)"])
        #expect(late.first?.status == .open)
    }

    @Test("reversing the forward before the deadline turns a full forward into a withholding of everything")
    func reversalOfForward() throws {
        var (journal, designation, forward) = Self.designated(forwarding: 1_000_000, on: "2018-03-01")
        journal.reverse(forward, on: "2018-03-05")
        let records = journal.records(asOf: "2018-06-01").filter { $0.flag.ruleID == "R-WITHHOLDING" }
        let record = try #require(records.first)
        #expect(record.flag.id == "R-WITHHOLDING#\(designation)")
        #expect(record.flag.amountAtStake == J.yuan(1_000_000))
        #expect(record.flag.evidenceSequences == [designation])
    }

    @Test("a dismissed withholding flag stays in the report, marked dismissed with the reason")
    func dismissalKeepsFlagVisible() throws {
        var (journal, designation, _) = Self.designated(forwarding: 800_000, on: "2018-03-01")
        journal.integrate(J.qinyuan, fund: "F5", yuan: 800_000, on: "2018-05-02")
        let disposal = journal.dispose("R-WITHHOLDING#\(designation)", .dismissed, reason: "已另文下达", on: "2018-06-01")
        let record = try #require(journal.records().first { $0.flag.ruleID == "R-WITHHOLDING" })
        #expect(record.status == .dismissed(sequence: disposal, reason: "已另文下达"))
        let report = AnomalyReport(records: journal.records(), status: .open)
        #expect(!report.records.contains { $0.flag.ruleID == "R-WITHHOLDING" })
        let disposed = AnomalyReport(records: journal.records(), ruleID: "R-WITHHOLDING", status: .disposed)
        #expect(disposed.records.map(\.id) == ["R-WITHHOLDING#\(designation)"])
    }
}
