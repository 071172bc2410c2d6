// R-AHEAD-OF-PROGRESS: cumulative project payments above the tranche plan's allowance.

import FundSupervision
import Testing

@Suite("R-AHEAD-OF-PROGRESS 超进度拨付")
struct PaidAheadOfProgressRuleTests {
    typealias J = RuleTestJournal

    /// 1,000,000 of F5 at 沁源县 and the road project P3: approved 195,000, progress_70 455,000, completed 650,000.
    static func roadProject() -> (RuleTestJournal, Int) {
        var journal = RuleTestJournal()
        journal.allocate(J.central, J.qinyuan, yuan: 1_000_000, on: "2018-03-01")
        let registration = journal.register(
            project: "P3", name: "村A1道路", budget: 650_000,
            tranches: [("approved", 195_000), ("progress_70", 455_000), ("completed", 650_000)], on: "2018-04-10")
        return (journal, registration)
    }

    @Test("paying 650,000 before any acceptance is flagged: only the 195,000 approval tranche is allowed")
    func flagsFullPaymentBeforeAcceptance() throws {
        var (journal, registration) = Self.roadProject()
        let payment = journal.pay(.roadCompany, yuan: 650_000, on: "2018-04-20", project: "P3")
        let flag = try #require(journal.flags("R-AHEAD-OF-PROGRESS").first)
        #expect(flag.id == "R-AHEAD-OF-PROGRESS#\(payment)")
        #expect(flag.evidenceSequences == [registration, payment])
        #expect(flag.amountAtStake == J.yuan(455_000))
        #expect(flag.projectID == "P3")
        #expect(flag.explanation.zh == "项目 P3（村A1道路）已拨付 650,000.00 元，验收进度仅允许 195,000.00 元")
        #expect(flag.explanation.en == "project P3 (村A1道路) has been paid 650,000.00 yuan; accepted progress allows only 195,000.00 yuan")
    }

    @Test("payments reaching exactly what accepted milestones allow raise nothing")
    func exactlyAtAllowance() {
        var (journal, _) = Self.roadProject()
        journal.pay(.roadCompany, yuan: 195_000, on: "2018-04-20", project: "P3")
        journal.milestone("P3", "progress_70", .accepted, on: "2018-08-01")
        journal.pay(.roadCompany, yuan: 260_000, on: "2018-08-05", project: "P3")
        #expect(journal.flags("R-AHEAD-OF-PROGRESS").isEmpty)
    }

    @Test("a reversed acceptance locks its tranche again, so the next payment is ahead of progress")
    func reversedAcceptance() throws {
        var (journal, _) = Self.roadProject()
        journal.pay(.roadCompany, yuan: 195_000, on: "2018-04-20", project: "P3")
        let acceptance = journal.milestone("P3", "progress_70", .accepted, on: "2018-08-01")
        journal.reverse(acceptance, on: "2018-08-02")
        let payment = journal.pay(.roadCompany, yuan: 260_000, on: "2018-08-05", project: "P3")
        let flag = try #require(journal.flags("R-AHEAD-OF-PROGRESS").first)
        #expect(flag.id == "R-AHEAD-OF-PROGRESS#\(payment)")
        #expect(flag.amountAtStake == J.yuan(260_000))
    }

    @Test("an inspector's rectification names the correcting entry and closes the flag")
    func rectification() throws {
        var (journal, _) = Self.roadProject()
        let payment = journal.pay(.roadCompany, yuan: 650_000, on: "2018-04-20", project: "P3")
        let correction = journal.reverse(payment, on: "2018-04-25")
        let disposal = journal.dispose("R-AHEAD-OF-PROGRESS#\(payment)", .rectified, correcting: correction, on: "2018-05-01")
        let record = try #require(journal.records().first { $0.flag.ruleID == "R-AHEAD-OF-PROGRESS" })
        #expect(record.status == .rectified(sequence: disposal, correctingSequence: correction))
    }

    @Test("a policy advance allowance of 10% of the budget lets 65,000 more through")
    func advanceAllowancePolicy() {
        var (journal, _) = Self.roadProject()
        journal.policy("R-AHEAD-OF-PROGRESS", ["advance_allowance_bp": 1_000], from: "2018-01-01")
        journal.pay(.roadCompany, yuan: 260_000, on: "2018-04-20", project: "P3")
        #expect(journal.flags("R-AHEAD-OF-PROGRESS").isEmpty)
        journal.pay(.roadCompany, yuan: 1, on: "2018-04-21", project: "P3")
        #expect(journal.flags("R-AHEAD-OF-PROGRESS").count == 1)
    }
}
