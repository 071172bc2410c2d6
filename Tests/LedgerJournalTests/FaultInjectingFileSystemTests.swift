// Fault injection through the FileSystem seam: ENOSPC, short writes, failed fsync and a full
// disk each leave the journal byte-for-byte as it was and fail with an error carrying errno.

import Foundation
import LedgerJournal
import LedgerTestSupport
import Testing

@Suite("Storage: fault injection")
struct FaultInjectingFileSystemTests {
    /// A journal with two lines, the fault-injecting file system over it, and its bytes before the fault.
    struct Fixture {
        let directory: TemporaryDirectory
        let path: String
        let fileSystem = FaultInjectingFileSystem()
        let journal: JournalFile
        let original: [UInt8]

        init() throws {
            directory = try TemporaryDirectory(prefix: "fundledger-storage")
            path = directory.file("journal.jsonl")
            journal = JournalFile(path: path, fileSystem: fileSystem)
            try JournalFile(path: path).create(lines: [[UInt8](utf8: "{\"seq\":0}"), [UInt8](utf8: "{\"seq\":1}")])
            original = try storageFileBytes(path)
        }

        var batch: [[UInt8]] { [[UInt8](utf8: "{\"seq\":2}"), [UInt8](utf8: "{\"seq\":3}")] }
    }

    @Test("ENOSPC on the write rolls back and reports errno")
    func writeFailsWithNoSpace() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        fixture.fileSystem.inject(.fail(errno: ENOSPC), on: .write, callNumber: 1)
        #expect(
            throws: StorageError.appendRolledBack(
                path: fixture.path, operation: .write, errno: ENOSPC, byteCount: Int64(fixture.original.count))
        ) { try fixture.journal.append(lines: fixture.batch) }
        #expect(try storageFileBytes(fixture.path) == fixture.original)
        let message = "\(StorageError.appendRolledBack(path: "j", operation: .write, errno: ENOSPC, byteCount: 20))"
        #expect(message.contains("No space left on device"))
        #expect(message.contains("unchanged"))
    }

    @Test("a short write followed by a failure is truncated away")
    func shortWriteThenFailure() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        fixture.fileSystem.inject(.shortWrite(byteCount: 5), on: .write, callNumber: 1)
        fixture.fileSystem.inject(.fail(errno: EIO), on: .write, callNumber: 2)
        #expect(
            throws: StorageError.appendRolledBack(
                path: fixture.path, operation: .write, errno: EIO, byteCount: Int64(fixture.original.count))
        ) { try fixture.journal.append(lines: fixture.batch) }
        #expect(try storageFileBytes(fixture.path) == fixture.original)
        #expect(fixture.fileSystem.callCount(of: .truncate) == 1)
    }

    @Test("short writes that eventually complete produce the whole batch")
    func shortWritesComplete() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        fixture.fileSystem.inject(.shortWrite(byteCount: 3), on: .write, callNumbers: 1...4)
        try fixture.journal.append(lines: fixture.batch)
        #expect(try storageFileBytes(fixture.path) == fixture.original + storageJoined(fixture.batch))
        #expect(fixture.fileSystem.callCount(of: .write) == 5)
        #expect(fixture.fileSystem.callCount(of: .synchronize) == 1)
    }

    @Test("a failed fsync (EIO) truncates the written lines away and synchronizes again")
    func fsyncFails() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        fixture.fileSystem.inject(.fail(errno: EIO), on: .synchronize, callNumber: 1)
        #expect(
            throws: StorageError.appendRolledBack(
                path: fixture.path, operation: .synchronize, errno: EIO, byteCount: Int64(fixture.original.count))
        ) { try fixture.journal.append(lines: fixture.batch) }
        #expect(try storageFileBytes(fixture.path) == fixture.original)
        #expect(fixture.fileSystem.callCount(of: .synchronize) == 2)
        // The journal accepts the same batch afterwards.
        try fixture.journal.append(lines: fixture.batch)
        #expect(try storageFileBytes(fixture.path) == fixture.original + storageJoined(fixture.batch))
    }

    @Test("a full disk (short write, then ENOSPC) leaves the journal unchanged")
    func diskFull() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        fixture.fileSystem.setFreeByteCount(7)
        #expect(
            throws: StorageError.appendRolledBack(
                path: fixture.path, operation: .write, errno: ENOSPC, byteCount: Int64(fixture.original.count))
        ) { try fixture.journal.append(lines: fixture.batch) }
        #expect(try storageFileBytes(fixture.path) == fixture.original)
        #expect(fixture.fileSystem.callCount(of: .write) == 2)
    }

    @Test("when the rollback fails too, the error says a torn tail is left and recovery repairs it")
    func rollbackFails() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        fixture.fileSystem.inject(.shortWrite(byteCount: 4), on: .write, callNumber: 1)
        fixture.fileSystem.inject(.fail(errno: ENOSPC), on: .write, callNumber: 2)
        fixture.fileSystem.inject(.fail(errno: EIO), on: .truncate, callNumber: 1)
        let originalCount = Int64(fixture.original.count)
        let expected = StorageError.appendLeftTornTail(
            path: fixture.path, operation: .write, errno: ENOSPC, byteOffset: originalCount,
            rollbackOperation: .truncate, rollbackErrno: EIO)
        #expect(throws: expected) { try fixture.journal.append(lines: fixture.batch) }
        #expect("\(expected)".contains("fundledger recover"))
        #expect(throws: StorageError.tornTail(path: fixture.path, byteOffset: originalCount, byteCount: 4)) {
            try fixture.journal.append(lines: fixture.batch)
        }
        let recovery = try fixture.journal.recoverTornTail()
        #expect(recovery?.byteOffset == originalCount)
        #expect(try storageFileBytes(fixture.path) == fixture.original)
        #expect(try storageFileBytes(recovery!.sideFilePath) == Array(storageJoined(fixture.batch)[..<4]))
    }

    @Test("recovery leaves the journal untouched when the side file cannot be written")
    func recoveryWriteFails() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        try storageWriteFile(fixture.path, fixture.original + [UInt8](utf8: "{\"se"))
        fixture.fileSystem.inject(.fail(errno: ENOSPC), on: .write, callNumber: 1)
        #expect(throws: StorageError.systemCallFailed(.write, path: "\(fixture.path).torn-20", errno: ENOSPC)) {
            try fixture.journal.recoverTornTail()
        }
        #expect(try storageFileBytes(fixture.path) == fixture.original + [UInt8](utf8: "{\"se"))
        #expect(fixture.fileSystem.callCount(of: .truncate) == 0)
    }

    @Test("create removes the new file when its write fails")
    func createWriteFails() throws {
        let directory = try TemporaryDirectory(prefix: "fundledger-storage")
        defer { directory.remove() }
        let fileSystem = FaultInjectingFileSystem()
        fileSystem.inject(.fail(errno: ENOSPC), on: .write, callNumber: 1)
        let path = directory.file("journal.jsonl")
        #expect(throws: StorageError.systemCallFailed(.write, path: path, errno: ENOSPC)) {
            try JournalFile(path: path, fileSystem: fileSystem).create(lines: [[0x41]])
        }
        #expect(try storageDirectoryListing(directory.path).isEmpty)
    }

    // Goal: whatever fault hits an append, the file holds exactly the acknowledged lines.
    // Method: a model (the list of acknowledged lines) and a random sequence of appends, each
    // with a random fault or none; after every step the file must equal the model's bytes
    // (after `recoverTornTail` when the error says a torn tail was left, plus any whole lines of the
    // failed batch that were written before the failure). Seeded; the seed is printed.
    @Test("random appends under random faults leave exactly the acknowledged lines")
    func randomFaultsMatchModel() throws {
        let directory = try TemporaryDirectory(prefix: "fundledger-storage")
        defer { directory.remove() }
        for seed in UInt64(1)...UInt64(12) {
            var random = StorageSeededRandom(seed: seed)
            let path = directory.file("journal-\(seed).jsonl")
            let fileSystem = FaultInjectingFileSystem()
            let journal = JournalFile(path: path, fileSystem: fileSystem)
            var model: [[UInt8]] = [[UInt8](utf8: "genesis")]
            try JournalFile(path: path).create(lines: model)
            for step in 0..<40 {
                let batch = storageRandomLines(count: Int.random(in: 1...4, using: &random), maximumLength: 30, using: &random)
                let batchByteCount = storageJoined(batch).count
                fileSystem.removeAllFaults()
                switch Int.random(in: 0...6, using: &random) {
                case 0: fileSystem.inject(.fail(errno: ENOSPC), on: .write, callNumber: 1)
                case 1:
                    fileSystem.inject(.shortWrite(byteCount: Int.random(in: 0..<batchByteCount, using: &random)), on: .write, callNumber: 1)
                    fileSystem.inject(.fail(errno: EIO), on: .write, callNumber: 2)
                case 2: fileSystem.inject(.fail(errno: EIO), on: .synchronize, callNumber: 1)
                case 3: fileSystem.inject(.shortWrite(byteCount: Int.random(in: 1...batchByteCount, using: &random)), on: .write, callNumber: 1)
                case 4:
                    fileSystem.inject(.shortWrite(byteCount: Int.random(in: 1..<max(2, batchByteCount), using: &random)), on: .write, callNumber: 1)
                    fileSystem.inject(.fail(errno: ENOSPC), on: .write, callNumber: 2)
                    fileSystem.inject(.fail(errno: EIO), on: .truncate, callNumber: 1)
                case 5: fileSystem.setFreeByteCount(Int64(Int.random(in: 0...batchByteCount, using: &random)))
                default: break
                }
                do {
                    try journal.append(lines: batch)
                    model += batch
                } catch StorageError.appendRolledBack {
                    // Nothing acknowledged; the file must be as before.
                } catch StorageError.appendLeftTornTail {
                    // Both the write and the rollback failed: recovery removes the torn bytes, but
                    // complete lines of the failed batch that reached the file stay (as after a crash
                    // between write and fsync). They were never acknowledged; a retry finds them.
                    fileSystem.removeAllFaults()
                    try journal.recoverTornTail()
                    let bytes = try storageFileBytes(path)
                    let kept = (0..<batch.count).first { storageJoined(model + batch.prefix($0)) == bytes }
                    #expect(kept != nil, "seed \(seed) step \(step): not a prefix of whole lines")
                    model += batch.prefix(kept ?? 0)
                }
                let actual = try storageFileBytes(path)
                #expect(actual == storageJoined(model), "seed \(seed) step \(step)")
            }
            fileSystem.removeAllFaults()
            var lines: [[UInt8]] = []
            try journal.reader.forEachLine { bytes, _ in lines.append(Array(bytes)) }
            #expect(lines == model, "seed \(seed)")
        }
    }
}
