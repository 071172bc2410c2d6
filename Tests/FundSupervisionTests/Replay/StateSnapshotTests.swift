// Goal: a FlaggingValidator restored from its snapshot and fed the remaining entries ends exactly
// where a full replay ends (flags with status, projection figures, parameters), at every cut of the
// demo journal and of synthetic journals; an append through the snapshot path writes the same bytes
// and raises the same flags; damaged or foreign snapshots are refused, never half-trusted.
//
// Method: the committed demo journal (Journal/demo.jsonl, located relative to this file) and
// in-memory synthetic journals (seeded) are parsed into entries and fed to validators; comparisons
// use the public figures (dictionaries of Equatable values), not encoded bytes, whose dictionary
// order is not fixed. The binary coder is checked on seeded random values.
import Foundation
import LedgerCrypto
import LedgerJournal
import LedgerTestSupport
import Testing
@testable import FundSupervision

/// Everything a validator's learned state shows, comparable with `==` (also used by the merge tests).
struct ValidatorFigures: Equatable {
    var records: [FlagRecord]
    var unrecognized: [RuleEngine.UnrecognizedSetting]
    var overridden: [String]
    var funds: [String: FundState]
    var units: [DivisionCode: CountyTotals]
    var projects: [String: ProjectStatus]
    var payeeYears: [PayeeYear: PayeeYearTotal]
    var beneficiaries: [BeneficiaryKey: BeneficiaryRecord]
    var lateEntries: [LateEntry]
    var appliedEntryCount: Int
    var lastSequence: Int

    init(_ validator: FlaggingValidator) {
        let projection = validator.validator.projection
        records = validator.engine.records()
        unrecognized = validator.engine.unrecognizedSettings
        overridden = validator.engine.parameters.overriddenNames
        funds = projection.funds
        units = projection.units
        projects = projection.projects
        payeeYears = projection.payeeYears.dictionary
        beneficiaries = projection.beneficiaries.dictionary
        lateEntries = projection.lateEntries
        appliedEntryCount = projection.appliedEntryCount
        lastSequence = projection.lastSequence
    }
}

enum SnapshotTestJournal {
    static let demoPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Journal/demo.jsonl").path

    static func lines(_ path: String) throws -> [[UInt8]] {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        return bytes.split(separator: 0x0A).map(Array.init)
    }

    static func entries(_ lines: [[UInt8]]) throws -> [JournalEntry] {
        try lines.map { try JournalEntry(parsing: try CanonicalJSON.parseCanonical($0)) }
    }
}

/// The journal's entries in memory, as `JournalEntryLookup` (entries are numbered densely from 0).
private struct EntryArray: JournalEntryLookup {
    let entries: [JournalEntry]

    func entry(atSequence sequence: Int) throws -> JournalEntry? {
        entries.indices.contains(sequence) ? entries[sequence] : nil
    }
}

@Suite("FlaggingValidator snapshots")
struct FlaggingValidatorSnapshotTests {
    /// `validator` fed `entries` (a slice of `journal`), each seeing only the entries before it.
    private func fed(_ entries: ArraySlice<JournalEntry>, of journal: [JournalEntry],
                     into validator: FlaggingValidator = FlaggingValidator()) -> FlaggingValidator {
        var validator = validator
        let all = EntryArray(entries: journal)
        for entry in entries { validator.apply(entry, earlierEntries: EarlierEntries(all, count: entry.sequence)) }
        return validator
    }

    private func expectRestoredEqualsReplay(_ entries: [JournalEntry], cuts: [Int], label: String) throws {
        let reference = ValidatorFigures(fed(entries[...], of: entries))
        for cut in cuts {
            let prefix = fed(entries[..<cut], of: entries)
            var restored = FlaggingValidator()
            try restored.restore(fromSnapshot: try prefix.snapshot())
            #expect(ValidatorFigures(restored) == ValidatorFigures(prefix), "\(label): restore at \(cut) differs")
            let finished = fed(entries[cut...], of: entries, into: restored)
            #expect(ValidatorFigures(finished) == reference, "\(label): snapshot at \(cut) then replay differs from a full replay")
            try expectTabledRestoreEqualsReplay(entries, cut: cut, prefix: prefix, reference: reference, label: label)
        }
    }

    /// The tabled path: the large registers in a table area read by key, then a delta over it, then a
    /// second delta over the same tables (as successive appends write them), each ending as a full replay.
    private func expectTabledRestoreEqualsReplay(_ entries: [JournalEntry], cut: Int, prefix: FlaggingValidator,
                                                 reference: ValidatorFigures, label: String) throws {
        let (payload, area) = try prefix.tabledSnapshot()
        let tree = StateSnapshotTables.hashTree(of: area)
        let tables = try #require(StateSnapshotTables(area: area, levels: tree.levels, root: tree.root))
        var restored = FlaggingValidator()
        try restored.restore(fromSnapshot: payload, tables: tables)
        #expect(ValidatorFigures(restored) == ValidatorFigures(prefix), "\(label): tabled restore at \(cut) differs")
        let middle = cut + (entries.count - cut) / 2
        let halfway = fed(entries[cut..<middle], of: entries, into: restored)
        var fromDelta = FlaggingValidator()
        try fromDelta.restore(fromSnapshot: try #require(try halfway.deltaSnapshot()), tables: tables)
        #expect(ValidatorFigures(fromDelta) == ValidatorFigures(halfway), "\(label): delta at \(middle) over tables at \(cut) differs")
        let finished = fed(entries[middle...], of: entries, into: fromDelta)
        var fromSecondDelta = FlaggingValidator()
        try fromSecondDelta.restore(fromSnapshot: try #require(try finished.deltaSnapshot()), tables: tables)
        #expect(ValidatorFigures(fromSecondDelta) == reference, "\(label): second delta over tables at \(cut) differs")
        // Merging the tables and the changes into new tables keeps every entry.
        let (mergedPayload, mergedArea) = try finished.tabledSnapshot()
        let mergedTree = StateSnapshotTables.hashTree(of: mergedArea)
        var merged = FlaggingValidator()
        try merged.restore(fromSnapshot: mergedPayload,
                           tables: try #require(StateSnapshotTables(area: mergedArea, levels: mergedTree.levels, root: mergedTree.root)))
        #expect(ValidatorFigures(merged) == reference, "\(label): merged tables after \(cut) differ")
        #expect(!tables.damageDetected)
    }

    @Test("restored at every cut of the demo journal and fed the rest, the validator ends as a full replay does")
    func demoJournalEveryCut() throws {
        let entries = try SnapshotTestJournal.entries(try SnapshotTestJournal.lines(SnapshotTestJournal.demoPath))
        #expect(entries.contains { $0.kind == "entry.reverse" })
        try expectRestoredEqualsReplay(entries, cuts: Array(1..<entries.count), label: "demo")
    }

    @Test("restored at random cuts of synthetic journals, the validator ends as a full replay does")
    func syntheticJournalsRandomCuts() throws {
        for seed: UInt64 in [1, 2, 3] {
            let scratch = try TemporaryDirectory(prefix: "fundledger-snapshot")
            defer { scratch.remove() }
            _ = try SyntheticJournal.write(events: 1_500, seed: seed, directory: scratch.path)
            let entries = try SnapshotTestJournal.entries(try SnapshotTestJournal.lines(scratch.file("journal.jsonl")))
            var generator = SeededRandomNumberGenerator(seed: seed)
            let cuts = (0..<4).map { _ in Int.random(in: 1..<entries.count, using: &generator) }
            try expectRestoredEqualsReplay(entries, cuts: cuts, label: "synthetic seed \(seed) cuts \(cuts)")
        }
    }

    @Test("restoring keeps the refusal setting and drops the flags raised by earlier new entries")
    func restoreKeepsConfiguration() throws {
        let entries = try SnapshotTestJournal.entries(try SnapshotTestJournal.lines(SnapshotTestJournal.demoPath))
        var source = fed(entries.dropLast(), of: entries)
        try source.validate(entries[entries.count - 1], earlierEntries: EarlierEntries(EntryArray(entries: entries), count: entries.count - 1))
        var restored = FlaggingValidator(refusesFlaggedEntries: true)
        try restored.restore(fromSnapshot: try source.snapshot())
        #expect(restored.refusesFlaggedEntries)
        #expect(restored.raisedByNewEntries.isEmpty)
    }

    @Test("truncated, extended or corrupted snapshot bytes are refused or restore a consistent state, never trap")
    func damagedSnapshotsAreRefused() throws {
        let entries = try SnapshotTestJournal.entries(try SnapshotTestJournal.lines(SnapshotTestJournal.demoPath))
        let bytes = try fed(entries[...], of: entries).snapshot()
        for count in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 300)) {
            var restored = FlaggingValidator()
            #expect(throws: (any Error).self, "a snapshot cut at \(count) bytes was accepted") {
                try restored.restore(fromSnapshot: Array(bytes.prefix(count)))
            }
        }
        var extended = FlaggingValidator()
        #expect(throws: SnapshotDecodingError.self) { try extended.restore(fromSnapshot: bytes + [0]) }
        var generator = SeededRandomNumberGenerator(seed: 8)
        for _ in 0..<200 {
            var damaged = bytes
            let index = Int.random(in: 0..<damaged.count, using: &generator)
            damaged[index] ^= UInt8.random(in: 1...255, using: &generator)
            var restored = FlaggingValidator()
            _ = try? restored.restore(fromSnapshot: damaged)  // must throw or succeed, never trap
        }
    }

    @Test("a snapshot of another rule set is refused")
    func otherRuleSetIsRefused() throws {
        struct ForeignRuleStates: Encodable {
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: RuleStates.RuleKey.self)
                try container.encode(["R-ONLY-ONE"], forKey: .ids)
            }
        }
        let bytes = try SnapshotBinaryEncoder().encode(ForeignRuleStates())
        #expect(throws: RuleSetMismatch.self) { _ = try SnapshotBinaryDecoder().decode(RuleStates.self, from: bytes) }
        let format = FlaggingValidator().snapshotFormat
        #expect(format.contains("v\(FlaggingValidator.snapshotFormatVersion)"))
        #expect(format.contains(FlaggingValidator.ruleCatalogueFingerprint))
        #expect(format.contains("rules=\(RuleEngine.standardRuleTypes.count)"))
    }

    @Test("appending the demo journal's entries through the snapshot path writes the same bytes and flags")
    func appendThroughSnapshotsReproducesTheDemo() throws {
        let lines = try SnapshotTestJournal.lines(SnapshotTestJournal.demoPath)
        let entries = try SnapshotTestJournal.entries(lines)
        let scratch = try TemporaryDirectory(prefix: "fundledger-snapshot")
        defer { scratch.remove() }
        let path = scratch.file("demo.jsonl")
        let start = 10
        _ = FileManager.default.createFile(atPath: path, contents: Data(lines.prefix(start).map { $0 + [0x0A] }.joined()))
        let keys = Dictionary(uniqueKeysWithValues: DemoJournal.keys.map { ($0.keyID, $0.privateKey) })
        var raised: [AnomalyFlag] = []
        var generator = SeededRandomNumberGenerator(seed: 5)
        var index = start
        var olderDelta: Data?
        var olderBase: Data?
        while index < entries.count {
            // A batch: consecutive entries with the same signer and recording time (so they re-sign identically).
            var end = index + 1
            let limit = index + Int.random(in: 1...4, using: &generator)
            while end < min(limit, entries.count), entries[end].signerKeyID == entries[index].signerKeyID,
                  entries[end].time == entries[index].time { end += 1 }
            // Damage, deletion, and the files a crash can leave: an older delta (its entries are fed again
            // from its position, never twice), an older base with a newer delta (the delta names another
            // base and is ignored), a base without its delta.
            func damage(_ suffix: String) throws {
                guard var bytes = try? [UInt8](Data(contentsOf: URL(fileURLWithPath: path + suffix))), !bytes.isEmpty else { return }
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] ^= 0x10
                _ = FileManager.default.createFile(atPath: path + suffix, contents: Data(bytes))
            }
            switch Int.random(in: 0..<14, using: &generator) {
            case 0: try? FileManager.default.removeItem(atPath: path + ".state")
            case 1: try damage(".state")
            case 2: try? FileManager.default.removeItem(atPath: path + ".state.delta")
            case 3: try damage(".state.delta")
            case 4: if let older = olderDelta { _ = FileManager.default.createFile(atPath: path + ".state.delta", contents: older) }
            case 5: if let older = olderBase { _ = FileManager.default.createFile(atPath: path + ".state", contents: older) }
            default: break
            }
            if Int.random(in: 0..<3, using: &generator) == 0 {
                olderDelta = FileManager.default.contents(atPath: path + ".state.delta")
                olderBase = FileManager.default.contents(atPath: path + ".state")
            }
            let drafts = entries[index..<end].map { EventDraft(id: $0.id, kind: $0.kind, scope: $0.scope, body: $0.body) }
            let outcome = try JournalAppender.append(
                path: path, drafts: drafts, signer: try #require(keys[entries[index].signerKeyID]),
                validator: FlaggingValidator(), now: entries[index].time)
            #expect(outcome.appended.map(\.sequence) == Array(index..<end))
            raised += try #require(outcome.validator as? FlaggingValidator).raisedByNewEntries
            index = end
        }
        #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) == Array(lines.map { $0 + [0x0A] }.joined()))
        let reference = fed(entries[...], of: entries)
        #expect(raised == reference.engine.flags.filter { $0.raisedAtSequence >= start })
    }
}

/// A value with every shape the snapshot coder must carry: nested optionals, enums with payloads,
/// dictionaries keyed by strings, integers and structs, sets and extreme integers.
private struct CoderSample: Codable, Equatable {
    enum Shape: Codable, Equatable {
        case empty
        case pair(Int, String?)
        case named(label: String, values: [Int64])
    }

    struct Key: Codable, Hashable {
        var code: Int32
        var text: String
    }

    var integers: [Int64]
    var small: Int32
    var flag: Bool
    var text: String
    var missing: String?
    var present: Int?
    var nestedOptional: [Int?]
    var shapes: [Shape]
    var byName: [String: [Shape]]
    var byNumber: [Int: String]
    var byKey: [Key: Set<String>]
    var optionalShape: Shape?
}

@Suite("Snapshot binary coder")
struct SnapshotBinaryCoderTests {
    private func sample(_ generator: inout SeededRandomNumberGenerator) -> CoderSample {
        func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &generator) }
        func text() -> String { ["", "a", "沁源县", "\"\\\n", "é", "e\u{301}", String(repeating: "x", count: int(0...300))][int(0...6)] }
        func shape() -> CoderSample.Shape {
            switch int(0...2) {
            case 0: .empty
            case 1: .pair(int(-5...5), int(0...1) == 0 ? nil : text())
            default: .named(label: text(), values: (0..<int(0...3)).map { _ in [Int64.min, -1, 0, 1, Int64.max][int(0...4)] })
            }
        }
        return CoderSample(
            integers: (0..<int(0...5)).map { _ in Int64.random(in: Int64.min...Int64.max, using: &generator) },
            small: Int32.random(in: Int32.min...Int32.max, using: &generator), flag: int(0...1) == 1, text: text(),
            missing: nil, present: int(0...1) == 0 ? nil : int(-1_000...1_000),
            nestedOptional: (0..<int(0...4)).map { _ in int(0...1) == 0 ? nil : int(0...9) },
            shapes: (0..<int(0...4)).map { _ in shape() },
            byName: Dictionary((0..<int(0...4)).map { _ in ("k\(int(0...9))", [shape()]) }, uniquingKeysWith: { first, _ in first }),
            byNumber: Dictionary((0..<int(0...4)).map { _ in (int(-9...9), text()) }, uniquingKeysWith: { first, _ in first }),
            byKey: [CoderSample.Key(code: Int32(int(0...999_999)), text: text()): Set((0..<int(0...3)).map { _ in text() })],
            optionalShape: int(0...1) == 0 ? nil : shape())
    }

    @Test("random values round-trip exactly")
    func roundTrip() throws {
        let seed: UInt64 = 20_261_124
        var generator = SeededRandomNumberGenerator(seed: seed)
        for iteration in 0..<300 {
            let value = sample(&generator)
            let bytes = try SnapshotBinaryEncoder().encode(value)
            let decoded = try SnapshotBinaryDecoder().decode(CoderSample.self, from: bytes)
            #expect(decoded == value, "seed \(seed) iteration \(iteration)")
        }
    }

    @Test("every truncation of an encoded value is refused")
    func truncationIsRefused() throws {
        var generator = SeededRandomNumberGenerator(seed: 77)
        let bytes = try SnapshotBinaryEncoder().encode(sample(&generator))
        for count in 0..<bytes.count {
            #expect(throws: (any Error).self) { _ = try SnapshotBinaryDecoder().decode(CoderSample.self, from: Array(bytes.prefix(count))) }
        }
    }
}
