// The engine's contracts: ordering, reversals read back from earlier entries, dispositions that arrive first, and the
// as-of / until-seq filters of `RuleEngine.evaluate`.

import FundSupervision
import LedgerJournal
import Testing

@Suite("Rule engine")
struct RuleEngineTests {
    typealias J = RuleTestJournal

    /// A journal that raises flags of several rules at one entry, with a reversal and a disposition.
    static func mixed() -> (RuleTestJournal, payment: Int, reversal: Int) {
        var journal = RuleTestJournal()
        journal.allocate(J.central, J.qinyuan, yuan: 100_000, on: "2018-03-01")
        journal.register(project: "P3", budget: 650_000, tranches: [("approved", 100_000)], on: "2018-03-02")
        let early = journal.pay(.roadCompany, yuan: 30_000, on: "2018-03-03", project: "P3")
        // One payment that overdraws F5, runs ahead of P3's tranche plan and reuses a voucher.
        let payment = journal.pay(.roadCompany, yuan: 90_000, on: "2018-03-04", project: "P3", voucher: "记-\(early)")
        let reversal = journal.reverse(early, on: "2018-03-05")
        return (journal, payment, reversal)
    }

    @Test("flags of one entry come out in rule order; the engine keeps them after the reversal of another entry")
    func ordering() {
        let (journal, payment, _) = Self.mixed()
        let ids = journal.records().map(\.flag.id)
        #expect(ids == ["R-OVERDRAW#\(payment)", "R-AHEAD-OF-PROGRESS#\(payment)", "R-DUPLICATE#\(payment)/voucher"])
    }

    @Test("a reversal takes back the event it names only when the engine is given it: read back from the earlier entries")
    func reversalReadBack() throws {
        let (journal, _, _) = Self.mixed()
        var lookingUp = RuleEngine()
        var blind = RuleEngine()
        for entry in journal.entries {
            _ = try lookingUp.process(entry, earlierEntries: journal.entries)
            _ = try blind.process(entry, earlierEntries: EarlierEntries.none)
        }
        #expect(lookingUp.records() == journal.records())
        #expect(try lookingUp.records() == RuleEngine.evaluate(journal.entries))
        // Without the reversed payment (30,000) taken back, 100,000 − 120,000 leaves nothing idle at
        // year-end; taken back, 10,000 is idle.
        let idle = { (engine: RuleEngine) in
            engine.records(asOf: J.date("2018-12-31")).first { $0.flag.ruleID == "R-IDLE" }?.flag.amountAtStake
        }
        #expect(idle(lookingUp) == J.yuan(10_000))
        #expect(idle(blind) != J.yuan(10_000))
    }

    @Test("a disposition recorded before its flag is raised applies once the flag appears")
    func dispositionFirst() {
        var journal = RuleTestJournal()
        let allocation = journal.allocate(J.central, J.qinyuan, yuan: 100_000, on: "2018-03-01")
        let disposal = journal.dispose("R-IDLE#\(allocation)", .confirmed, on: "2018-03-02")
        let records = journal.records(asOf: "2018-06-30")
        #expect(records.map(\.id) == ["R-IDLE#\(allocation)"])
        #expect(records.first?.status == .confirmed(sequence: disposal))
    }

    @Test("evaluate keeps entries before until-seq and facts effective by the as-of date, judging deadlines then")
    func evaluateFilters() throws {
        let (journal, payment, _) = Self.mixed()
        let all = try RuleEngine.evaluate(journal.entries)
        #expect(all.count == 3)
        #expect(try RuleEngine.evaluate(journal.entries, untilSequence: payment).isEmpty)
        #expect(try RuleEngine.evaluate(journal.entries, asOf: J.date("2018-03-03")).isEmpty)
        // As of year-end the 10,000 never used (100,000 − 90,000; the 30,000 was reversed) is idle.
        let yearEnd = try RuleEngine.evaluate(journal.entries, asOf: J.date("2018-12-31"))
        #expect(yearEnd.first { $0.flag.ruleID == "R-IDLE" }?.flag.amountAtStake == J.yuan(10_000))
    }

    @Test("policy.set parameters that no rule declares are reported, not silently ignored")
    func unrecognizedSettings() {
        var journal = RuleTestJournal()
        let first = journal.policy("R-IDLE", ["idle_days": 60, "idel_days": 60], from: "2019-01-01")
        let second = journal.policy("household-subsidy-cap", ["cap_fen": 300_000], from: "2019-01-01")
        #expect(journal.engine.unrecognizedSettings == [
            RuleEngine.UnrecognizedSetting(sequence: first, qualifiedName: "R-IDLE.idel_days"),
            RuleEngine.UnrecognizedSetting(sequence: second, qualifiedName: "household-subsidy-cap.cap_fen"),
        ])
    }
}
