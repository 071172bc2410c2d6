// Goal: a new base merged from an old one (unchanged tables copied as blocks with their hashes,
// changed tables merged from their old records and the changes) holds exactly the tables a base
// written from scratch holds, byte for byte, with the same hash tree; a damaged block in a copied
// region stays damaged and detected in the new base; a validator restored from merged bases at
// random cuts and fed the rest ends as a full replay does.
//
// Method: seeded random operations on several `SnapshotMap`s written into one table area, merged
// again and again, compared with areas built from the same entries held in memory; synthetic
// journals (seeded) fed to `FlaggingValidator`s cut at random points, each cut's state written as a
// merged base over the previous one. The seed is printed with every failure.
import Foundation
@testable import LedgerJournal
import LedgerTestSupport
import Testing
@testable import FundSupervision

@Suite("State base merge (JOURNAL.state written from the old base)")
struct StateSnapshotMergeTests {
    private typealias Map = SnapshotMap<Int, [Int]>

    private static let coding = intListMapCoding

    /// A table area written for `maps` in order, its payload, its hash tree and the tables over it.
    private struct Base {
        var payload: [UInt8]
        var area: [UInt8]
        var levels: [UInt8]
        var root: [UInt8]
        var tables: StateSnapshotTables
        /// How many runs of blocks were copied from the old base (one per unchanged table).
        var copyCount = 0
    }

    /// Writes `maps` as tables; when `old` is given the copies recorded from it are reused for the tree.
    private func write(_ maps: [Map], over old: StateSnapshotTables? = nil) throws -> Base {
        _ = old?.takeBlockCopies()
        let sink = SnapshotByteSink()
        sink.tableArea = []
        for map in maps { try map.snapshotEncode(to: sink, coding: Self.coding) }
        let area = try #require(sink.tableArea)
        let copies = old?.takeBlockCopies() ?? []
        let tree = try StateSnapshotTables.hashTree(of: area, reusing: copies, from: old)
        let tables = try #require(StateSnapshotTables(area: area, levels: tree.levels, root: tree.root))
        return Base(payload: sink.bytes, area: area, levels: tree.levels, root: tree.root, tables: tables,
                    copyCount: copies.count)
    }

    private func read(_ base: Base, count: Int) throws -> [Map] {
        let source = SnapshotByteSource(base.payload, tables: base.tables)
        let maps = try (0..<count).map { _ in try Map.snapshotDecode(from: source, coding: Self.coding) }
        #expect(source.position == base.payload.count)
        return maps
    }

    /// Random changes to `map` and `reference` alike (`changeIntLists`).
    private func change(_ map: inout Map, _ reference: inout [Int: [Int]], operations: Int, keys: Int,
                        using generator: inout SeededRandomNumberGenerator) {
        changeIntLists(&map, &reference, operations: operations, keys: keys, rewritesUnchanged: true, using: &generator)
    }

    /// The byte count of the records of a table holding `entries`.
    private func recordsByteCount(_ entries: [Int: [Int]]) throws -> Int {
        try entries.reduce(0) { total, entry in
            let record = try SnapshotMapTable<Int, [Int]>.pendingRecord(entry.key, entry.value, coding: Self.coding)
            return total + SnapshotMapTable<Int, [Int]>.recordHeaderByteCount + record.key.count + record.value.count
        }
    }

    @Test("a base merged from the old one has the bytes and hash tree of one written from scratch")
    func mergedBaseEqualsFromScratch() throws {
        for seed: UInt64 in 1...8 {
            var generator = SeededRandomNumberGenerator(seed: seed)
            let mapCount = 4
            let keyCounts = (0..<mapCount).map { _ in [0, 5, 300, 3_000][Int.random(in: 0..<4, using: &generator)] }
            var references: [[Int: [Int]]] = Array(repeating: [:], count: mapCount)
            var maps: [Map] = Array(repeating: Map(), count: mapCount)
            for index in 0..<mapCount {
                change(&maps[index], &references[index], operations: keyCounts[index] * 2, keys: max(keyCounts[index], 1),
                       using: &generator)
            }
            var base = try write(maps)
            for round in 0..<6 {
                maps = try read(base, count: mapCount)
                // Some maps change (few or many keys), the others are copied as they are.
                var unchangedCount = mapCount
                for index in 0..<mapCount where Bool.random(using: &generator) {
                    unchangedCount -= 1
                    let operations = [1, 20, 2_000][Int.random(in: 0..<3, using: &generator)]
                    change(&maps[index], &references[index], operations: operations, keys: max(keyCounts[index], 1) * 2,
                           using: &generator)
                }
                let merged = try write(maps, over: base.tables)
                let scratch = try write(references.map { Map($0) })
                #expect(merged.copyCount == unchangedCount, "seed \(seed) round \(round): unchanged tables not copied as blocks")
                #expect(merged.area == scratch.area, "seed \(seed) round \(round): table areas differ")
                #expect(merged.payload == scratch.payload, "seed \(seed) round \(round): descriptors differ")
                #expect(merged.levels == scratch.levels && merged.root == scratch.root, "seed \(seed) round \(round): trees differ")
                #expect(merged.tables.checkAll(), "seed \(seed) round \(round)")
                #expect(!base.tables.damageDetected, "seed \(seed) round \(round)")
                let restored = try read(merged, count: mapCount)
                for index in 0..<mapCount {
                    #expect(restored[index].dictionary == references[index], "seed \(seed) round \(round) map \(index)")
                }
                base = merged
            }
        }
    }

    @Test("a table whose records are out of order is rebuilt, with the bytes of one written from scratch")
    func unorderedTableIsRebuilt() throws {
        var generator = SeededRandomNumberGenerator(seed: 23)
        var reference: [Int: [Int]] = [:]
        for key in 0..<500 { reference[key] = [Int.random(in: 0..<100, using: &generator)] }
        // Records in descending table order: a valid table that `build` would not have written.
        var records = try reference.map { try SnapshotMapTable<Int, [Int]>.pendingRecord($0.key, $0.value, coding: Self.coding) }
        records.sort(by: SnapshotMapTable<Int, [Int]>.PendingRecord.precedes)
        var writer = SnapshotMapTable<Int, [Int]>.TableWriter(area: [], expectedCount: records.count)
        for record in records.reversed() { writer.append(record) }
        var area: [UInt8] = []
        let descriptor = writer.finish(into: &area)
        let sink = SnapshotByteSink()
        sink.bytes.append(1)
        descriptor.write(to: sink)
        sink.writeVarint(0)
        sink.writeVarint(0)
        let tree = StateSnapshotTables.hashTree(of: area)
        let tables = try #require(StateSnapshotTables(area: area, levels: tree.levels, root: tree.root))
        let unordered = Base(payload: sink.bytes, area: area, levels: tree.levels, root: tree.root, tables: tables)
        var map = try read(unordered, count: 1)[0]
        #expect(map.dictionary == reference)
        map[7] = [1, 2, 3]
        reference[7] = [1, 2, 3]
        let merged = try write([map], over: tables)
        #expect(merged.area == (try write([Map(reference)])).area)
        #expect(!tables.damageDetected)
    }

    @Test("a damaged block in a copied table stays damaged, and is detected, in the merged base")
    func damageInCopiedBlocksIsCarriedAndDetected() throws {
        var generator = SeededRandomNumberGenerator(seed: 21)
        var references: [[Int: [Int]]] = Array(repeating: [:], count: 3)
        var maps: [Map] = Array(repeating: Map(), count: 3)
        for index in 0..<3 { change(&maps[index], &references[index], operations: 4_000, keys: 2_000, using: &generator) }
        let clean = try write(maps)
        for trial in 0..<12 {
            // Damage a byte of the first table's records (the table stays unchanged and starts at 0),
            // then merge a change to the second.
            let victim = Int.random(in: 0..<(try recordsByteCount(references[0])), using: &generator)
            var damagedArea = clean.area
            damagedArea[victim] ^= 0x04
            let damaged = try #require(StateSnapshotTables(area: damagedArea, levels: clean.levels, root: clean.root))
            let damagedBase = Base(payload: clean.payload, area: damagedArea, levels: clean.levels, root: clean.root,
                                   tables: damaged)
            var restored = try read(damagedBase, count: 3)
            restored[1][-1] = [trial]
            let merged = try write(restored, over: damaged)
            #expect(!merged.tables.checkAll(), "trial \(trial) victim \(victim): the damage was laundered")
            let reread = try read(merged, count: 3)
            _ = reread[0].dictionary
            #expect(merged.tables.damageDetected, "trial \(trial) victim \(victim): reading the copied table missed the damage")
        }
    }

    @Test("a damaged block in a changed table stops the merge instead of rehashing it")
    func damageInMergedTableStopsTheMerge() throws {
        var generator = SeededRandomNumberGenerator(seed: 22)
        var reference: [Int: [Int]] = [:]
        var map = Map()
        change(&map, &reference, operations: 6_000, keys: 3_000, using: &generator)
        let clean = try write([map])
        for trial in 0..<12 {
            var damagedArea = clean.area
            // A byte of the records (the table starts at 0; its records come first).
            let victim = Int.random(in: 0..<(try recordsByteCount(reference)), using: &generator)
            damagedArea[victim] ^= 0x01
            let damaged = try #require(StateSnapshotTables(area: damagedArea, levels: clean.levels, root: clean.root))
            let base = Base(payload: clean.payload, area: damagedArea, levels: clean.levels, root: clean.root, tables: damaged)
            var restored = try read(base, count: 1)
            restored[0][100_000 + trial] = [trial]
            #expect(throws: (any Error).self, "trial \(trial) victim \(victim)") { _ = try write(restored, over: damaged) }
            #expect(damaged.damageDetected, "trial \(trial) victim \(victim)")
        }
    }
}

@Suite("Fund validator state merged into new bases")
struct FlaggingValidatorMergeTests {
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

    /// The validator's tabled state as a base (payload, tables), merged over `old` when given.
    private func base(of validator: FlaggingValidator, over old: StateSnapshotTables?) throws
        -> (payload: [UInt8], area: [UInt8], tables: StateSnapshotTables) {
        _ = old?.takeBlockCopies()
        let (payload, area) = try validator.tabledSnapshot()
        let tree = try StateSnapshotTables.hashTree(of: area, reusing: old?.takeBlockCopies() ?? [], from: old)
        #expect(tree.levels == StateSnapshotTables.hashTree(of: area).levels, "a reused block hash is not the block's hash")
        return (payload, area, try #require(StateSnapshotTables(area: area, levels: tree.levels, root: tree.root)))
    }

    @Test("restored from bases merged at random cuts, the validator ends as a full replay does")
    func mergedBasesAtRandomCuts() throws {
        for seed: UInt64 in [4, 5, 6] {
            let scratch = try TemporaryDirectory(prefix: "fundledger-merge")
            defer { scratch.remove() }
            _ = try SyntheticJournal.write(events: 2_000, seed: seed, directory: scratch.path)
            let entries = try SnapshotTestJournal.entries(try SnapshotTestJournal.lines(scratch.file("journal.jsonl")))
            var generator = SeededRandomNumberGenerator(seed: seed)
            let cuts = ((0..<4).map { _ in Int.random(in: 1..<entries.count, using: &generator) } + [entries.count]).sorted()
            let reference = ValidatorFigures(fed(entries[...], of: entries))
            // The first base is written from scratch; each later one merged over the one before.
            var validator = fed(entries[..<cuts[0]], of: entries)
            var current = try base(of: validator, over: nil)
            for (previousCut, cut) in zip(cuts, cuts.dropFirst()) {
                var restored = FlaggingValidator()
                try restored.restore(fromSnapshot: current.payload, tables: current.tables)
                validator = fed(entries[previousCut..<cut], of: entries, into: restored)
                let merged = try base(of: validator, over: current.tables)
                let label = "seed \(seed) cuts \(cuts) at \(cut)"
                #expect(!current.tables.damageDetected, "\(label)")
                // Byte for byte as from scratch, except that a table value holding a dictionary is
                // written in that dictionary's order (docs/FORMAT.md §1): compared by content then.
                let fromScratch = try base(of: fed(entries[..<cut], of: entries), over: nil)
                #expect(merged.area.count == fromScratch.area.count, "\(label): area sizes differ")
                var fromMerged = FlaggingValidator()
                try fromMerged.restore(fromSnapshot: merged.payload, tables: merged.tables)
                var fromScratchRestored = FlaggingValidator()
                try fromScratchRestored.restore(fromSnapshot: fromScratch.payload, tables: fromScratch.tables)
                #expect(ValidatorFigures(fromMerged) == ValidatorFigures(fromScratchRestored), "\(label)")
                current = merged
            }
            var last = FlaggingValidator()
            try last.restore(fromSnapshot: current.payload, tables: current.tables)
            #expect(ValidatorFigures(last) == reference, "seed \(seed) cuts \(cuts): merged bases differ from a full replay")
            #expect(!current.tables.damageDetected)
        }
    }
}
