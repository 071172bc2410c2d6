// Goal: `SnapshotMap` behaves exactly as a dictionary under any sequence of reads and writes (and of
// `insertIfAbsent` and `reserveCapacity`), whether its entries are in memory, in a table read by key,
// or in a table plus changes restored from a delta;
// a damaged table is reported (`damageDetected`), never read as a silently wrong value.
//
// Method: seeded random operations applied to a map and to a plain dictionary side by side, with the
// map written and read back (inline, as tables, as a delta over those tables, merged into new tables)
// between rounds; the seed is printed with every failure.
import LedgerJournal
import LedgerTestSupport
import Testing
@testable import FundSupervision

@Suite("Snapshot map (tabled registers)")
struct SnapshotMapTests {
    private static let coding = intListMapCoding

    private struct Written {
        var payload: [UInt8]
        var tables: StateSnapshotTables?
    }

    private func tabled(_ map: SnapshotMap<Int, [Int]>) throws -> Written {
        let sink = SnapshotByteSink()
        sink.tableArea = []
        try map.snapshotEncode(to: sink, coding: Self.coding)
        let area = sink.tableArea ?? []
        let tree = StateSnapshotTables.hashTree(of: area)
        return Written(payload: sink.bytes, tables: StateSnapshotTables(area: area, levels: tree.levels, root: tree.root))
    }

    private func delta(_ map: SnapshotMap<Int, [Int]>) throws -> [UInt8] {
        let sink = SnapshotByteSink()
        sink.writesDelta = true
        try map.snapshotEncode(to: sink, coding: Self.coding)
        return sink.bytes
    }

    private func inline(_ map: SnapshotMap<Int, [Int]>) throws -> [UInt8] {
        let sink = SnapshotByteSink()
        try map.snapshotEncode(to: sink, coding: Self.coding)
        return sink.bytes
    }

    private func read(_ bytes: [UInt8], tables: StateSnapshotTables?) throws -> SnapshotMap<Int, [Int]> {
        let source = SnapshotByteSource(bytes, tables: tables)
        let map = try SnapshotMap<Int, [Int]>.snapshotDecode(from: source, coding: Self.coding)
        #expect(source.position == bytes.count)
        return map
    }

    /// Random reads and writes on both; every read must agree.
    private func exercise(_ map: inout SnapshotMap<Int, [Int]>, _ reference: inout [Int: [Int]], operations: Int,
                          keys: Int, using generator: inout SeededRandomNumberGenerator, seed: UInt64) {
        for step in 0..<operations {
            let key = Int.random(in: -keys...keys, using: &generator)
            let value = Int.random(in: 0..<1_000, using: &generator)
            switch Int.random(in: 0..<8, using: &generator) {
            case 0:
                map[key] = [value]
                reference[key] = [value]
            case 1:
                map[key] = nil
                reference[key] = nil
            case 2:
                map[key, default: []].append(value)
                reference[key, default: []].append(value)
            case 3:
                map[key]?.append(value)
                reference[key]?.append(value)
            case 4:
                map[key]?.removeAll()
                reference[key]?.removeAll()
            case 5:
                // Stores only when absent; returns what was there (R-DUPLICATE's first voucher use).
                let held = reference[key]
                if held == nil { reference[key] = [value] }
                #expect(map.insertIfAbsent([value], forKey: key) == held, "seed \(seed) step \(step) key \(key)")
            case 6:
                // Room only: no entry changes (a tabled map ignores it).
                map.reserveCapacity(Int.random(in: 0...(3 * keys), using: &generator))
            default:
                break
            }
            let probe = Int.random(in: -keys...keys, using: &generator)
            #expect(map[probe] == reference[probe], "seed \(seed) step \(step) key \(probe)")
            #expect(map[probe, default: [-1]] == reference[probe, default: [-1]], "seed \(seed) step \(step)")
        }
        #expect(map.dictionary == reference, "seed \(seed)")
        #expect(map.count == reference.count, "seed \(seed)")
    }

    @Test("a map read from tables and deltas agrees with a dictionary under random operations")
    func randomOperationsMatchADictionary() throws {
        for seed: UInt64 in 1...12 {
            var generator = SeededRandomNumberGenerator(seed: seed)
            let keys = [3, 40, 2_000][Int(seed % 3)]
            var map = SnapshotMap<Int, [Int]>()
            var reference: [Int: [Int]] = [:]
            exercise(&map, &reference, operations: 400, keys: keys, using: &generator, seed: seed)
            // Tables, then changes over them, then a delta of those changes over the same tables, twice.
            let written = try tabled(map)
            let tables = try #require(written.tables)
            map = try read(written.payload, tables: tables)
            #expect(map.isTabled)
            for round in 0..<8 {
                exercise(&map, &reference, operations: 200, keys: keys, using: &generator, seed: seed)
                map = try read(try delta(map), tables: tables)
                #expect(map.dictionary == reference, "seed \(seed) delta round \(round)")
            }
            // Merged into new tables, and written inline: the same entries.
            let merged = try tabled(map)
            var fromMerged = try read(merged.payload, tables: merged.tables)
            exercise(&fromMerged, &reference, operations: 100, keys: keys, using: &generator, seed: seed)
            let fromInline = try read(try inline(fromMerged), tables: nil)
            #expect(!fromInline.isTabled)
            #expect(fromInline.dictionary == reference, "seed \(seed) inline")
            #expect(!tables.damageDetected && merged.tables?.damageDetected == false, "seed \(seed)")
        }
    }

    @Test("delta changes are kept as bytes: a delta of an untouched map copies them, a touched key replaces its record")
    func deltaChangesAreCopied() throws {
        var generator = SeededRandomNumberGenerator(seed: 31)
        var map = SnapshotMap<Int, [Int]>()
        var reference: [Int: [Int]] = [:]
        exercise(&map, &reference, operations: 600, keys: 300, using: &generator, seed: 31)
        let written = try tabled(map)
        let tables = try #require(written.tables)
        var restored = try read(written.payload, tables: tables)
        exercise(&restored, &reference, operations: 300, keys: 400, using: &generator, seed: 31)
        let first = try delta(restored)
        // Read back and written again untouched: the same bytes (the changes are copied, not re-encoded).
        let again = try read(first, tables: tables)
        #expect(try delta(again) == first)
        // Many rounds of a few changes each: every read agrees with the dictionary, and the delta never
        // holds a key twice (its changes replace the records of keys changed again).
        var current = again
        for round in 0..<25 {
            exercise(&current, &reference, operations: 7, keys: 400, using: &generator, seed: UInt64(round))
            let bytes = try delta(current)
            current = try read(bytes, tables: tables)
            for key in -400...400 where current[key] != reference[key] {
                Issue.record("round \(round): key \(key) reads \(String(describing: current[key]))")
                break
            }
            current = try read(bytes, tables: tables)
        }
        #expect(current.dictionary == reference)
        #expect(!tables.damageDetected)
    }

    @Test("a tabled map without its tables is refused; a damaged table is reported, not trusted")
    func damagedTablesAreReported() throws {
        var generator = SeededRandomNumberGenerator(seed: 99)
        var map = SnapshotMap<Int, [Int]>()
        for key in 0..<3_000 { map[key] = [key, Int.random(in: 0..<100, using: &generator)] }
        let written = try tabled(map)
        #expect(throws: SnapshotDecodingError.self) { _ = try read(written.payload, tables: nil) }
        let sink = SnapshotByteSink()
        sink.tableArea = []
        try map.snapshotEncode(to: sink, coding: Self.coding)
        var area = try #require(sink.tableArea)
        let tree = StateSnapshotTables.hashTree(of: area)
        for _ in 0..<20 {
            let victim = Int.random(in: 0..<area.count, using: &generator)
            area[victim] ^= 0x20
            let tables = try #require(StateSnapshotTables(area: area, levels: tree.levels, root: tree.root))
            let restored = try read(written.payload, tables: tables)
            var wrong = 0
            for key in 0..<3_000 where restored[key] != map[key] { wrong += 1 }
            // Every key whose bytes lie in the damaged block reads wrongly, and then damage is reported.
            #expect(wrong == 0 || tables.damageDetected, "victim byte \(victim)")
            #expect(tables.damageDetected, "victim byte \(victim): the whole map was read, so the block was touched")
            area[victim] ^= 0x20
        }
    }
}
