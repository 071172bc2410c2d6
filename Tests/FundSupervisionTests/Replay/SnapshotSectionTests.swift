// Goal: a state restored for an append decodes a section (`SnapshotSection`) only when it is used,
// and a delta copies the bytes of every section the append did not change while it re-encodes the
// ones it changed; a section whose bytes do not decode is never trusted (the tables are marked
// damaged, so the append replays) and never written; the restored validator still ends exactly as a
// full replay does.
//
// Method: sections of `[Int: Int]` are written by hand with non-minimal varints (which decode to the
// same value but which an encoder never writes), so a copy is told from a re-encoding byte for byte;
// the demo journal is restored at cuts just before each beneficiary registration and fed it.
import Foundation
import LedgerJournal
import Testing
@testable import FundSupervision

@Suite("Snapshot sections (decoded when used, copied when unchanged)")
struct SnapshotSectionTests {
    /// Tables over an empty area: what a restore for an append hands the sections.
    private func emptyTables() throws -> StateSnapshotTables {
        let tree = StateSnapshotTables.hashTree(of: [])
        return try #require(StateSnapshotTables(area: [], levels: tree.levels, root: tree.root))
    }

    /// A section holding `[1: 2]`, its varints padded to two bytes each: the bytes an encoder never writes.
    private let paddedSection: [UInt8] = [6, 0, 0, 0, 0x81, 0x00, 0x82, 0x00, 0x84, 0x00]

    private static let read: @Sendable (SnapshotByteSource) throws -> [Int: Int] = { source in
        try source.readDictionary { (try source.readInt(), try source.readInt()) }
    }

    private func write(_ section: SnapshotSection<[Int: Int]>, delta: Bool) throws -> [UInt8] {
        let sink = SnapshotByteSink()
        sink.writesDelta = delta
        try section.snapshotEncode(to: sink) { value in sink.writeDictionary(value) { sink.writeInt($0); sink.writeInt($1) } }
        return sink.bytes
    }

    private func restored(_ bytes: [UInt8], tables: StateSnapshotTables?) throws -> SnapshotSection<[Int: Int]> {
        let source = SnapshotByteSource(bytes, tables: tables)
        let section = try SnapshotSection<[Int: Int]>.snapshotDecode(from: source, empty: [:], Self.read)
        #expect(source.position == bytes.count)
        return section
    }

    @Test("an unchanged section, read or not, is copied into a delta byte for byte")
    func unchangedSectionIsCopied() throws {
        let tables = try emptyTables()
        let untouched = try restored(paddedSection, tables: tables)
        #expect(untouched.holdsStoredBytes)
        #expect(try write(untouched, delta: true) == paddedSection)
        let read = try restored(paddedSection, tables: tables)
        #expect(read.wrappedValue == [1: 2])
        #expect(read.holdsStoredBytes)
        #expect(try write(read, delta: true) == paddedSection)
        #expect(!tables.damageDetected)
    }

    @Test("a changed section is re-encoded, and a new base re-encodes every section")
    func changedSectionIsReencoded() throws {
        let tables = try emptyTables()
        var changed = try restored(paddedSection, tables: tables)
        changed.wrappedValue[3] = 4
        #expect(!changed.holdsStoredBytes)
        let written = try write(changed, delta: true)
        #expect(written != paddedSection)
        #expect(try restored(written, tables: nil).wrappedValue == [1: 2, 3: 4])
        // Mutated in place to the same value: still re-encoded, in the encoder's minimal form.
        var rewritten = try restored(paddedSection, tables: tables)
        rewritten.wrappedValue[1] = 2
        #expect(try write(rewritten, delta: true) == [3, 0, 0, 0, 1, 2, 4])
        // A base (not a delta) never copies: its sections are written from their values.
        #expect(try write(try restored(paddedSection, tables: tables), delta: false) == [3, 0, 0, 0, 1, 2, 4])
        #expect(!tables.damageDetected)
    }

    @Test("without tables a section is decoded at once, and bytes that do not decode are refused")
    func eagerDecodingRefusesDamage() throws {
        let section = try restored(paddedSection, tables: nil)
        #expect(!section.holdsStoredBytes)
        #expect(section.wrappedValue == [1: 2])
        // A key read twice, then a value cut short, then a byte count past the end.
        for damaged: [UInt8] in [[4, 0, 0, 0, 2, 2, 4, 2], [2, 0, 0, 0, 1, 2], [9, 0, 0, 0, 1, 2, 4]] {
            #expect(throws: SnapshotDecodingError.self) { _ = try restored(damaged, tables: nil) }
        }
        // Bytes left over inside the section.
        #expect(throws: SnapshotDecodingError.self) { _ = try restored([4, 0, 0, 0, 1, 2, 4, 0], tables: nil) }
    }

    @Test("a restored section that does not decode reads as empty, marks the tables damaged and is never written")
    func undecodableSectionIsNeverTrusted() throws {
        let tables = try emptyTables()
        let damaged = try restored([4, 0, 0, 0, 2, 2, 4, 2], tables: tables)
        #expect(!tables.damageDetected, "nothing is decoded before the section is used")
        #expect(damaged.wrappedValue.isEmpty)
        #expect(tables.damageDetected)
        #expect(throws: SnapshotDecodingError.self) { _ = try write(damaged, delta: false) }
        var mutated = try restored([4, 0, 0, 0, 2, 2, 4, 2], tables: try emptyTables())
        mutated.wrappedValue[5] = 6
        #expect(mutated.wrappedValue == [5: 6])
    }

    @Test("restored before each beneficiary registration of the demo and fed it, the delta copies the untouched sections and ends as a replay")
    func registrationCopiesUntouchedSections() throws {
        let entries = try SnapshotTestJournal.entries(try SnapshotTestJournal.lines(SnapshotTestJournal.demoPath))
        let all = DemoEntries(entries: entries)
        let cuts = entries.indices.filter { $0 > 0 && entries[$0].kind == "beneficiary.register" }
        #expect(!cuts.isEmpty)
        var prefix = FlaggingValidator()
        var next = 0
        for cut in cuts {
            while next < cut {
                prefix.apply(entries[next], earlierEntries: EarlierEntries(all, count: next))
                next += 1
            }
            let (payload, area) = try prefix.tabledSnapshot()
            let tree = StateSnapshotTables.hashTree(of: area)
            let tables = try #require(StateSnapshotTables(area: area, levels: tree.levels, root: tree.root))
            var restored = FlaggingValidator()
            try restored.restore(fromSnapshot: payload, tables: tables)
            restored.apply(entries[cut], earlierEntries: EarlierEntries(all, count: cut))
            var replayed = prefix
            replayed.apply(entries[cut], earlierEntries: EarlierEntries(all, count: cut))
            let delta = try #require(try restored.deltaSnapshot())
            // A registration changes no fund, project or period total: those sections are the base's bytes.
            let projection = prefix.validator.projection
            for section in [sectionBytes(projection.funds) { sink, fund in fund.snapshotEncode(to: sink) },
                            sectionBytes(projection.projects) { sink, project in project.snapshotEncode(to: sink) }] {
                #expect(payload.containsRun(section), "cut \(cut)")
                #expect(delta.containsRun(section), "cut \(cut): an untouched section was not copied")
            }
            var fromDelta = FlaggingValidator()
            try fromDelta.restore(fromSnapshot: delta, tables: tables)
            #expect(ValidatorFigures(fromDelta) == ValidatorFigures(replayed), "cut \(cut)")
            #expect(!tables.damageDetected)
        }
    }

    @Test("a delta names the sections it kept from the base payload instead of copying them, and is read back only with that base")
    func deltaNamesBaseSections() throws {
        let entries = try SnapshotTestJournal.entries(try SnapshotTestJournal.lines(SnapshotTestJournal.demoPath))
        let all = DemoEntries(entries: entries)
        let cut = try #require(entries.indices.last { entries[$0].kind == "beneficiary.register" })
        var prefix = FlaggingValidator()
        for index in 0..<cut { prefix.apply(entries[index], earlierEntries: EarlierEntries(all, count: index)) }
        let (payload, area) = try prefix.tabledSnapshot()
        let tree = StateSnapshotTables.hashTree(of: area)
        let tables = try #require(StateSnapshotTables(area: area, levels: tree.levels, root: tree.root))
        tables.basePayload = payload
        var restored = FlaggingValidator()
        try restored.restore(fromSnapshot: payload, tables: tables)
        var replayed = prefix
        for index in cut..<entries.count {
            restored.apply(entries[index], earlierEntries: EarlierEntries(all, count: index))
            replayed.apply(entries[index], earlierEntries: EarlierEntries(all, count: index))
            // Each delta is read back over the same base and fed the next entry, as successive appends do.
            let delta = try #require(try restored.deltaSnapshot())
            let funds = sectionBytes(prefix.validator.projection.funds) { sink, fund in fund.snapshotEncode(to: sink) }
            if index == cut { #expect(!delta.containsRun(funds), "the base's funds section was copied, not named") }
            var fromDelta = FlaggingValidator()
            try fromDelta.restore(fromSnapshot: delta, tables: tables)
            #expect(ValidatorFigures(fromDelta) == ValidatorFigures(replayed), "entry \(index)")
            restored = fromDelta
            // Without the base payload the names cannot be resolved: the delta is refused, never half read.
            let tree = StateSnapshotTables.hashTree(of: area)
            let bare = try #require(StateSnapshotTables(area: area, levels: tree.levels, root: tree.root))
            var unresolved = FlaggingValidator()
            #expect(throws: SnapshotDecodingError.self) { try unresolved.restore(fromSnapshot: delta, tables: bare) }
        }
        #expect(!tables.damageDetected)
    }

    /// The section bytes of a dictionary keyed by string, as the projection writes them.
    private func sectionBytes<Value>(_ dictionary: [String: Value], _ writeValue: (SnapshotByteSink, Value) -> Void) -> [UInt8] {
        let sink = SnapshotByteSink()
        sink.writeSection {
            sink.writeDictionary(dictionary) { key, value in
                sink.writeString(key)
                writeValue(sink, value)
            }
        }
        return sink.bytes
    }
}

/// The demo's entries in memory, as `JournalEntryLookup`.
private struct DemoEntries: JournalEntryLookup {
    let entries: [JournalEntry]

    func entry(atSequence sequence: Int) throws -> JournalEntry? {
        entries.indices.contains(sequence) ? entries[sequence] : nil
    }
}

extension Array where Element == UInt8 {
    /// Whether `part` occurs in these bytes as a contiguous run.
    fileprivate func containsRun(_ part: [UInt8]) -> Bool {
        guard !part.isEmpty, part.count <= count else { return part.isEmpty }
        return indices.prefix(count - part.count + 1).contains { self[$0..<$0 + part.count].elementsEqual(part) }
    }
}
