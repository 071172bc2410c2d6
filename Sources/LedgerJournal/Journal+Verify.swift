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
        // Lines are prepared (hashed, parsed) on all cores, a chunk at a time; the chain, grants and
        // validator then run over them in order on this thread, overlapping the next chunk's preparation.
        let needsSignedMessages = verifier.needsSignedMessages
        let needsBodies = verifier.needsBodies
        let summary: JournalScanSummary
        do {
            summary = try JournalLinePipeline.run(
                reader: reader, in: 0..<total,
                prepare: { line, location in
                    // The position is only used in a not-canonical finding; `consume` knows the real one.
                    JournalVerifier.prepare(line: line, byteOffset: Int(location.byteOffset),
                                            position: location.lineNumber - 1, needsSignedMessage: needsSignedMessages,
                                            needsBody: needsBodies)
                },
                consume: { prepared, location in
                    verifier.consume(prepared)
                    if let progress, location.byteOffset - lastProgress > 1 << 20 {
                        lastProgress = location.byteOffset
                        progress(location.byteOffset, total)
                    }
                })
        } catch StorageError.lineTooLong(_, _, let byteOffset, let limit) {
            verifier.noteOverlongLine(byteOffset: Int(byteOffset), byteCount: limit + 1)
            return verifier.finish()
        }
        if let torn = summary.tornTail {
            verifier.noteTornTail(byteOffset: Int(torn.byteOffset), byteCount: Int(torn.byteCount))
        }
        return verifier.finish()
    }
}

/// Wraps a buffer that several workers use on disjoint ranges.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
}
