// R-SEPARATION-OF-DUTIES: one key must not both accept a project's milestone and pay the project.

import FundSupervision
import Testing

@Suite("R-SEPARATION-OF-DUTIES 职责不分离")
struct SeparationOfDutiesRuleTests {
    typealias J = RuleTestJournal

    static func roadProject() -> RuleTestJournal {
        var journal = RuleTestJournal()
        journal.allocate(J.central, J.qinyuan, yuan: 1_000_000, on: "2018-03-01")
        journal.register(project: "P3", name: "村A1道路", budget: 650_000,
                         tranches: [("approved", 195_000), ("progress_70", 455_000)], on: "2018-04-10")
        return journal
    }

    @Test("a payment signed by the key that accepted the milestone is flagged")
    func flagsSameKey() throws {
        var journal = Self.roadProject()
        let acceptance = journal.milestone("P3", "progress_70", .accepted, on: "2018-08-01")
        let payment = journal.pay(.roadCompany, yuan: 100_000, on: "2018-08-05", project: "P3", signer: J.acceptanceKey)
        let flag = try #require(journal.flags("R-SEPARATION-OF-DUTIES").first)
        #expect(flag.id == "R-SEPARATION-OF-DUTIES#\(payment)")
        #expect(flag.evidenceSequences == [acceptance, payment])
        #expect(flag.amountAtStake == J.yuan(100_000))
        #expect(flag.explanation.zh == "项目 P3（村A1道路）的验收（序号 \(acceptance)）与拨付（序号 \(payment)）由同一密钥 a2a2a2a2 签署")
        #expect(flag.explanation.en == "project P3 (村A1道路) was accepted (entry \(acceptance)) and paid (entry \(payment)) under the same key a2a2a2a2")
    }

    @Test("acceptance and payment under different keys raise nothing")
    func separateKeys() {
        var journal = Self.roadProject()
        journal.milestone("P3", "progress_70", .accepted, on: "2018-08-01")
        journal.pay(.roadCompany, yuan: 100_000, on: "2018-08-05", project: "P3")
        #expect(journal.flags("R-SEPARATION-OF-DUTIES").isEmpty)
    }

    @Test("an acceptance signed after the same key paid is flagged; a reversed acceptance is not counted")
    func orderAndReversal() throws {
        var journal = Self.roadProject()
        let reversed = journal.milestone("P3", "progress_70", .accepted, on: "2018-07-01")
        journal.reverse(reversed, on: "2018-07-02")
        let payment = journal.pay(.roadCompany, yuan: 100_000, on: "2018-07-05", project: "P3", signer: J.acceptanceKey)
        #expect(journal.flags("R-SEPARATION-OF-DUTIES").isEmpty)
        let acceptance = journal.milestone("P3", "progress_70", .accepted, on: "2018-08-01")
        let flag = try #require(journal.flags("R-SEPARATION-OF-DUTIES").first)
        #expect(flag.id == "R-SEPARATION-OF-DUTIES#\(acceptance)")
        #expect(flag.evidenceSequences == [payment, acceptance])
        #expect(flag.amountAtStake == .zero)
    }
}
