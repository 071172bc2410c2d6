// JournalLinePipeline: lines prepared on all cores, consumed in file order.
// Goal: whatever the chunk size, the consumer sees every complete line once, in order, with its
// location and the value `prepare` computed from exactly that line; a consumer error stops the run
// with no later line consumed; a reader error (a line over the limit) comes after every earlier line
// was consumed; a torn tail is reported, not consumed. Method: files of random lines (seeded) read with
// chunk sizes from 1 to more than the line count.
import Foundation
@testable import LedgerJournal
import LedgerTestSupport
import Synchronization
import Testing

@Suite("Journal line pipeline")
struct JournalLinePipelineTests {
    /// Random lines of 0 to 300 bytes (no newline), a fixed function of `seed`.
    static func randomLines(count: Int, seed: UInt64) -> [[UInt8]] {
        var random = StorageSeededRandom(seed: seed)
        return (0..<count).map { _ in
            (0..<Int.random(in: 0...300, using: &random)).map { _ in UInt8.random(in: 0x20...0x7E, using: &random) }
        }
    }

    struct Consumed: Equatable {
        var lineNumber: Int
        var byteOffset: Int64
        var hash: EntryHash
    }

    @Test("every line is consumed once, in order, with the value prepared from it, for any chunk size")
    func orderAndValues() throws {
        let directory = try TemporaryDirectory(prefix: "fundledger-storage")
        defer { directory.remove() }
        let path = directory.file("lines")
        let lines = Self.randomLines(count: 1_000, seed: 0x7069_7065)
        try storageWriteFile(path, Array(lines.map { $0 + [0x0A] }.joined()) + Array("torn".utf8))
        var expected: [Consumed] = []
        var offset: Int64 = 0
        for (index, line) in lines.enumerated() {
            expected.append(Consumed(lineNumber: index + 1, byteOffset: offset, hash: .ofLine(line)))
            offset += Int64(line.count + 1)
        }
        for chunk in [1, 2, 7, 256, 999, 1_000, 4_096] {
            var consumed: [Consumed] = []
            let summary = try JournalLinePipeline.run(
                reader: JournalReader(path: path), linesPerChunk: chunk,
                prepare: { line, _ in EntryHash.ofLine(line) },
                consume: { hash, location in
                    consumed.append(Consumed(lineNumber: location.lineNumber, byteOffset: location.byteOffset, hash: hash))
                })
            #expect(consumed == expected, "chunk \(chunk)")
            #expect(summary.lineCount == lines.count)
            #expect(summary.tornTail == TornTail(byteOffset: offset, byteCount: 4))
        }
    }

    /// How many `Counted` values of one run are alive.
    final class AliveCount: Sendable {
        let count = Mutex(0)
        var value: Int { count.withLock { $0 } }
    }

    /// A prepared value that counts how many of its kind are alive (to see the lent values freed).
    final class Counted: Sendable {
        let hash: EntryHash
        let alive: AliveCount

        init(_ hash: EntryHash, alive: AliveCount) {
            self.hash = hash
            self.alive = alive
            alive.count.withLock { $0 += 1 }
        }

        deinit { alive.count.withLock { $0 -= 1 } }
    }

    @Test("lent values: every line once, in order, read where it was prepared, and every value freed by the end")
    func lendingOrderValuesAndRelease() throws {
        let directory = try TemporaryDirectory(prefix: "fundledger-storage")
        defer { directory.remove() }
        let path = directory.file("lines")
        // Lines longer than a batch's first byte buffer, so that it grows.
        let lines = Self.randomLines(count: 1_000, seed: 0x6c65_6e64) + [[UInt8](repeating: 0x41, count: 1 << 20)]
        try storageWriteFile(path, Array(lines.map { $0 + [0x0A] }.joined()))
        var expected: [Consumed] = []
        var offset: Int64 = 0
        for (index, line) in lines.enumerated() {
            expected.append(Consumed(lineNumber: index + 1, byteOffset: offset, hash: .ofLine(line)))
            offset += Int64(line.count + 1)
        }
        for chunk in [1, 7, 256, 1_001, 4_096] {
            let alive = AliveCount()
            var consumed: [Consumed] = []
            let summary = try JournalLinePipeline.run(
                reader: JournalReader(path: path, lineByteLimit: (1 << 20) + 1), linesPerChunk: chunk,
                preparingInto: { line, _, slot in slot.initialize(to: Counted(.ofLine(line), alive: alive)) },
                lendingTo: { slot, location in
                    consumed.append(Consumed(lineNumber: location.lineNumber, byteOffset: location.byteOffset,
                                             hash: slot.pointee.hash))
                })
            #expect(consumed == expected, "chunk \(chunk)")
            #expect(summary.lineCount == lines.count)
            // Values are freed on another core: wait for the last chunk's (bounded, no timing asserted).
            var spins = 0
            while alive.value != 0, spins < 10_000 {
                usleep(1_000)
                spins += 1
            }
            #expect(alive.value == 0, "chunk \(chunk)")
        }
    }

    /// Waits (bounded, nothing timed) until no `Counted` value of `alive` is left: the last chunks'
    /// values are freed on another thread after the run returns.
    static func waitUntilFreed(_ alive: AliveCount) {
        var spins = 0
        while alive.value != 0, spins < 10_000 {
            usleep(1_000)
            spins += 1
        }
    }

    @Test("many chunks, blocks split between the threads: every line once, in order, for chunk sizes around the block size")
    func manyChunksAndBlocks() throws {
        let directory = try TemporaryDirectory(prefix: "fundledger-storage")
        defer { directory.remove() }
        let path = directory.file("lines")
        let lines = Self.randomLines(count: 5_000, seed: 0x626c_6f63)
        try storageWriteFile(path, Array(lines.map { $0 + [0x0A] }.joined()))
        let expected = lines.map { EntryHash.ofLine($0) }
        for chunk in [31, 32, 33, 100, 1_024, 5_000] {
            let alive = AliveCount()
            var consumed: [EntryHash] = []
            // A consumer slower than preparing (it hashes again), so the calling thread also waits and
            // helps; and one faster, so the reader runs out of free chunks and waits.
            for slowConsumer in [false, true] {
                consumed.removeAll()
                try JournalLinePipeline.run(
                    reader: JournalReader(path: path), linesPerChunk: chunk,
                    preparingInto: { line, _, slot in slot.initialize(to: Counted(.ofLine(line), alive: alive)) },
                    lendingTo: { slot, location in
                        if slowConsumer { #expect(EntryHash.ofLine(lines[location.lineNumber - 1]) == slot.pointee.hash) }
                        consumed.append(slot.pointee.hash)
                    })
                #expect(consumed == expected, "chunk \(chunk), slow consumer \(slowConsumer)")
            }
            Self.waitUntilFreed(alive)
            #expect(alive.value == 0, "chunk \(chunk)")
        }
    }

    @Test("lent values: a consumer error stops the run, and every value prepared (consumed or not) is freed")
    func lendingConsumerErrorFreesValues() throws {
        let directory = try TemporaryDirectory(prefix: "fundledger-storage")
        defer { directory.remove() }
        let path = directory.file("lines")
        try storageWriteFile(path, Array(Self.randomLines(count: 3_000, seed: 5).map { $0 + [0x0A] }.joined()))
        for stopAt in [1, 33, 1_500, 3_000] {
            let alive = AliveCount()
            var last = 0
            #expect(throws: Stop(lineNumber: stopAt)) {
                try JournalLinePipeline.run(
                    reader: JournalReader(path: path), linesPerChunk: 100,
                    preparingInto: { line, location, slot in slot.initialize(to: Counted(.ofLine(line), alive: alive)) },
                    lendingTo: { _, location in
                        last = location.lineNumber
                        if location.lineNumber == stopAt { throw Stop(lineNumber: location.lineNumber) }
                    })
            }
            #expect(last == stopAt)
            Self.waitUntilFreed(alive)
            #expect(alive.value == 0, "stop at \(stopAt)")
        }
    }

    @Test("moved values: a consumer error frees the values prepared and not taken")
    func movingConsumerErrorFreesValues() throws {
        let directory = try TemporaryDirectory(prefix: "fundledger-storage")
        defer { directory.remove() }
        let path = directory.file("lines")
        try storageWriteFile(path, Array(Self.randomLines(count: 2_000, seed: 6).map { $0 + [0x0A] }.joined()))
        let alive = AliveCount()
        #expect(throws: Stop(lineNumber: 700)) {
            try JournalLinePipeline.run(
                reader: JournalReader(path: path), linesPerChunk: 64,
                prepare: { line, _ in Counted(.ofLine(line), alive: alive) },
                consume: { value, location in
                    if location.lineNumber == 700 { throw Stop(lineNumber: location.lineNumber) }
                    _ = value
                })
        }
        Self.waitUntilFreed(alive)
        #expect(alive.value == 0)
    }

    struct Stop: Error, Equatable {
        var lineNumber: Int
    }

    @Test("a consumer error stops the run: no later line is consumed and the error is rethrown as is")
    func consumerError() throws {
        let directory = try TemporaryDirectory(prefix: "fundledger-storage")
        defer { directory.remove() }
        let path = directory.file("lines")
        try storageWriteFile(path, Array(Self.randomLines(count: 600, seed: 2).map { $0 + [0x0A] }.joined()))
        for stopAt in [1, 300, 600] {
            var last = 0
            #expect(throws: Stop(lineNumber: stopAt)) {
                try JournalLinePipeline.run(
                    reader: JournalReader(path: path), linesPerChunk: 64,
                    prepare: { _, location in location.lineNumber },
                    consume: { lineNumber, _ in
                        last = lineNumber
                        if lineNumber == stopAt { throw Stop(lineNumber: lineNumber) }
                    })
            }
            #expect(last == stopAt)
        }
    }

    @Test("a line over the limit is thrown after every earlier line was consumed")
    func readerError() throws {
        let directory = try TemporaryDirectory(prefix: "fundledger-storage")
        defer { directory.remove() }
        let path = directory.file("lines")
        var lines = Self.randomLines(count: 300, seed: 3).map { Array($0.prefix(100)) }
        lines[250] = [UInt8](repeating: 0x41, count: 500)
        try storageWriteFile(path, Array(lines.map { $0 + [0x0A] }.joined()))
        var consumed: [Int] = []
        do {
            try JournalLinePipeline.run(
                reader: JournalReader(path: path, bufferByteCount: 4_096, lineByteLimit: 200), linesPerChunk: 16,
                prepare: { _, location in location.lineNumber },
                consume: { lineNumber, _ in consumed.append(lineNumber) })
            Issue.record("the overlong line was not reported")
        } catch StorageError.lineTooLong(_, let lineNumber, _, _) {
            #expect(lineNumber == 251)
        }
        #expect(consumed == Array(1...250))
    }
}
