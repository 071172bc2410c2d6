// The engine's two ways of calling rules agree: the standard rules held as fields (`StandardRules`)
// and any other rule set held as existentials; every standard rule's `observe(payment:of:in:)`
// (the engine lends it the payment) raises what its `observe(_:in:)` raises for the same entry; and
// the fields, which append to the engine's array in place, append what the rules return, in order.
//
// Method: the repository's demo journal (every event kind, flags of every rule) and a 3,000-entry
// synthetic journal (seed 7) written into a temporary directory, replayed both ways.
import Foundation
import LedgerJournal
import LedgerTestSupport
import Testing
@testable import FundSupervision

@Suite("Rule dispatch")
struct RuleDispatchTests {
    /// A rule that raises nothing: an engine given it besides the standard rules holds them all as existentials.
    struct Inert: AnomalyRule {
        static let descriptor = RuleDescriptor(
            id: "R-TEST-INERT", name: BilingualText(zh: "测试", en: "test"), sources: [], parameters: [],
            severity: .minor, summary: BilingualText(zh: "从不报警", en: "never flags"))

        init() {}

        func observe(_ event: RuleEvent, in context: RuleContext) -> [AnomalyFlag] { [] }
    }

    /// The rule events of the journal at `path`, in order.
    static func events(ofJournalAt path: String) throws -> [RuleEvent] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(separator: "\n").compactMap { line in
            let entry = try Array(line.utf8).withUnsafeBytes { try JournalEntry(canonicalLine: $0) }
            return try RuleEngine.ruleEvent(of: entry)
        }
    }

    /// The demo journal's and a synthetic journal's events.
    static func journals() throws -> [(name: String, events: [RuleEvent])] {
        let scratch = try TemporaryDirectory(prefix: "fundledger-dispatch")
        defer { scratch.remove() }
        let summary = try SyntheticJournal.write(events: 3_000, seed: 7, directory: scratch.path, batchSize: 1_000)
        return [
            ("demo", try events(ofJournalAt: DemoJournalFixture.repositoryJournalDirectory + "/demo.jsonl")),
            ("synthetic", try events(ofJournalAt: summary.journalPath)),
        ]
    }

    /// Replays `events` through `engine` (reversals with the event they name) and returns every flag
    /// raised, entry by entry, then the records as of a late date (deadline rules judged on it).
    static func replay(_ events: [RuleEvent], through engine: inout RuleEngine) -> (raised: [[AnomalyFlag]], records: [FlagRecord]) {
        var bySequence: [Int: RuleEvent] = [:]
        var raised: [[AnomalyFlag]] = []
        for event in events {
            bySequence[event.sequence] = event
            var target: RuleEvent?
            if case .reverse(let reversal) = event.event { target = bySequence[reversal.reversedSequence] }
            raised.append(engine.process(event, reversing: target))
        }
        return (raised, engine.records(asOf: CivilDate(year: 2030, month: 12, day: 31)!))
    }

    @Test("the standard rules as fields raise, entry by entry, what the same rules raise as existentials")
    func fieldsAndExistentials() throws {
        for (name, events) in try Self.journals() {
            var fields = RuleEngine()
            var existentials = RuleEngine(ruleTypes: RuleEngine.standardRuleTypes + [Inert.self])
            let expected = Self.replay(events, through: &existentials)
            let actual = Self.replay(events, through: &fields)
            #expect(actual.raised == expected.raised, "\(name)")
            #expect(actual.records == expected.records, "\(name)")
            #expect(expected.records.count > 5, "\(name): too few flags to compare")
            #expect(fields.descriptors.map(\.id) == RuleEngine.standardRuleTypes.map { $0.descriptor.id })
            #expect(existentials.descriptors.map(\.id).last == Inert.descriptor.id)
        }
    }

    /// Feeds `events` to two instances of `Rule`, one observing payments as part of their event and one
    /// with the payment lent, over the same facts; records every difference in what they raise.
    static func comparePaymentPath<Rule: AnomalyRule>(_ type: Rule.Type, events: [RuleEvent], journal: String) {
        var context = RuleContext()
        var viaEvent = Rule()
        var viaPayment = Rule()
        for event in events {
            switch event.event {
            case .setPolicy(let policy):
                context.parameters.apply(policy, sequence: event.sequence)
            case .reverse, .disposeFlag, .closePeriod:
                continue
            case .disburse(let payment):
                let expected = viaEvent.observe(event, in: context)
                let actual = viaPayment.observe(payment: payment, of: event, in: context)
                #expect(actual == expected, "\(journal): \(Rule.descriptor.id) at entry \(event.sequence)")
            default:
                context.facts.apply(event)
                #expect(viaPayment.observe(event, in: context) == viaEvent.observe(event, in: context))
            }
        }
        // The states agree too: deadlines judged at a late date raise the same flags.
        let late = CivilDate(year: 2030, month: 12, day: 31)!
        let lastSequence = events.last?.sequence ?? 0
        #expect(viaPayment.advance(to: late, triggerSequence: lastSequence, in: context)
            == viaEvent.advance(to: late, triggerSequence: lastSequence, in: context), "\(journal): \(Rule.descriptor.id)")
    }

    @Test("every standard rule raises for a lent payment what it raises for the payment inside its event")
    func paymentPath() throws {
        for (name, events) in try Self.journals() {
            for type in RuleEngine.standardRuleTypes {
                func compare<Rule: AnomalyRule>(_ type: Rule.Type) {
                    Self.comparePaymentPath(type, events: events, journal: name)
                }
                compare(type)
            }
        }
    }

    @Test("the standard rules append, after what was raised before, what each rule returns for the entry, in rule order")
    func inPlacePath() throws {
        // A flag already raised (by the clock, or an earlier rule): the rules append after it.
        let earlier = Inert.descriptor.makeFlag(
            anchor: 0, county: nil, amountAtStake: .zero, evidence: [], effectiveDate: CivilDate(year: 2018, month: 1, day: 1)!,
            raisedAt: 0, zh: "此前", en: "before")
        var paymentFlags = 0
        var rulesThatFlaggedPayments: Set<String> = []
        for (name, events) in try Self.journals() {
            var context = RuleContext()
            var fields = StandardRules()
            var existentials = StandardRules().existentials
            for event in events {
                var raised = [earlier]
                var expected = [earlier]
                switch event.event {
                case .setPolicy(let policy):
                    context.parameters.apply(policy, sequence: event.sequence)
                    continue
                case .reverse, .disposeFlag, .closePeriod:
                    continue
                case .disburse(let payment):
                    fields.observe(payment: payment, of: event, in: context, into: &raised)
                    for index in existentials.indices {
                        expected += existentials[index].observe(payment: payment, of: event, in: context)
                    }
                    paymentFlags += raised.count - 1
                    rulesThatFlaggedPayments.formUnion(raised.dropFirst().map(\.ruleID))
                default:
                    context.facts.apply(event)
                    fields.observe(event, in: context, into: &raised)
                    for index in existentials.indices { expected += existentials[index].observe(event, in: context) }
                }
                #expect(raised == expected, "\(name): entry \(event.sequence)")
            }
        }
        // Payments raised flags of several rules (in the demo), so the comparison is not between empty lists.
        #expect(paymentFlags > 5)
        #expect(rulesThatFlaggedPayments.count >= 3, "\(rulesThatFlaggedPayments.sorted())")
    }

    @Test("the standard rules write the bytes RuleStateCoding writes for them as existentials, and read them back")
    func snapshotBytes() throws {
        for (name, events) in try Self.journals() {
            var context = RuleContext()
            var rules = StandardRules()
            var raised: [AnomalyFlag] = []
            for event in events {
                switch event.event {
                case .disburse(let payment):
                    rules.observe(payment: payment, of: event, in: context, into: &raised)
                case .reverse, .setPolicy, .disposeFlag, .closePeriod:
                    continue
                default:
                    context.facts.apply(event)
                    rules.observe(event, in: context, into: &raised)
                }
            }
            let fields = SnapshotByteSink()
            try rules.snapshotEncode(to: fields)
            let existentials = SnapshotByteSink()
            try RuleStateCoding.encode(rules.existentials, to: existentials)
            #expect(fields.bytes == existentials.bytes, "\(name)")
            #expect(fields.bytes.count > 1_000, "\(name): too little state to compare")
            let source = SnapshotByteSource(fields.bytes)
            let decoded = try StandardRules.snapshotDecode(from: source)
            #expect(source.position == fields.bytes.count)
            let again = SnapshotByteSink()
            try decoded.snapshotEncode(to: again)
            #expect(again.bytes.count == fields.bytes.count, "\(name)")
        }
    }
}
