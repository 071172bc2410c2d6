// A forward scan reads at most `JournalReader.forwardReadByteCount` bytes per read into its buffer:
// lines shorter and longer than a piece, lines that straddle pieces, a torn tail after a long line and
// a line over the limit come out as when the buffer was filled whole. And the entry scanner's
// timestamp parser on bytes in memory agrees with the collection parser on every input tried.

import Foundation
import LedgerJournal
import LedgerTestSupport
import Testing

@Suite("Storage: journal reader in pieces")
struct JournalReaderPieceTests {
    @Test("lines of up to several pieces (default buffer and limit) come out with their bytes, offsets and numbers, and a torn tail after them")
    func linesAcrossPieces() throws {
        let directory = try TemporaryDirectory(prefix: "fundledger-storage")
        defer { directory.remove() }
        let piece = JournalReader.forwardReadByteCount
        #expect(piece < JournalReader.maximumLineByteCount && piece < JournalReader.defaultBufferByteCount)
        for seed in UInt64(1)...UInt64(4) {
            var random = StorageSeededRandom(seed: seed)
            var lines: [[UInt8]] = []
            var total = 0
            // Short lines, lines just around a piece, and lines of up to four pieces (under the limit).
            while total < 6 * piece {
                let length: Int
                switch random.next() % 4 {
                case 0: length = piece - 1 + Int(random.next() % 3)
                case 1: length = Int(random.next() % UInt64(JournalReader.maximumLineByteCount))
                default: length = Int(random.next() % 700)
                }
                let byte = UInt8(0x41 + random.next() % 26)
                lines.append([UInt8](repeating: byte, count: length))
                total += length + 1
            }
            let torn = [UInt8](repeating: 0x7A, count: piece + 5)
            let path = directory.file("journal-\(seed)")
            try storageWriteFile(path, storageJoined(lines) + torn)
            var seen: [(count: Int, first: UInt8?, location: JournalLineLocation)] = []
            let summary = try JournalReader(path: path).forEachLine { bytes, location in
                #expect(Set(bytes).count <= 1, "a line of one repeated byte")
                seen.append((bytes.count, bytes.first, location))
            }
            #expect(seen.count == lines.count, "seed \(seed)")
            var offset: Int64 = 0
            for (index, line) in lines.enumerated() where index < seen.count {
                #expect(seen[index].count == line.count && seen[index].first == line.first, "seed \(seed) line \(index + 1)")
                #expect(seen[index].location == JournalLineLocation(byteOffset: offset, lineNumber: index + 1), "seed \(seed)")
                offset += Int64(line.count) + 1
            }
            #expect(summary.completeEndByteOffset == offset)
            #expect(summary.tornTail == TornTail(byteOffset: offset, byteCount: Int64(torn.count)))
        }
    }

    @Test("a line over the default limit, read in pieces, is refused with its line number and offset")
    func overlongLineInPieces() throws {
        let directory = try TemporaryDirectory(prefix: "fundledger-storage")
        defer { directory.remove() }
        let path = directory.file("journal")
        let limit = JournalReader.maximumLineByteCount
        let first = [UInt8](repeating: 0x41, count: 300_000)
        try storageWriteFile(path, first + [0x0A] + [UInt8](repeating: 0x42, count: limit + 1) + [0x0A])
        #expect(throws: StorageError.lineTooLong(path: path, lineNumber: 2, byteOffset: 300_001, limit: limit)) {
            try JournalReader(path: path).forEachLine { _, _ in }
        }
        // Exactly at the limit is accepted, and so is the line after it.
        try storageWriteFile(path, first + [0x0A] + [UInt8](repeating: 0x42, count: limit) + [0x0A, 0x43, 0x0A])
        var counts: [Int] = []
        let summary = try JournalReader(path: path).forEachLine { bytes, _ in counts.append(bytes.count) }
        #expect(counts == [300_000, limit, 1])
        #expect(summary.tornTail == nil)
    }
}

@Suite("Timestamp parsing on bytes in memory")
struct TimestampBytesParsingTests {
    @Test("the parser on a buffer gives what the collection parser gives: valid times, every byte changed, and edge dates")
    func bufferParserAgrees() {
        var random = StorageSeededRandom(seed: 0x7469_6D65)
        let alphabet = Array("0123456789-:TZ tz/+.".utf8) + [0x00, 0x2F, 0x3A, 0x7F, 0x80, 0xFF, 0xC0]
        var inputs: [[UInt8]] = [
            "1970-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2024-02-29T12:00:00Z",
            "2023-02-29T12:00:00Z", "2000-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2018-13-01T00:00:00Z",
            "2018-00-10T00:00:00Z", "2018-04-31T00:00:00Z", "2018-01-01T24:00:00Z", "2018-01-01T23:60:00Z",
            "2018-01-01T23:59:60Z", "0000-01-01T00:00:00Z", "2018-01-01T00:00:00z", "2018-01-01 00:00:00Z",
            "2018-01-01T00:00:00", "2018-01-01T00:00:00ZZ", "",
        ].map { Array($0.utf8) }
        for _ in 0..<3_000 {
            let seconds = Int64(random.next() % 253_402_300_800)  // up to 9999-12-31
            var bytes = Array(Timestamp(secondsSinceEpoch: seconds).rfc3339.utf8)
            inputs.append(bytes)
            for _ in 0..<Int(random.next() % 3) {
                bytes[Int(random.next() % 20)] = alphabet[Int(random.next() % UInt64(alphabet.count))]
            }
            inputs.append(bytes)
        }
        for bytes in inputs {
            let expected = Timestamp(rfc3339UTF8: bytes)  // the collection parser (an array)
            let fromBuffer = bytes.withUnsafeBufferPointer { Timestamp(rfc3339UTF8: $0) }
            if fromBuffer != expected {
                Issue.record("\(String(decoding: bytes, as: UTF8.self)): \(String(describing: fromBuffer)) != \(String(describing: expected))")
                return
            }
        }
        #expect(Array("2018-02-01T02:00:02Z".utf8).withUnsafeBufferPointer { Timestamp(rfc3339UTF8: $0) }?.secondsSinceEpoch == 1_517_450_402)
    }
}
