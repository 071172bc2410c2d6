// Goal: the two ways a new base avoids rewriting what did not change hold exactly the state a base
// written from scratch holds: a large table with few changes keeps an overflow table (the old
// table's blocks copied, the changes and removals in a small table read first), and a base read from
// a file is extended in place by a generation appended to the file (unchanged tables stay where they
// are). A crash that cuts the appended generation anywhere leaves a file that is ignored (rebuilt by
// a replay), and a damaged byte of a generation is refused or reported, never trusted.
//
// Method: seeded random operations on a `SnapshotMap` merged round after round with overflow tables
// allowed at any size (`SnapshotMapOverflowPolicy`), compared with a dictionary; a synthetic journal
// (seeded) fed to `FlaggingValidator`s cut at several points, each cut's state stored over the base
// file of the previous cut, restored from the file and compared with a full replay, with every cut
// of each appended generation and random flipped bytes tried. The seed is printed with every failure.
import Foundation
@testable import LedgerJournal
import LedgerTestSupport
import Testing
@testable import FundSupervision

@Suite("State base generations and overflow tables")
struct StateSnapshotGenerationTests {
    private typealias Map = SnapshotMap<Int, [Int]>

    private static let coding = intListMapCoding

    private struct Base {
        var payload: [UInt8]
        var tables: StateSnapshotTables
    }

    private func write(_ map: Map, over old: StateSnapshotTables? = nil) throws -> Base {
        _ = old?.takeBlockCopies()
        let sink = SnapshotByteSink()
        sink.tableArea = []
        try map.snapshotEncode(to: sink, coding: Self.coding)
        let area = try #require(sink.tableArea)
        let tree = try StateSnapshotTables.hashTree(of: area, reusing: old?.takeBlockCopies() ?? [], from: old)
        #expect(tree.levels == StateSnapshotTables.hashTree(of: area).levels, "a reused block hash is not the block's hash")
        return Base(payload: sink.bytes, tables: try #require(StateSnapshotTables(area: area, levels: tree.levels, root: tree.root)))
    }

    private func read(_ base: Base) throws -> Map {
        let source = SnapshotByteSource(base.payload, tables: base.tables)
        let map = try Map.snapshotDecode(from: source, coding: Self.coding)
        #expect(source.position == base.payload.count)
        return map
    }

    /// Random changes to `map` and `reference` alike (`changeIntLists`).
    private func change(_ map: inout Map, _ reference: inout [Int: [Int]], operations: Int, keys: Int,
                        using generator: inout SeededRandomNumberGenerator) {
        changeIntLists(&map, &reference, operations: operations, keys: keys, rewritesUnchanged: false, using: &generator)
    }

    @Test("with overflow tables, a map merged round after round holds what a dictionary holds, removals included")
    func overflowTablesAgreeWithADictionary() throws {
        try SnapshotMapOverflowPolicy.$minimumMainByteCount.withValue(0) {
            for seed: UInt64 in 1...6 {
                var generator = SeededRandomNumberGenerator(seed: seed)
                var reference: [Int: [Int]] = [:]
                var map = Map()
                change(&map, &reference, operations: 4_000, keys: 2_000, using: &generator)
                var base = try write(map)
                var overflowRounds = 0
                var wholeRounds = 0
                for round in 0..<14 {
                    var restored = try read(base)
                    let operations = [1, 20, 200, 900][Int.random(in: 0..<4, using: &generator)]
                    change(&restored, &reference, operations: operations, keys: 3_000, using: &generator)
                    let merged = try write(restored, over: base.tables)
                    if merged.payload.first == 2 { overflowRounds += 1 } else { wholeRounds += 1 }
                    let reread = try read(merged)
                    #expect(reread.dictionary == reference, "seed \(seed) round \(round)")
                    let fresh = try read(merged)
                    for key in 0..<3_000 where fresh[key] != reference[key] {
                        Issue.record("seed \(seed) round \(round): key \(key) reads \(String(describing: fresh[key]))")
                        break
                    }
                    #expect(merged.tables.checkAll() && !merged.tables.damageDetected && !base.tables.damageDetected,
                            "seed \(seed) round \(round)")
                    base = merged
                }
                #expect(overflowRounds > 0 && wholeRounds > 0, "seed \(seed): \(overflowRounds) overflow, \(wholeRounds) whole")
            }
        }
    }

    @Test("small tables are merged whole, with the bytes of one written from scratch")
    func smallTablesHaveNoOverflow() throws {
        var generator = SeededRandomNumberGenerator(seed: 3)
        var reference: [Int: [Int]] = [:]
        var map = Map()
        change(&map, &reference, operations: 3_000, keys: 2_000, using: &generator)
        let base = try write(map)
        var restored = try read(base)
        change(&restored, &reference, operations: 5, keys: 2_000, using: &generator)
        let merged = try write(restored, over: base.tables)
        #expect(merged.payload.first == 1)
        #expect(merged.payload == (try write(Map(reference))).payload)
    }

    @Test("a damaged byte of an overflow table is reported when read, never read as a wrong value")
    func damagedOverflowIsReported() throws {
        try SnapshotMapOverflowPolicy.$minimumMainByteCount.withValue(0) {
            var generator = SeededRandomNumberGenerator(seed: 11)
            var reference: [Int: [Int]] = [:]
            var map = Map()
            change(&map, &reference, operations: 6_000, keys: 3_000, using: &generator)
            let base = try write(map)
            var restored = try read(base)
            change(&restored, &reference, operations: 50, keys: 3_000, using: &generator)
            let sink = SnapshotByteSink()
            sink.tableArea = []
            try restored.snapshotEncode(to: sink, coding: Self.coding)
            #expect(sink.bytes.first == 2)
            var area = try #require(sink.tableArea)
            let tree = StateSnapshotTables.hashTree(of: area)
            // The overflow table is written after the main table's blocks: its bytes are the area's last blocks.
            let overflowStart = base.tables.byteCount
            for trial in 0..<20 {
                let victim = Int.random(in: overflowStart..<area.count, using: &generator)
                area[victim] ^= 0x04
                let tables = try #require(StateSnapshotTables(area: area, levels: tree.levels, root: tree.root))
                let reread = try read(Base(payload: sink.bytes, tables: tables))
                var wrong = 0
                for key in 0..<3_000 where reread[key] != reference[key] { wrong += 1 }
                #expect(wrong == 0 || tables.damageDetected, "trial \(trial) victim \(victim)")
                _ = reread.dictionary
                #expect(tables.damageDetected, "trial \(trial) victim \(victim): the whole map was read")
                area[victim] ^= 0x04
            }
        }
    }

    // MARK: - Generations appended to the base file

    private struct EntryArray: JournalEntryLookup {
        let entries: [JournalEntry]

        func entry(atSequence sequence: Int) throws -> JournalEntry? {
            entries.indices.contains(sequence) ? entries[sequence] : nil
        }
    }

    private func fed(_ entries: ArraySlice<JournalEntry>, of journal: [JournalEntry],
                     into validator: FlaggingValidator = FlaggingValidator()) -> FlaggingValidator {
        var validator = validator
        let all = EntryArray(entries: journal)
        for entry in entries { validator.apply(entry, earlierEntries: EarlierEntries(all, count: entry.sequence)) }
        return validator
    }

    private func position(_ count: Int) -> StateSnapshotPosition {
        StateSnapshotPosition(entryCount: count, lastLineByteOffset: Int64(count), endByteOffset: Int64(count + 1),
                              headHash: EntryHash.ofLine(Array("line \(count)".utf8)))
    }

    /// The validator restored from the base file at `journalPath`, or nil when the file is refused;
    /// also whether damage was reported while its figures were read.
    private func restored(journalPath: String) -> (validator: FlaggingValidator, figures: ValidatorFigures?,
                                                    damaged: Bool, entryCount: Int)? {
        let format = FlaggingValidator().snapshotFormat
        guard let base = StateSnapshotFile.loadBase(journalPath: journalPath, format: format, fileSystem: PosixFileSystem())
        else { return nil }
        var validator = FlaggingValidator()
        guard let payload = base.payload, (try? validator.restore(fromSnapshot: payload, tables: base.tables)) != nil else {
            return (validator, nil, true, base.position.entryCount)
        }
        let figures = ValidatorFigures(validator)
        return (validator, figures, base.tables.damageDetected, base.position.entryCount)
    }

    @Test("a base extended in place restores as a full replay does; a cut or damaged generation is never trusted")
    func generationsAppendedInPlace() throws {
        try SnapshotMapOverflowPolicy.$minimumMainByteCount.withValue(0) {
            let seed: UInt64 = 7
            let scratch = try TemporaryDirectory(prefix: "fundledger-generations")
            defer { scratch.remove() }
            _ = try SyntheticJournal.write(events: 3_000, seed: seed, directory: scratch.path)
            let entries = try SnapshotTestJournal.entries(try SnapshotTestJournal.lines(scratch.file("journal.jsonl")))
            let journalPath = scratch.file("state-test.jsonl")
            let statePath = StateSnapshotFile.path(forJournalAt: journalPath)
            let format = FlaggingValidator().snapshotFormat
            var generator = SeededRandomNumberGenerator(seed: seed)
            let cuts = Array(stride(from: entries.count / 3, to: entries.count, by: max(1, entries.count / 15))) + [entries.count]
            let (payload, area) = try fed(entries[..<cuts[0]], of: entries).tabledSnapshot()
            try #require(StateSnapshotFile.storeBase(payload, tableArea: area, at: position(cuts[0]), format: format,
                                                     journalPath: journalPath, fileSystem: PosixFileSystem()) != nil)
            var extendedCount = 0
            var wholeCount = 0
            for (previousCut, cut) in zip(cuts, cuts.dropFirst()) {
                let label = "seed \(seed) cut \(cut)"
                let base = try #require(StateSnapshotFile.loadBase(journalPath: journalPath, format: format,
                                                                   fileSystem: PosixFileSystem()), "\(label)")
                #expect(base.position.entryCount == previousCut, "\(label)")
                var validator = FlaggingValidator()
                try validator.restore(fromSnapshot: try #require(base.payload), tables: base.tables)
                validator = fed(entries[previousCut..<cut], of: entries, into: validator)
                let oldBytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: statePath)))
                _ = base.tables.takeBlockCopies()
                let (payload, area) = try validator.tabledSnapshot()
                let extended = base.tables.isExtended
                try #require(StateSnapshotFile.storeBase(payload, tableArea: area, at: position(cut), format: format,
                                                         copies: base.tables.takeBlockCopies(), source: base.tables,
                                                         journalPath: journalPath, fileSystem: PosixFileSystem()) != nil,
                             "\(label)")
                #expect(!base.tables.damageDetected, "\(label)")
                let newBytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: statePath)))
                let expected = ValidatorFigures(fed(entries[..<cut], of: entries))
                let current = try #require(restored(journalPath: journalPath), "\(label)")
                #expect(current.entryCount == cut && current.figures == expected && !current.damaged, "\(label)")
                guard extended else {
                    wholeCount += 1
                    continue
                }
                extendedCount += 1
                // Appended: the old bytes are untouched.
                #expect(newBytes.count > oldBytes.count && Array(newBytes.prefix(oldBytes.count)) == oldBytes, "\(label)")
                // A crash anywhere in the generation leaves a file that is ignored; none leaves the old base
                // but the old length itself.
                let appended = newBytes.count - oldBytes.count
                var lengths = Array(stride(from: oldBytes.count + 1, to: newBytes.count, by: max(1, appended / 37)))
                lengths += [newBytes.count - 1, newBytes.count - StateSnapshotFile.trailerByteCount]
                for length in lengths {
                    _ = FileManager.default.createFile(atPath: statePath, contents: Data(newBytes.prefix(length)))
                    #expect(StateSnapshotFile.loadBase(journalPath: journalPath, format: format, fileSystem: PosixFileSystem()) == nil,
                            "\(label): a generation cut at \(length) of \(newBytes.count) bytes was used")
                }
                _ = FileManager.default.createFile(atPath: statePath, contents: Data(oldBytes))
                #expect(restored(journalPath: journalPath)?.entryCount == previousCut, "\(label)")
                // A flipped byte of the generation: refused, or reported when read, or in bytes nothing reads.
                for trial in 0..<12 {
                    var damaged = newBytes
                    let victim = Int.random(in: oldBytes.count..<newBytes.count, using: &generator)
                    damaged[victim] ^= 0x01
                    _ = FileManager.default.createFile(atPath: statePath, contents: Data(damaged))
                    if let result = restored(journalPath: journalPath) {
                        #expect(result.damaged || result.figures == expected,
                                "\(label) trial \(trial): byte \(victim) of \(newBytes.count) changed the state unnoticed")
                    }
                }
                _ = FileManager.default.createFile(atPath: statePath, contents: Data(newBytes))
            }
            #expect(extendedCount > 0 && wholeCount > 0, "seed \(seed): \(extendedCount) extended, \(wholeCount) whole")
        }
    }
}
