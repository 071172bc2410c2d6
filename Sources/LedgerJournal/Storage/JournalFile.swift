// The append-only journal file: durable appends under a lock, and recovery of a torn tail.
//
// What this file protects (see docs/FORMAT.md for the line format):
// - An append is one `write` of whole newline-terminated lines to a descriptor opened with
//   O_APPEND, under an exclusive `flock` held from reading the tail until after `fsync`.
//   Success is returned only after `fsync` succeeded. Batches share one `fsync`.
// - A failed write or `fsync` truncates the file back to its size before the append and
//   synchronizes again, so a failure leaves the journal byte-for-byte unchanged. If even that
//   fails, the error says so and the torn bytes are left for `recoverTornTail`. After such a
//   double fault, or a crash between `write` and `fsync`, whole lines of the unacknowledged
//   batch may survive recovery: they are valid lines that nobody was told about, which is why
//   event ids make retries idempotent one layer up.
// - A journal that does not end with a newline has a torn tail (a crash mid-write); appends
//   are refused until recovery has moved the torn bytes to a side file. Recovery never
//   destroys bytes and never touches a complete line that the caller says parses.
// The storage layer deals in lines only; it knows nothing of entry fields, hashes or signatures.

/// Where an append put its lines.
public struct AppendReceipt: Sendable, Equatable {
    /// The journal's size before the append (the offset of the first new line).
    public var previousByteCount: Int64
    /// The offset of each new line, in order.
    public var lineByteOffsets: [Int64]
    /// The journal's size after the append.
    public var byteCount: Int64

    /// Creates a receipt.
    public init(previousByteCount: Int64, lineByteOffsets: [Int64], byteCount: Int64) {
        self.previousByteCount = previousByteCount
        self.lineByteOffsets = lineByteOffsets
        self.byteCount = byteCount
    }
}

/// What `recoverTornTail` moved aside.
public struct TornTailRecovery: Sendable, Equatable {
    /// Offset of the first byte moved; the journal now ends here.
    public var byteOffset: Int64
    /// Number of bytes moved to the side file.
    public var byteCount: Int64
    /// Number of complete but unparsable lines among them (0 when only a partial line was torn).
    public var unparsableLineCount: Int
    /// The side file now holding the bytes: `<journal>.torn-<byteOffset>`.
    public var sideFilePath: String

    /// Creates a recovery report.
    public init(byteOffset: Int64, byteCount: Int64, unparsableLineCount: Int, sideFilePath: String) {
        self.byteOffset = byteOffset
        self.byteCount = byteCount
        self.unparsableLineCount = unparsableLineCount
        self.sideFilePath = sideFilePath
    }
}

/// An append-only journal file of newline-terminated lines.
public struct JournalFile: Sendable {
    /// Permissions of a new journal: owner read-write, others read (the journal is evidence, not a secret).
    public static let journalPermissions: UInt32 = 0o644
    /// Largest batch one append writes: 256 MiB, so a runaway caller cannot exhaust memory or the disk in one call.
    public static let maximumBatchByteCount = 256 << 20
    /// Most complete-but-unparsable lines recovery moves aside at once: 1,024. More than that is
    /// not a crash artefact; it needs a person.
    public static let maximumRecoveredLineCount = 1_024
    /// Most side-file names tried for one torn offset (`.torn-<offset>`, `.torn-<offset>.1`, ...).
    static let maximumSideFileAttemptCount = 1_000

    /// The journal's path.
    public let path: String
    /// The file system used for every call.
    public let fileSystem: any FileSystem
    /// The longest line accepted.
    public let lineByteLimit: Int

    /// Describes the journal at `path`; nothing is opened until a method is called.
    public init(
        path: String, fileSystem: any FileSystem = PosixFileSystem(),
        lineByteLimit: Int = JournalReader.maximumLineByteCount
    ) {
        self.path = path
        self.fileSystem = fileSystem
        self.lineByteLimit = lineByteLimit
    }

    /// The existing journal at `path`; throws `fileNotFound` or `notARegularFile` when there is none.
    public static func open(path: String, fileSystem: any FileSystem = PosixFileSystem()) throws -> JournalFile {
        let file = try OpenFile(path: path, fileSystem: fileSystem, access: .readOnly)
        guard try file.status().isRegularFile else { throw StorageError.notARegularFile(path: path) }
        return JournalFile(path: path, fileSystem: fileSystem)
    }

    /// Creates a new journal at `path` holding `firstLines`; see `create(lines:)`.
    @discardableResult
    public static func create(
        path: String, firstLines: [[UInt8]], fileSystem: any FileSystem = PosixFileSystem()
    ) throws -> JournalFile {
        let journal = JournalFile(path: path, fileSystem: fileSystem)
        try journal.create(lines: firstLines)
        return journal
    }

    /// A reader for this journal using the same file system and line limit.
    public var reader: JournalReader {
        JournalReader(path: path, fileSystem: fileSystem, lineByteLimit: lineByteLimit)
    }

    /// Creates the journal with its first lines; refuses when the file exists.
    ///
    /// The file is created with `O_EXCL`, written, synchronized and its directory synchronized.
    /// On failure the new file is removed again. Throws `fileAlreadyExists`, or
    /// `systemCallFailed` naming the failed call.
    @discardableResult
    public func create(lines: [[UInt8]]) throws -> AppendReceipt {
        let batch = try Self.encode(lines, path: path, lineByteLimit: lineByteLimit)
        let lock = try JournalFileLock(
            path: path, fileSystem: fileSystem, kind: .exclusive, access: .writeOnly,
            options: [.create, .exclusive, .append], permissions: Self.journalPermissions)
        var failure: (FileOperation, SystemCallError)?
        do {
            try lock.file.writeAll(batch.bytes)
        } catch {
            failure = (.write, error)
        }
        if failure == nil {
            do { try fileSystem.synchronize(lock.file.descriptor) } catch { failure = (.synchronize, error) }
        }
        if failure == nil {
            do {
                try fileSystem.synchronizeDirectory(directoryPath(of: path))
            } catch {
                failure = (.synchronizeDirectory, error)
            }
        }
        if let (operation, error) = failure {
            try? fileSystem.removeFile(path)
            throw StorageError.systemCallFailed(operation, path: path, errno: error.errno)
        }
        return AppendReceipt(
            previousByteCount: 0, lineByteOffsets: batch.lineByteOffsets(from: 0), byteCount: Int64(batch.bytes.count))
    }

    /// Appends the lines that `makeLines` builds from the current tail, durably and atomically.
    ///
    /// Under an exclusive `flock`: reads the tail, refuses a torn tail (`StorageError.tornTail`),
    /// calls `makeLines` (which may throw to abandon the append, leaving the file untouched),
    /// writes all lines in one `write` (looping on short writes), `fsync`s, and then calls
    /// `afterCommit` still under the lock (for derived caches; it cannot fail the append).
    /// On a failed write or `fsync` the file is truncated back and synchronized and
    /// `appendRolledBack` is thrown; if that fails too, `appendLeftTornTail`. Lines must not
    /// contain a newline (`lineContainsNewline`) or exceed the line limit (`lineTooLong`).
    /// An empty batch writes nothing, still calls `afterCommit` (so caches rebuilt while building
    /// can be stored) and returns a receipt without lines.
    @discardableResult
    public func append(
        _ makeLines: (JournalTail) throws -> [[UInt8]],
        afterCommit: (AppendReceipt) -> Void = { _ in }
    ) throws -> AppendReceipt {
        let lock = try JournalFileLock(
            path: path, fileSystem: fileSystem, kind: .exclusive, access: .readWrite, options: [.append])
        let status = try lock.file.status()
        guard status.isRegularFile else { throw StorageError.notARegularFile(path: path) }
        let tail = try LineScanner.tail(of: lock.file, byteCount: status.byteCount, lineByteLimit: lineByteLimit)
        if let torn = tail.tornTail {
            throw StorageError.tornTail(path: path, byteOffset: torn.byteOffset, byteCount: torn.byteCount)
        }
        let batch = try Self.encode(try makeLines(tail), path: path, lineByteLimit: lineByteLimit)
        let originalByteCount = tail.byteCount
        guard !batch.bytes.isEmpty else {
            let receipt = AppendReceipt(
                previousByteCount: originalByteCount, lineByteOffsets: [], byteCount: originalByteCount)
            afterCommit(receipt)
            return receipt
        }
        do {
            try lock.file.writeAll(batch.bytes)
        } catch {
            throw rollBack(lock.file, to: originalByteCount, after: .write, error)
        }
        do {
            try fileSystem.synchronize(lock.file.descriptor)
        } catch {
            throw rollBack(lock.file, to: originalByteCount, after: .synchronize, error)
        }
        let receipt = AppendReceipt(
            previousByteCount: originalByteCount, lineByteOffsets: batch.lineByteOffsets(from: originalByteCount),
            byteCount: originalByteCount + Int64(batch.bytes.count))
        afterCommit(receipt)
        return receipt
    }

    /// Appends `lines` whatever the tail is (still refusing a torn tail); see `append(_:afterCommit:)`.
    @discardableResult
    public func append(lines: [[UInt8]]) throws -> AppendReceipt {
        try append { _ in lines }
    }

    /// The tail of the journal, read under a shared lock so it never shows an append in progress.
    ///
    /// Its `completeByteCount` is a consistent snapshot for a verifier: every byte before it was
    /// synchronized by a finished append (unless a crash left a torn tail, reported separately).
    public func tail() throws -> JournalTail {
        let lock = try JournalFileLock(path: path, fileSystem: fileSystem, kind: .shared, access: .readOnly)
        return try LineScanner.tail(of: lock.file, byteCount: lock.file.byteCount(), lineByteLimit: lineByteLimit)
    }

    /// Moves a torn tail to a side file and truncates the journal to its last complete, parsable line.
    ///
    /// Under an exclusive lock: the torn region is the bytes after the last newline plus any
    /// complete lines at the end for which `lineParses` returns false (at most
    /// `maximumRecoveredLineCount`, else `tornRegionTooLarge`). The region is written to
    /// `<journal>.torn-<byteOffset>` (created with `O_EXCL`, never overwritten; `.1`, `.2`, ...
    /// when taken), that file and its directory are synchronized, and only then is the journal
    /// truncated and synchronized. Returns nil when there was nothing to recover.
    @discardableResult
    public func recoverTornTail(
        lineParses: (UnsafeRawBufferPointer) -> Bool = { _ in true }
    ) throws -> TornTailRecovery? {
        let lock = try JournalFileLock(path: path, fileSystem: fileSystem, kind: .exclusive, access: .readWrite)
        let byteCount = try lock.file.byteCount()
        let tail = try LineScanner.tail(of: lock.file, byteCount: byteCount, lineByteLimit: lineByteLimit)
        var regionStart = tail.completeByteCount
        var unparsableLineCount = 0
        var candidate = tail.lastLine
        while let line = candidate {
            let parses = line.bytes.withUnsafeBytes { lineParses($0) }
            if parses { break }
            unparsableLineCount += 1
            guard unparsableLineCount <= Self.maximumRecoveredLineCount else {
                throw StorageError.tornRegionTooLarge(
                    path: path, byteOffset: regionStart, limit: Self.maximumRecoveredLineCount)
            }
            regionStart = line.byteOffset
            candidate =
                regionStart > 0
                ? try LineScanner.line(in: lock.file, endingAt: regionStart, lineByteLimit: lineByteLimit) : nil
        }
        guard regionStart < byteCount else { return nil }
        let sideFilePath = try copyToSideFile(lock.file, range: regionStart..<byteCount)
        try lock.file.truncate(toByteCount: regionStart)
        try lock.file.synchronize()
        return TornTailRecovery(
            byteOffset: regionStart, byteCount: byteCount - regionStart, unparsableLineCount: unparsableLineCount,
            sideFilePath: sideFilePath)
    }

    /// Checks the invariant of a journal at rest: empty, or ending with a newline.
    ///
    /// Throws `tornTail` when the file ends without a newline. Cost: reads the last line.
    public func checkInvariants() throws {
        if let torn = try tail().tornTail {
            throw StorageError.tornTail(path: path, byteOffset: torn.byteOffset, byteCount: torn.byteCount)
        }
    }

    // MARK: - Private

    /// Truncates back to `byteCount` after `operation` failed, and says what state the file is in.
    private func rollBack(
        _ file: borrowing OpenFile, to byteCount: Int64, after operation: FileOperation, _ error: SystemCallError
    ) -> StorageError {
        do {
            try fileSystem.truncate(file.descriptor, toByteCount: byteCount)
        } catch let rollbackError {
            return .appendLeftTornTail(
                path: path, operation: operation, errno: error.errno, byteOffset: byteCount,
                rollbackOperation: .truncate, rollbackErrno: rollbackError.errno)
        }
        do {
            try fileSystem.synchronize(file.descriptor)
        } catch let rollbackError {
            return .appendLeftTornTail(
                path: path, operation: operation, errno: error.errno, byteOffset: byteCount,
                rollbackOperation: .synchronize, rollbackErrno: rollbackError.errno)
        }
        return .appendRolledBack(path: path, operation: operation, errno: error.errno, byteCount: byteCount)
    }

    /// Copies `range` of `file` into a new side file, synchronized with its directory; returns its path.
    private func copyToSideFile(_ file: borrowing OpenFile, range: Range<Int64>) throws -> String {
        var attempt = 0
        var sidePath = "\(path).torn-\(range.lowerBound)"
        var side: OpenFile?
        while side == nil {
            do {
                side = try OpenFile(
                    path: sidePath, fileSystem: fileSystem, access: .writeOnly, options: [.create, .exclusive],
                    permissions: Self.journalPermissions)
            } catch StorageError.fileAlreadyExists {
                attempt += 1
                guard attempt < Self.maximumSideFileAttemptCount else {
                    throw StorageError.sideFileNamesExhausted(path: "\(path).torn-\(range.lowerBound)")
                }
                sidePath = "\(path).torn-\(range.lowerBound).\(attempt)"
            }
        }
        let chunkByteCount = JournalReader.backwardChunkByteCount
        var offset = range.lowerBound
        while offset < range.upperBound {
            let length = Int(min(Int64(chunkByteCount), range.upperBound - offset))
            let bytes = try file.readBytes(atByteOffset: offset, byteCount: length)
            do {
                try side!.writeAll(bytes)
            } catch {
                throw StorageError.systemCallFailed(.write, path: sidePath, errno: error.errno)
            }
            offset += Int64(length)
        }
        try side!.synchronize()
        do {
            try fileSystem.synchronizeDirectory(directoryPath(of: sidePath))
        } catch {
            throw StorageError.systemCallFailed(.synchronizeDirectory, path: sidePath, errno: error.errno)
        }
        return sidePath
    }

    /// The bytes of a batch, lines joined and newline-terminated, with the validation of each line.
    private struct EncodedBatch {
        var bytes: [UInt8] = []
        var lineByteCounts: [Int] = []

        func lineByteOffsets(from start: Int64) -> [Int64] {
            var offsets: [Int64] = []
            offsets.reserveCapacity(lineByteCounts.count)
            var offset = start
            for count in lineByteCounts {
                offsets.append(offset)
                offset += Int64(count) + 1
            }
            return offsets
        }
    }

    private static func encode(_ lines: [[UInt8]], path: String, lineByteLimit: Int) throws -> EncodedBatch {
        var batch = EncodedBatch()
        let total = lines.reduce(0) { $0 + $1.count + 1 }
        guard total <= maximumBatchByteCount else {
            throw StorageError.batchTooLarge(path: path, byteCount: total, limit: maximumBatchByteCount)
        }
        batch.bytes.reserveCapacity(total)
        batch.lineByteCounts.reserveCapacity(lines.count)
        for (index, line) in lines.enumerated() {
            guard !line.contains(newlineByte) else { throw StorageError.lineContainsNewline(lineIndex: index) }
            guard line.count <= lineByteLimit else {
                // The offset is within the batch: the line would have started there after the current end.
                throw StorageError.lineTooLong(
                    path: path, lineNumber: nil, byteOffset: Int64(batch.bytes.count), limit: lineByteLimit)
            }
            batch.bytes.append(contentsOf: line)
            batch.bytes.append(newlineByte)
            batch.lineByteCounts.append(line.count)
        }
        return batch
    }
}
