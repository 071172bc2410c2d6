// Tests of JournalFile on real files: create, append under the lock, refusal after a torn
// tail, recovery into a side file, and concurrent appenders on separate descriptors.

import Dispatch
import Foundation
import LedgerJournal
import LedgerTestSupport
import Testing

@Suite("Storage: journal file")
struct JournalFileTests {
    @Test("create writes the first lines and refuses an existing file")
    func createsOnce() throws {
        let directory = try TemporaryDirectory(prefix: "fundledger-storage")
        defer { directory.remove() }
        let path = directory.file("journal.jsonl")
        let journal = JournalFile(path: path)
        let receipt = try journal.create(lines: [[UInt8](utf8: "genesis")])
        #expect(receipt == AppendReceipt(previousByteCount: 0, lineByteOffsets: [0], byteCount: 8))
        #expect(try storageFileBytes(path) == [UInt8](utf8: "genesis\n"))
        #expect(throws: StorageError.fileAlreadyExists(path: path)) { try journal.create(lines: [[UInt8](utf8: "x")]) }
        #expect(try storageFileBytes(path) == [UInt8](utf8: "genesis\n"))
    }

    @Test("append hands the builder the current tail and writes its lines after it")
    func appendsFromTail() throws {
        let directory = try TemporaryDirectory(prefix: "fundledger-storage")
        defer { directory.remove() }
        let path = directory.file("journal.jsonl")
        let journal = JournalFile(path: path)
        try journal.create(lines: [[UInt8](utf8: "0")])
        var committed: AppendReceipt?
        let receipt = try journal.append({ tail in
            #expect(tail.lastLine == JournalLine(bytes: [UInt8](utf8: "0"), byteOffset: 0))
            #expect(tail.byteCount == 2)
            return [[UInt8](utf8: "1"), [UInt8](utf8: "22")]
        }, afterCommit: { committed = $0 })
        #expect(receipt == AppendReceipt(previousByteCount: 2, lineByteOffsets: [2, 4], byteCount: 7))
        #expect(committed == receipt)
        #expect(try storageFileBytes(path) == [UInt8](utf8: "0\n1\n22\n"))
        #expect(try journal.tail().lastLine == JournalLine(bytes: [UInt8](utf8: "22"), byteOffset: 4))
        try journal.checkInvariants()
    }

    @Test("append to a missing journal fails with fileNotFound and creates nothing")
    func appendNeedsExistingJournal() throws {
        let directory = try TemporaryDirectory(prefix: "fundledger-storage")
        defer { directory.remove() }
        let path = directory.file("missing.jsonl")
        #expect(throws: StorageError.fileNotFound(path: path)) { try JournalFile(path: path).append(lines: [[0x41]]) }
        #expect(throws: StorageError.fileNotFound(path: path)) { try JournalFile.open(path: path) }
        #expect(throws: StorageError.notARegularFile(path: directory.path)) { try JournalFile.open(path: directory.path) }
        #expect(try storageDirectoryListing(directory.path).isEmpty)
    }

    @Test("a builder that throws, a line with a newline, or an over-long line leave the file untouched")
    func refusedBatchesWriteNothing() throws {
        struct BuilderRefused: Error {}
        let directory = try TemporaryDirectory(prefix: "fundledger-storage")
        defer { directory.remove() }
        let path = directory.file("journal.jsonl")
        let journal = JournalFile(path: path, lineByteLimit: 8)
        try journal.create(lines: [[UInt8](utf8: "0")])
        #expect(throws: BuilderRefused.self) { try journal.append { _ in throw BuilderRefused() } }
        #expect(throws: StorageError.lineContainsNewline(lineIndex: 1)) {
            try journal.append(lines: [[UInt8](utf8: "ok"), [UInt8](utf8: "a\nb")])
        }
        #expect(throws: StorageError.lineTooLong(path: path, lineNumber: nil, byteOffset: 0, limit: 8)) {
            try journal.append(lines: [[UInt8](repeating: 0x41, count: 9)])
        }
        #expect(try storageFileBytes(path) == [UInt8](utf8: "0\n"))
        #expect(try journal.append(lines: []).lineByteOffsets.isEmpty)
        #expect(try storageFileBytes(path) == [UInt8](utf8: "0\n"))
    }

    @Test("append is refused while the journal ends with a torn tail, naming its offset")
    func refusesAfterTornTail() throws {
        let directory = try TemporaryDirectory(prefix: "fundledger-storage")
        defer { directory.remove() }
        let path = directory.file("journal.jsonl")
        try storageWriteFile(path, [UInt8](utf8: "zero\none\n{\"se"))
        let journal = JournalFile(path: path)
        #expect(throws: StorageError.tornTail(path: path, byteOffset: 9, byteCount: 4)) {
            try journal.append(lines: [[UInt8](utf8: "two")])
        }
        #expect(try storageFileBytes(path) == [UInt8](utf8: "zero\none\n{\"se"))
        #expect(throws: StorageError.tornTail(path: path, byteOffset: 9, byteCount: 4)) { try journal.checkInvariants() }
    }

    @Test("recovery moves exactly the torn bytes to <journal>.torn-<offset> and truncates to the last newline")
    func recoversTornTail() throws {
        let directory = try TemporaryDirectory(prefix: "fundledger-storage")
        defer { directory.remove() }
        let path = directory.file("journal.jsonl")
        try storageWriteFile(path, [UInt8](utf8: "zero\none\n{\"se"))
        let journal = JournalFile(path: path)
        let recovery = try journal.recoverTornTail()
        #expect(
            recovery
                == TornTailRecovery(byteOffset: 9, byteCount: 4, unparsableLineCount: 0, sideFilePath: "\(path).torn-9"))
        #expect(try storageFileBytes(path) == [UInt8](utf8: "zero\none\n"))
        #expect(try storageFileBytes("\(path).torn-9") == [UInt8](utf8: "{\"se"))
        #expect(try journal.recoverTornTail() == nil)
        try journal.append(lines: [[UInt8](utf8: "two")])
        #expect(try storageFileBytes(path) == [UInt8](utf8: "zero\none\ntwo\n"))
    }

    @Test("recovery also moves complete final lines that do not parse, and stops at the first that does")
    func recoversUnparsableFinalLines() throws {
        let directory = try TemporaryDirectory(prefix: "fundledger-storage")
        defer { directory.remove() }
        let path = directory.file("journal.jsonl")
        try storageWriteFile(path, [UInt8](utf8: "{good}\n{good}\nbad\nbad\npartial"))
        let isParsable: (UnsafeRawBufferPointer) -> Bool = { $0.first == UInt8(ascii: "{") }
        let recovery = try JournalFile(path: path).recoverTornTail(lineParses: isParsable)
        #expect(recovery?.byteOffset == 14)
        #expect(recovery?.byteCount == 15)
        #expect(recovery?.unparsableLineCount == 2)
        #expect(try storageFileBytes(path) == [UInt8](utf8: "{good}\n{good}\n"))
        #expect(try storageFileBytes("\(path).torn-14") == [UInt8](utf8: "bad\nbad\npartial"))
    }

    @Test("recovery never overwrites an existing side file")
    func recoveryKeepsEarlierSideFile() throws {
        let directory = try TemporaryDirectory(prefix: "fundledger-storage")
        defer { directory.remove() }
        let path = directory.file("journal.jsonl")
        try storageWriteFile("\(path).torn-2", [UInt8](utf8: "earlier"))
        try storageWriteFile(path, [UInt8](utf8: "0\nxy"))
        let recovery = try JournalFile(path: path).recoverTornTail()
        #expect(recovery?.sideFilePath == "\(path).torn-2.1")
        #expect(try storageFileBytes("\(path).torn-2") == [UInt8](utf8: "earlier"))
        #expect(try storageFileBytes("\(path).torn-2.1") == [UInt8](utf8: "xy"))
    }

    // Goal: the lock serialises appenders and each builds on the true tail. Method: 4 threads,
    // each appending 1,000 single-line batches through its own JournalFile (its own open file
    // description, so flock really excludes); each line carries the sequence number derived
    // from the tail it was built on, so a stale tail shows up as a repeated or skipped number.
    @Test("concurrent appenders on separate descriptors never interleave, lose or reorder a line")
    func concurrentAppendsAreSerialised() throws {
        let directory = try TemporaryDirectory(prefix: "fundledger-storage")
        defer { directory.remove() }
        let path = directory.file("journal.jsonl")
        try JournalFile(path: path).create(lines: [[UInt8](utf8: "0 genesis")])
        let threadCount = 4
        let appendsPerThread = 1_000
        let failures = FailureLog()
        DispatchQueue.concurrentPerform(iterations: threadCount) { thread in
            let journal = JournalFile(path: path)
            for index in 0..<appendsPerThread {
                do {
                    try journal.append { tail in
                        let last = String(decoding: tail.lastLine!.bytes, as: UTF8.self)
                        let sequence = Int(last.split(separator: " ")[0])! + 1
                        return [[UInt8](utf8: "\(sequence) thread-\(thread)-\(index)")]
                    }
                } catch {
                    failures.record("\(error)")
                }
            }
        }
        #expect(failures.messages.isEmpty)
        var texts: [String] = []
        let summary = try JournalReader(path: path).forEachLine { bytes, _ in
            texts.append(String(decoding: bytes, as: UTF8.self))
        }
        var seen: [String: Int] = [:]
        for (index, text) in texts.enumerated() {
            let words = text.split(separator: " ")
            #expect(words.count == 2, "line \(index + 1): \(text)")
            #expect(Int(words[0]) == index, "line \(index + 1): \(text)")
            seen[String(words.last ?? ""), default: 0] += 1
        }
        #expect(summary.lineCount == 1 + threadCount * appendsPerThread)
        #expect(summary.tornTail == nil)
        for thread in 0..<threadCount {
            for index in 0..<appendsPerThread {
                #expect(seen["thread-\(thread)-\(index)"] == 1, "thread \(thread) append \(index)")
            }
        }
    }
}

/// Collects error messages from concurrent workers.
final class FailureLog: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []

    func record(_ message: String) {
        lock.lock()
        storage.append(message)
        lock.unlock()
    }

    var messages: [String] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}
