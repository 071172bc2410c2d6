import Dispatch
/// Reading and verifying a journal file.
public enum JournalVerification {
    /// Verifies the journal at `path` by streaming its lines through a `JournalVerifier`.
    ///
    /// Throws `StorageError` only when the file cannot be read; every problem in its content is a
    /// finding in the returned report. `progress` is called with the byte offset reached.
    public static func verify(
        path: String, options: JournalVerifier.Options = .init(),
        validator: (any JournalEventValidator)? = nil,
        fileSystem: any FileSystem = PosixFileSystem(),
        progress: ((Int64, Int64) -> Void)? = nil
    ) throws -> VerificationReport {
        let reader = JournalReader(path: path, fileSystem: fileSystem)
        // The size is taken under a shared lock, so an append in progress is either wholly in the
        // scanned range or wholly after it (never a false torn tail).
        let total = try JournalFile(path: path, fileSystem: fileSystem).tail().byteCount
        // Earlier entries are read back from the same bytes: the verifier asks only for entries
        // before the one it is checking, which this pass has already read and checked in order.
        var verifier = JournalVerifier(options: options, validator: validator,
                                       entryLookup: JournalLineLookup(path: path, byteCount: total, fileSystem: fileSystem))
        var lastProgress: Int64 = 0
        // Lines are collected in chunks and prepared (hashed, parsed) on all cores; the chain,
        // grants and validator then run over the chunk in order.
        var chunk = LineChunk()
        func flush() {
            let prepared = chunk.prepare(firstPosition: verifier.consumedLineCount,
                                         needsSignedMessages: verifier.needsSignedMessages)
            for line in prepared { verifier.consume(line) }
            chunk.removeAll()
        }
        let summary: JournalScanSummary
        do {
            summary = try reader.forEachLine(in: 0..<total) { line, location in
                chunk.append(line, byteOffset: Int(location.byteOffset))
                if chunk.count >= LineChunk.capacity { flush() }
                if let progress, location.byteOffset - lastProgress > 1 << 20 {
                    lastProgress = location.byteOffset
                    progress(location.byteOffset, total)
                }
            }
            flush()
        } catch StorageError.lineTooLong(_, _, let byteOffset, let limit) {
            flush()
            verifier.noteOverlongLine(byteOffset: Int(byteOffset), byteCount: limit + 1)
            return verifier.finish()
        }
        if let torn = summary.tornTail {
            verifier.noteTornTail(byteOffset: Int(torn.byteOffset), byteCount: Int(torn.byteCount))
        }
        return verifier.finish()
    }
}

/// A run of lines copied out of the read buffer, prepared in parallel.
struct LineChunk {
    /// Lines per chunk: enough to keep both cores busy, small enough to bound memory (~4 MB).
    static let capacity = 8192
    private var bytes: [UInt8] = []
    private var ranges: [(start: Int, end: Int, byteOffset: Int)] = []

    var count: Int { ranges.count }

    mutating func append(_ line: UnsafeRawBufferPointer, byteOffset: Int) {
        let start = bytes.count
        bytes.append(contentsOf: line)
        ranges.append((start, bytes.count, byteOffset))
    }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        ranges.removeAll(keepingCapacity: true)
    }

    /// Prepares every line on all cores; results are in line order.
    func prepare(firstPosition: Int, needsSignedMessages: Bool) -> [JournalVerifier.PreparedLine] {
        let count = ranges.count
        guard count > 0 else { return [] }
        let workers = max(1, min(System.activeProcessorCount, count / 256 + 1))
        var results = [JournalVerifier.PreparedLine?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { output in
            let sharedOutput = UncheckedSendable(value: output)
            bytes.withUnsafeBytes { buffer in
                let sharedBuffer = UncheckedSendable(value: buffer)
                let ranges = self.ranges
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    let share = (count + workers - 1) / workers
                    let start = worker * share
                    let end = min(count, start + share)
                    guard start < end else { return }
                    for index in start..<end {
                        let range = ranges[index]
                        let line = UnsafeRawBufferPointer(rebasing: sharedBuffer.value[range.start..<range.end])
                        sharedOutput.value[index] = JournalVerifier.prepare(
                            line: line, byteOffset: range.byteOffset, position: firstPosition + index,
                            needsSignedMessage: needsSignedMessages)
                    }
                }
            }
        }
        return results.map { $0! }
    }
}

/// Wraps a buffer that several workers use on disjoint ranges.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
}
