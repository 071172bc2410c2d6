// Goal: the hand-written snapshot coding (Replay/Coding/, the `SnapshotSpecialCoding` extensions of
// the projection, engine and rules) carries every stored field of the validator state, so that a
// coding left stale by a change of a stored type fails here rather than silently dropping state.
//
// Method: validators are fed the committed demo journal and seeded synthetic journals (every rule
// keeps state in them); the state is encoded and decoded, and both are compared field by field
// through reflection (`Mirror`, which sees private fields), dictionaries and sets compared as sorted
// entries since their iteration order is not fixed. The rule registry is checked against the
// engine's standard rules.
import Foundation
import LedgerJournal
import LedgerTestSupport
import Testing
@testable import FundSupervision

/// Every stored field of `value`, recursively, as text; dictionaries and sets in sorted order.
private func fieldDump(_ value: Any) -> String {
    let mirror = Mirror(reflecting: value)
    let children = mirror.children.map { (label: $0.label ?? "", value: $0.value) }
    switch mirror.displayStyle {
    case .optional:
        return children.first.map { "some(\(fieldDump($0.value)))" } ?? "nil"
    case .dictionary, .set:
        return "{" + children.map { fieldDump($0.value) }.sorted().joined(separator: ", ") + "}"
    case .collection, .tuple:
        return "[" + children.map { "\($0.label)\(fieldDump($0.value))" }.joined(separator: ", ") + "]"
    case .struct, .class, .enum:
        guard !children.isEmpty else { return "\(type(of: value)).\(value)" }
        return "\(type(of: value))(" + children.map { "\($0.label): \(fieldDump($0.value))" }.joined(separator: ", ") + ")"
    default:
        return "\(type(of: value)):\(value)"
    }
}

/// Where `decoded` first differs from `original`: a few dozen characters of each from there; nil when equal.
private func firstDifference(_ decoded: String, _ original: String) -> String? {
    guard decoded != original else { return nil }
    let common = zip(decoded, original).prefix { $0 == $1 }.count
    let before = max(0, common - 80)
    return "decoded …\(decoded.dropFirst(before).prefix(200))… original …\(original.dropFirst(before).prefix(200))…"
}

/// The journal's entries in memory, as `JournalEntryLookup` (entries are numbered densely from 0).
private struct EntryList: JournalEntryLookup {
    let entries: [JournalEntry]

    func entry(atSequence sequence: Int) throws -> JournalEntry? {
        entries.indices.contains(sequence) ? entries[sequence] : nil
    }
}

@Suite("Snapshot coding by hand")
struct SnapshotCodingTests {
    private func replayed(_ entries: [JournalEntry]) -> FlaggingValidator {
        var validator = FlaggingValidator()
        let all = EntryList(entries: entries)
        for entry in entries { validator.apply(entry, earlierEntries: EarlierEntries(all, count: entry.sequence)) }
        return validator
    }

    private func syntheticEntries(seed: UInt64, events: Int) throws -> [JournalEntry] {
        let scratch = try TemporaryDirectory(prefix: "fundledger-coding")
        defer { scratch.remove() }
        _ = try SyntheticJournal.write(events: events, seed: seed, directory: scratch.path)
        return try SnapshotTestJournal.entries(try SnapshotTestJournal.lines(scratch.file("journal.jsonl")))
    }

    /// Encodes and decodes the validator's state whole, and with the large registers as tables; each
    /// decoded state must have every stored field of the original.
    private func expectRoundTripKeepsEveryField(_ validator: FlaggingValidator, label: String) throws {
        let original = fieldDump(FlaggingValidatorState(validator: validator.validator, engine: validator.engine))
        var restored = FlaggingValidator()
        try restored.restore(fromSnapshot: try validator.snapshot())
        let decoded = fieldDump(FlaggingValidatorState(validator: restored.validator, engine: restored.engine))
        let difference = firstDifference(decoded, original)
        #expect(difference == nil, "\(label): a stored field differs after a round trip")
        // Encoding the decoded state again gives bytes of the same length (dictionary order may differ).
        #expect(try restored.snapshot().count == (try validator.snapshot()).count, "\(label)")
    }

    /// The rules' states of `engine`, by rule id.
    /// The standard rules are the fields of `standardRules` (an optional); any other set is `otherRules`.
    private func ruleStates(_ engine: RuleEngine) -> [(id: String, dump: String)] {
        let children = Mirror(reflecting: engine).children
        var rules = children.first { $0.label == "otherRules" }?.value as? [any AnomalyRule] ?? []
        if let standard = children.first(where: { $0.label == "standardRules" })?.value,
            let fields = Mirror(reflecting: standard).children.first?.value
        {
            rules = Mirror(reflecting: fields).children.compactMap { $0.value as? any AnomalyRule }
        }
        return rules.map { ($0.descriptor.id, fieldDump($0)) }
    }

    /// Encodes and decodes an engine alone; the decoded engine must have every stored field.
    private func expectEngineRoundTripKeepsEveryField(_ engine: RuleEngine, label: String) throws {
        let sink = SnapshotByteSink()
        try engine.snapshotEncode(to: sink)
        let source = SnapshotByteSource(sink.bytes)
        let decoded = try RuleEngine.snapshotDecode(from: source)
        #expect(source.position == sink.bytes.count)
        let difference = firstDifference(fieldDump(decoded), fieldDump(engine))
        #expect(difference == nil, "\(label): a stored field of the engine differs after a round trip")
    }

    @Test("a round trip of the demo's, synthetic and rule-test journals' states keeps every stored field, and every rule keeps state in one of them")
    func statesKeepEveryField() throws {
        var journals = [("demo", try SnapshotTestJournal.entries(try SnapshotTestJournal.lines(SnapshotTestJournal.demoPath)))]
        for seed: UInt64 in [1, 2, 3] { journals.append(("synthetic seed \(seed)", try syntheticEntries(seed: seed, events: 3_000))) }
        var engines: [RuleEngine] = []
        for (label, entries) in journals {
            let validator = replayed(entries)
            try expectRoundTripKeepsEveryField(validator, label: label)
            engines.append(validator.engine)
        }
        // Photovoltaic income (households unable to work paid from a PV project) is not in the
        // generated journals: the rule tests' journal supplies it.
        var (photovoltaic, _) = PhotovoltaicIncomeRuleTests.households()
        _ = PhotovoltaicIncomeRuleTests.income(&photovoltaic, "12", yuan: 2_400, on: "2018-12-20")
        try expectEngineRoundTripKeepsEveryField(photovoltaic.engine, label: "photovoltaic rule journal")
        engines.append(photovoltaic.engine)
        // A rule whose state stays empty everywhere would not test its coding.
        let fresh = Dictionary(uniqueKeysWithValues: ruleStates(RuleEngine()).map { ($0.id, $0.dump) })
        var emptyRules = Set(RuleStateCoding.codings.filter { !$0.isStateless }.map { $0.type.descriptor.id })
        for engine in engines {
            for state in ruleStates(engine) where state.dump != fresh[state.id] { emptyRules.remove(state.id) }
        }
        #expect(emptyRules.isEmpty, "rules whose state stays empty in every journal: \(emptyRules.sorted())")
    }

    @Test("every standard rule has a registered coding, and those registered as stateless store nothing")
    func everyRuleIsRegistered() {
        for type in RuleEngine.standardRuleTypes {
            let coding = RuleStateCoding.coding(of: type)
            #expect(coding != nil, "no snapshot coding registered for \(type.descriptor.id)")
            if let coding, coding.isStateless {
                #expect(Mirror(reflecting: type.init()).children.isEmpty, "\(type.descriptor.id) has stored properties")
            }
        }
        #expect(RuleStateCoding.codings.count == RuleEngine.standardRuleTypes.count)
    }

    @Test("a state whose rule ids differ from this build's is refused with RuleSetMismatch")
    func otherRuleIdsAreRefused() throws {
        let sink = SnapshotByteSink()
        sink.writeArray(["R-ONLY-ONE"], sink.writeString)
        #expect(throws: RuleSetMismatch.self) { _ = try RuleStateCoding.decode(from: SnapshotByteSource(sink.bytes)) }
    }
}
