// Goal: when the appended tail of `JOURNAL.ids` reaches its limit, the file is rewritten with the tail
// merged into the sorted records: exactly the bytes of the index written whole from scratch, every id
// still found. Method: seeded ids (some repeated) inserted in batches through `persist`, compared with
// a fresh index of the same records; loaded whole, and loaded keeping only a few ids as an append
// loads it (the new records then go into the rewrite without being appended first).
import Foundation
import LedgerJournal
import LedgerTestSupport
import Testing

@Suite("Entry-id index, tail merged into the sorted records")
struct EntryIDIndexRewriteTests {
    @Test("a rewrite after a long appended tail gives the bytes of the index written whole")
    func mergedRewriteEqualsWholeWrite() throws {
        for (seed, partial): (UInt64, Bool) in [(1, false), (2, false), (3, true), (4, true)] {
            let directory = try TemporaryDirectory(prefix: "fundledger-ids")
            defer { directory.remove() }
            let path = directory.file("journal.jsonl")
            let wholePath = directory.file("whole.jsonl")
            var generator = SeededRandomNumberGenerator(seed: seed)
            var records: [(id: [UInt8], location: EntryIDLocation)] = []
            var index = EntryIDIndex(journalPath: path)
            // Batches of appends; the third and the fourth pass the tail limit and rewrite the file.
            for batch in [3_000, 1_000, 5_000, 4_500, 200] {
                if !records.isEmpty {
                    index = try #require(EntryIDIndex.load(
                        journalPath: path, entryCount: records.count, lastLineByteOffset: records.last?.location.byteOffset,
                        keepingOnly: partial ? [records[0].id, Array("absent".utf8)] : nil))
                }
                for _ in 0..<batch {
                    let sequence = records.count
                    // One id in 50 repeats an earlier one (a hash with two candidates).
                    let id = sequence > 0 && Int.random(in: 0..<50, using: &generator) == 0
                        ? records[Int.random(in: 0..<sequence, using: &generator)].id
                        : Array("id-\(UInt64.random(in: 0..<UInt64.max, using: &generator))".utf8)
                    let location = EntryIDLocation(sequence: sequence, byteOffset: Int64(sequence) * 100)
                    records.append((id, location))
                    index.insert(id: id, at: location)
                }
                try index.persist()
            }
            var whole = EntryIDIndex(journalPath: wholePath)
            for record in records { whole.insert(id: record.id, at: record.location) }
            try whole.persist()
            let bytes = try storageFileBytes(index.path)
            let wholeBytes = try storageFileBytes(whole.path)
            // The last batch (200) stays in the appended tail: compare the rewritten prefix and the tail.
            let sortedBytes = EntryIDIndex.headerByteCount + (records.count - 200) * EntryIDIndex.recordByteCount
            var rewritten = EntryIDIndex(journalPath: directory.file("prefix.jsonl"))
            for record in records.dropLast(200) { rewritten.insert(id: record.id, at: record.location) }
            try rewritten.persist()
            let prefixBytes = try storageFileBytes(rewritten.path)
            #expect(Array(bytes[EntryIDIndex.headerByteCount..<sortedBytes]) == Array(prefixBytes[EntryIDIndex.headerByteCount...]),
                    "seed \(seed): the merged records differ from a whole write")
            #expect(bytes.count == wholeBytes.count, "seed \(seed)")
            let loaded = try #require(EntryIDIndex.load(journalPath: path, entryCount: records.count,
                                                        lastLineByteOffset: records.last?.location.byteOffset))
            for record in records {
                #expect(loaded.candidates(forID: record.id).contains(record.location), "seed \(seed) sequence \(record.location.sequence)")
            }
        }
    }

    @Test("a rewrite over sorted records that are out of order sorts them all, as a whole write would")
    func rewriteOverDisorderedRecordsSortsThem() throws {
        let directory = try TemporaryDirectory(prefix: "fundledger-ids")
        defer { directory.remove() }
        let path = directory.file("journal.jsonl")
        var generator = SeededRandomNumberGenerator(seed: 9)
        var records: [(id: [UInt8], location: EntryIDLocation)] = []
        func insert(_ count: Int, into index: inout EntryIDIndex) {
            for _ in 0..<count {
                let sequence = records.count
                let id = Array("id-\(UInt64.random(in: 0..<UInt64.max, using: &generator))".utf8)
                let location = EntryIDLocation(sequence: sequence, byteOffset: Int64(sequence) * 100)
                records.append((id, location))
                index.insert(id: id, at: location)
            }
        }
        var index = EntryIDIndex(journalPath: path)
        insert(3_000, into: &index)
        try index.persist()
        // Swap the first two sorted records in the file: still loadable, no longer in order.
        var bytes = try storageFileBytes(index.path)
        let first = EntryIDIndex.headerByteCount, size = EntryIDIndex.recordByteCount
        let swapped = Array(bytes[(first + size)..<(first + 2 * size)]) + Array(bytes[first..<(first + size)])
        bytes.replaceSubrange(first..<(first + 2 * size), with: swapped)
        try Data(bytes).write(to: URL(fileURLWithPath: index.path))
        index = try #require(EntryIDIndex.load(journalPath: path, entryCount: records.count,
                                               lastLineByteOffset: records.last?.location.byteOffset))
        insert(4_106, into: &index)  // past the tail limit (4,096): the file is rewritten
        try index.persist()
        var whole = EntryIDIndex(journalPath: directory.file("whole.jsonl"))
        for record in records { whole.insert(id: record.id, at: record.location) }
        try whole.persist()
        #expect(try storageFileBytes(index.path) == storageFileBytes(whole.path))
    }
}
