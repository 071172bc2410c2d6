// Tests of JournalReader / LineScanner against real files: offsets, line numbers, torn tails,
// the line limit, backward tail reads and line-aligned splitting.

import Foundation
import LedgerJournal
import LedgerTestSupport
import Testing

@Suite("Storage: journal reader")
struct StorageJournalReaderTests {
    // Goal: every line comes out with its exact bytes, offset and number, whatever the buffer
    // size. Method: random lines, a tiny buffer so lines straddle refills, seeded PRNG.
    @Test("streams every line with its byte offset and 1-based line number across buffer refills")
    func streamsLinesWithOffsets() throws {
        let directory = try TemporaryDirectory(prefix: "fundledger-storage")
        defer { directory.remove() }
        for seed in UInt64(1)...UInt64(20) {
            var random = StorageSeededRandom(seed: seed)
            let lines = storageRandomLines(count: Int.random(in: 0...200, using: &random), maximumLength: 40, using: &random)
            let path = directory.file("journal-\(seed)")
            try storageWriteFile(path, storageJoined(lines))
            let bufferByteCount = Int.random(in: 42...200, using: &random)
            let reader = JournalReader(path: path, bufferByteCount: bufferByteCount, lineByteLimit: 41)
            var seen: [([UInt8], JournalLineLocation)] = []
            let summary = try reader.forEachLine { bytes, location in seen.append((Array(bytes), location)) }
            var offset: Int64 = 0
            #expect(seen.count == lines.count, "seed \(seed)")
            for (index, line) in lines.enumerated() where index < seen.count {
                #expect(seen[index].0 == line, "seed \(seed) line \(index + 1)")
                #expect(seen[index].1 == JournalLineLocation(byteOffset: offset, lineNumber: index + 1), "seed \(seed)")
                offset += Int64(line.count) + 1
            }
            #expect(summary.lineCount == lines.count)
            #expect(summary.completeEndByteOffset == offset)
            #expect(summary.tornTail == nil)
        }
    }

    @Test("reports bytes after the last newline as a torn tail, not as a line")
    func reportsTornTail() throws {
        let directory = try TemporaryDirectory(prefix: "fundledger-storage")
        defer { directory.remove() }
        let path = directory.file("journal")
        try storageWriteFile(path, [UInt8](utf8: "a\nbb\nccc"))
        var lines: [[UInt8]] = []
        let summary = try JournalReader(path: path).forEachLine { bytes, _ in lines.append(Array(bytes)) }
        #expect(lines == [[UInt8](utf8: "a"), [UInt8](utf8: "bb")])
        #expect(summary.tornTail == TornTail(byteOffset: 5, byteCount: 3))
        #expect(summary.completeEndByteOffset == 5)
        let tail = try JournalReader(path: path).tail()
        #expect(tail.tornTail == TornTail(byteOffset: 5, byteCount: 3))
        #expect(tail.lastLine == JournalLine(bytes: [UInt8](utf8: "bb"), byteOffset: 2))
        #expect(tail.completeByteCount == 5)
    }

    @Test("a file without any newline is entirely torn")
    func wholeFileTorn() throws {
        let directory = try TemporaryDirectory(prefix: "fundledger-storage")
        defer { directory.remove() }
        let path = directory.file("journal")
        try storageWriteFile(path, [UInt8](utf8: "{\"seq\":0"))
        let tail = try JournalReader(path: path).tail()
        #expect(tail.lastLine == nil)
        #expect(tail.tornTail == TornTail(byteOffset: 0, byteCount: 8))
    }

    @Test("a line longer than the limit is an error naming its line number and offset")
    func rejectsOverlongLine() throws {
        let directory = try TemporaryDirectory(prefix: "fundledger-storage")
        defer { directory.remove() }
        let path = directory.file("journal")
        try storageWriteFile(path, [UInt8](utf8: "ok\n") + [UInt8](repeating: 0x41, count: 17) + [0x0A])
        let reader = JournalReader(path: path, bufferByteCount: 64, lineByteLimit: 16)
        #expect(throws: StorageError.lineTooLong(path: path, lineNumber: 2, byteOffset: 3, limit: 16)) {
            try reader.forEachLine { _, _ in }
        }
        // Exactly at the limit is accepted.
        try storageWriteFile(path, [UInt8](utf8: "ok\n") + [UInt8](repeating: 0x41, count: 16) + [0x0A])
        #expect(try reader.forEachLine { _, _ in }.lineCount == 2)
    }

    @Test("a line longer than the buffer-sized limit fails even without a newline after it")
    func rejectsOverlongLineWithoutNewline() throws {
        let directory = try TemporaryDirectory(prefix: "fundledger-storage")
        defer { directory.remove() }
        let path = directory.file("journal")
        try storageWriteFile(path, [UInt8](repeating: 0x41, count: 500))
        let reader = JournalReader(path: path, bufferByteCount: 64, lineByteLimit: 16)
        #expect(throws: StorageError.lineTooLong(path: path, lineNumber: 1, byteOffset: 0, limit: 16)) {
            try reader.forEachLine { _, _ in }
        }
    }

    @Test("tail reads the last complete line backwards, for empty, one-line and long files")
    func readsTail() throws {
        let directory = try TemporaryDirectory(prefix: "fundledger-storage")
        defer { directory.remove() }
        let path = directory.file("journal")
        try storageWriteFile(path, [])
        #expect(try JournalReader(path: path).tail() == JournalTail(byteCount: 0, lastLine: nil, tornTail: nil))
        try storageWriteFile(path, [UInt8](utf8: "only\n"))
        #expect(try JournalReader(path: path).tail().lastLine == JournalLine(bytes: [UInt8](utf8: "only"), byteOffset: 0))
        // Lines larger than the backward chunk (64 KiB) are found whole.
        let big = [UInt8](repeating: 0x42, count: 150_000)
        try storageWriteFile(path, [UInt8](utf8: "first\n") + big + [0x0A])
        let tail = try JournalReader(path: path).tail()
        #expect(tail.lastLine == JournalLine(bytes: big, byteOffset: 6))
        #expect(tail.byteCount == 150_007)
    }

    // Goal: the newline searches start with a small chunk and grow it; a line ending or starting
    // on any chunk edge must still be found whole, backwards (tail) and forwards (line at offset).
    @Test("tail and line(atByteOffset:) find lines whose length straddles each growing search chunk")
    func findsLinesAcrossGrowingChunks() throws {
        let directory = try TemporaryDirectory(prefix: "fundledger-storage")
        defer { directory.remove() }
        let path = directory.file("journal")
        // Chunks: 4, 8, 16, 32, 64, 64 ... KiB, so their running ends are 4, 12, 28, 60, 124 KiB.
        let edges = [4_096, 12_288, 28_672, 61_440, 126_976]
        for edge in edges {
            for length in [edge - 2, edge - 1, edge, edge + 1] {
                let body = [UInt8](repeating: 0x61, count: length)
                try storageWriteFile(path, [UInt8](utf8: "head\n") + body + [0x0A])
                let reader = JournalReader(path: path)
                #expect(try reader.tail().lastLine == JournalLine(bytes: body, byteOffset: 5), "length \(length)")
                #expect(try reader.line(atByteOffset: 5) == JournalLine(bytes: body, byteOffset: 5), "length \(length)")
            }
        }
    }

    @Test("line(atByteOffset:) returns the line starting there, and fails on a torn line")
    func readsLineAtOffset() throws {
        let directory = try TemporaryDirectory(prefix: "fundledger-storage")
        defer { directory.remove() }
        let path = directory.file("journal")
        try storageWriteFile(path, [UInt8](utf8: "zero\none\ntwo"))
        let reader = JournalReader(path: path)
        #expect(try reader.line(atByteOffset: 5) == JournalLine(bytes: [UInt8](utf8: "one"), byteOffset: 5))
        #expect(try reader.line(atByteOffset: 0).endByteOffset == 5)
        #expect(throws: StorageError.unexpectedEndOfFile(path: path, byteOffset: 12)) {
            try reader.line(atByteOffset: 9)
        }
    }

    // Goal: the parallel verifier's ranges cover the file exactly once at line boundaries.
    // Method: for several random files and every split count 1...9, scan each range and compare.
    @Test("line-aligned ranges cover the file exactly once and rescan to the same lines")
    func splitsAtLineBoundaries() throws {
        let directory = try TemporaryDirectory(prefix: "fundledger-storage")
        defer { directory.remove() }
        for seed in UInt64(100)...UInt64(110) {
            var random = StorageSeededRandom(seed: seed)
            let lines = storageRandomLines(count: Int.random(in: 1...60, using: &random), maximumLength: 30, using: &random)
            let path = directory.file("journal-\(seed)")
            let bytes = storageJoined(lines)
            try storageWriteFile(path, bytes)
            let reader = JournalReader(path: path)
            for count in 1...9 {
                let ranges = try reader.lineAlignedRanges(count: count)
                #expect(ranges.count <= count && !ranges.isEmpty, "seed \(seed) count \(count)")
                #expect(ranges.first?.lowerBound == 0)
                #expect(ranges.last?.upperBound == Int64(bytes.count))
                var collected: [[UInt8]] = []
                var previousEnd: Int64 = 0
                for range in ranges {
                    #expect(range.lowerBound == previousEnd, "seed \(seed) count \(count)")
                    #expect(!range.isEmpty)
                    if range.lowerBound > 0 { #expect(bytes[Int(range.lowerBound) - 1] == 0x0A) }
                    previousEnd = range.upperBound
                    let summary = try reader.forEachLine(in: range) { line, _ in collected.append(Array(line)) }
                    #expect(summary.tornTail == nil, "seed \(seed) count \(count)")
                }
                #expect(collected == lines, "seed \(seed) count \(count)")
            }
        }
    }
}
