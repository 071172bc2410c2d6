// Tests of the entry-id index, a derived cache: trusted only when it matches the journal, and
// rejected when missing, torn, stale or from another journal.

import Foundation
import LedgerJournal
import LedgerTestSupport
import Testing

@Suite("Storage: derived caches")
struct StorageCacheTests {
    @Test("entry-id index finds ids, persists by appending, and reloads only when it matches the journal")
    func entryIDIndexRoundTrip() throws {
        let directory = try TemporaryDirectory(prefix: "fundledger-storage")
        defer { directory.remove() }
        let path = directory.file("journal.jsonl")
        var index = EntryIDIndex(journalPath: path)
        index.insert(id: Array("voucher-1".utf8), at: EntryIDLocation(sequence: 0, byteOffset: 0))
        index.insert(id: Array("voucher-2".utf8), at: EntryIDLocation(sequence: 1, byteOffset: 120))
        try index.persist()
        #expect(
            try storageFileBytes(index.path).count == EntryIDIndex.headerByteCount + 2 * EntryIDIndex.recordByteCount)
        index.insert(id: Array("凭证-3".utf8), at: EntryIDLocation(sequence: 2, byteOffset: 250))
        try index.persist()
        #expect(
            try storageFileBytes(index.path).count == EntryIDIndex.headerByteCount + 3 * EntryIDIndex.recordByteCount)

        let loaded = try #require(EntryIDIndex.load(journalPath: path, entryCount: 3, lastLineByteOffset: 250))
        #expect(loaded.count == 3)
        #expect(loaded.candidates(forID: Array("voucher-2".utf8)) == [EntryIDLocation(sequence: 1, byteOffset: 120)])
        #expect(loaded.candidates(forID: Array("凭证-3".utf8)) == [EntryIDLocation(sequence: 2, byteOffset: 250)])
        #expect(loaded.candidates(forID: Array("voucher-9".utf8)).isEmpty)

        // Stale: the journal has more entries, or its last line is elsewhere.
        #expect(EntryIDIndex.load(journalPath: path, entryCount: 4, lastLineByteOffset: 300) == nil)
        #expect(EntryIDIndex.load(journalPath: path, entryCount: 3, lastLineByteOffset: 251) == nil)
        // Torn: a partial record at the end.
        let bytes = try storageFileBytes(index.path)
        try storageWriteFile(index.path, bytes + [1, 2, 3])
        #expect(EntryIDIndex.load(journalPath: path, entryCount: 3, lastLineByteOffset: 250) == nil)
        // Rebuilt from scratch, persist rewrites the file whole.
        var rebuilt = EntryIDIndex(journalPath: path)
        for (sequence, (id, offset)) in [("voucher-1", 0), ("voucher-2", 120), ("凭证-3", 250)].enumerated() {
            rebuilt.insert(id: Array(id.utf8), at: EntryIDLocation(sequence: sequence, byteOffset: Int64(offset)))
        }
        try rebuilt.persist()
        // Written whole, every record is in the sorted part: the same records, sorted, no tail.
        let rewritten = try storageFileBytes(index.path)
        #expect(rewritten.count == bytes.count)
        #expect(Set(rewritten[EntryIDIndex.headerByteCount...].chunks(of: EntryIDIndex.recordByteCount))
                == Set(bytes[EntryIDIndex.headerByteCount...].chunks(of: EntryIDIndex.recordByteCount)))
        let reloaded = try #require(EntryIDIndex.load(journalPath: path, entryCount: 3, lastLineByteOffset: 250))
        #expect(reloaded.candidates(forID: Array("voucher-1".utf8)) == [EntryIDLocation(sequence: 0, byteOffset: 0)])
    }

    @Test("the same id recorded twice yields both candidates so the caller can decide")
    func duplicateIDsKeepAllCandidates() throws {
        var index = EntryIDIndex(journalPath: "/nonexistent/journal")
        index.insert(id: Array("dup".utf8), at: EntryIDLocation(sequence: 0, byteOffset: 0))
        index.insert(id: Array("dup".utf8), at: EntryIDLocation(sequence: 1, byteOffset: 10))
        #expect(
            index.candidates(forID: Array("dup".utf8))
                == [EntryIDLocation(sequence: 0, byteOffset: 0), EntryIDLocation(sequence: 1, byteOffset: 10)])
        #expect(index.lastLocation == EntryIDLocation(sequence: 1, byteOffset: 10))
    }

    @Test("FNV-1a 64 matches its published test values")
    func idHashKnownAnswers() {
        // Values from the FNV reference test suite (isthe.com/chongo/tech/comp/fnv).
        #expect(EntryIDIndex.idHash([UInt8]()) == 0xcbf2_9ce4_8422_2325)
        #expect(EntryIDIndex.idHash(Array("a".utf8)) == 0xaf63_dc4c_8601_ec8c)
        #expect(EntryIDIndex.idHash(Array("foobar".utf8)) == 0x8594_4171_f739_67e8)
    }

    // Goal: show (and check) how an append uses the id index without re-reading the journal.
    // Method: lines are "<seq> <id>"; inside `append` the entry count comes from the tail's last
    // line and the id index is validated against it, rebuilt from a scan only when stale; the
    // index is extended in `afterCommit`, under the lock. Deleting or corrupting the index
    // between appends must change nothing but force one rebuild.
    @Test("appends validate the id index against the tail, rebuild it only when stale, and catch repeated ids")
    func appendUsesIndex() throws {
        let directory = try TemporaryDirectory(prefix: "fundledger-storage")
        defer { directory.remove() }
        let path = directory.file("journal.jsonl")
        let journal = JournalFile(path: path)
        try journal.create(lines: [[UInt8](utf8: "0 genesis")])
        var rebuildCount = 0

        func appendEvent(_ id: String) throws -> Bool {
            var isDuplicate = false
            var index: EntryIDIndex?
            var entryCount = 0
            try journal.append({ tail in
                let lastLine = tail.lastLine!
                let lastSequence = String(decoding: lastLine.bytes.split(separator: 0x20, maxSplits: 1)[0], as: UTF8.self)
                entryCount = Int(lastSequence)! + 1
                index = EntryIDIndex.load(
                    journalPath: path, entryCount: entryCount, lastLineByteOffset: lastLine.byteOffset)
                if index == nil {
                    rebuildCount += 1
                    var rebuilt = EntryIDIndex(journalPath: path)
                    var count = 0
                    try journal.reader.forEachLine { bytes, location in
                        let id = Array(bytes.split(separator: 0x20, maxSplits: 1)[1])
                        rebuilt.insert(id: id, at: EntryIDLocation(sequence: count, byteOffset: location.byteOffset))
                        count += 1
                    }
                    index = rebuilt
                }
                for candidate in index!.candidates(forID: Array(id.utf8)) {
                    let line = try journal.reader.line(atByteOffset: candidate.byteOffset)
                    if line.bytes.split(separator: 0x20, maxSplits: 1)[1].elementsEqual(id.utf8) { isDuplicate = true }
                }
                if isDuplicate { return [] }
                return [[UInt8](utf8: "\(entryCount) \(id)")]
            }, afterCommit: { receipt in
                guard var updated = index, let offset = receipt.lineByteOffsets.last else { return }
                updated.insert(id: Array(id.utf8), at: EntryIDLocation(sequence: entryCount, byteOffset: offset))
                // The index is derived: a failure to write it only costs a rebuild next time.
                try? updated.persist()
            })
            return !isDuplicate
        }

        #expect(try appendEvent("a"))
        #expect(rebuildCount == 1)
        #expect(try appendEvent("b"))
        #expect(try appendEvent("c"))
        #expect(rebuildCount == 1)
        #expect(try appendEvent("b") == false)
        #expect(rebuildCount == 1)
        try EntryIDIndex(journalPath: path).remove()
        #expect(try appendEvent("d"))
        #expect(rebuildCount == 2)
        try storageWriteFile(EntryIDIndex(journalPath: path).path, [UInt8](utf8: "garbage\n"))
        #expect(try appendEvent("e"))
        #expect(rebuildCount == 3)
        #expect(try appendEvent("a") == false)
        #expect(rebuildCount == 3)
        #expect(try storageFileBytes(path) == [UInt8](utf8: "0 genesis\n1 a\n2 b\n3 c\n4 d\n5 e\n"))
    }
}

private extension ArraySlice where Element == UInt8 {
    /// The slice cut into arrays of `size` bytes.
    func chunks(of size: Int) -> [[UInt8]] {
        stride(from: startIndex, to: endIndex, by: size).map { Array(self[$0..<Swift.min($0 + size, endIndex)]) }
    }
}
