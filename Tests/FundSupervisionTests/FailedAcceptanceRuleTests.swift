// R-PAID-AFTER-FAILED: payments to a project after a failed acceptance (not passed since) or after
// it was closed.

import FundSupervision
import Testing

@Suite("R-PAID-AFTER-FAILED 验收未过仍拨付")
struct FailedAcceptanceRuleTests {
    typealias J = RuleTestJournal

    static func roadProject() -> RuleTestJournal {
        var journal = RuleTestJournal()
        journal.allocate(J.central, J.qinyuan, yuan: 1_000_000, on: "2018-03-01")
        journal.register(project: "P3", name: "村A1道路", budget: 650_000,
                         tranches: [("approved", 195_000), ("progress_70", 455_000), ("closed", 650_000)], on: "2018-04-10")
        return journal
    }

    @Test("paying 100,000 four days after progress_70 failed acceptance is flagged")
    func flagsPaymentAfterFailure() throws {
        var journal = Self.roadProject()
        let failure = journal.milestone("P3", "progress_70", .failed, on: "2018-08-01")
        let payment = journal.pay(.roadCompany, yuan: 100_000, on: "2018-08-05", project: "P3")
        let flag = try #require(journal.flags("R-PAID-AFTER-FAILED").first)
        #expect(flag.id == "R-PAID-AFTER-FAILED#\(payment)/failed")
        #expect(flag.evidenceSequences == [failure, payment])
        #expect(flag.explanation.zh == "项目 P3（村A1道路）的节点 progress_70 于 2018-08-01 验收未通过（序号 \(failure)），2018-08-05 仍拨付 100,000.00 元")
        #expect(flag.explanation.en == "project P3 (村A1道路) failed acceptance of milestone progress_70 on 2018-08-01 (entry \(failure)), yet 100,000.00 yuan was paid on 2018-08-05")
    }

    @Test("a payment the day before the failure, or after a later pass, raises nothing")
    func beforeFailureOrAfterPass() {
        var journal = Self.roadProject()
        journal.milestone("P3", "progress_70", .failed, on: "2018-08-01")
        journal.pay(.roadCompany, yuan: 100_000, on: "2018-07-31", project: "P3")
        journal.milestone("P3", "progress_70", .accepted, on: "2018-08-10")
        journal.pay(.roadCompany, yuan: 100_000, on: "2018-08-15", project: "P3")
        #expect(journal.flags("R-PAID-AFTER-FAILED").isEmpty)
    }

    @Test("paying a closed project is flagged; a reversed failure unblocks payment")
    func closedAndReversed() throws {
        var journal = Self.roadProject()
        let failure = journal.milestone("P3", "progress_70", .failed, on: "2018-08-01")
        journal.reverse(failure, on: "2018-08-02")
        journal.pay(.roadCompany, yuan: 100_000, on: "2018-08-05", project: "P3")
        #expect(journal.flags("R-PAID-AFTER-FAILED").isEmpty)
        let closing = journal.milestone("P3", "closed", .accepted, on: "2018-12-01")
        let late = journal.pay(.roadCompany, yuan: 1_000, on: "2018-12-05", project: "P3")
        let flag = try #require(journal.flags("R-PAID-AFTER-FAILED").first)
        #expect(flag.id == "R-PAID-AFTER-FAILED#\(late)/closed")
        #expect(flag.evidenceSequences == [closing, late])
        #expect(flag.explanation.zh == "项目 P3（村A1道路）已于 2018-12-01 结项（序号 \(closing)），2018-12-05 仍拨付 1,000.00 元")
    }
}
