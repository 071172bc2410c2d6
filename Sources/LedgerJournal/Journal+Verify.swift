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
        var verifier = JournalVerifier(options: options, validator: validator)
        let total = try reader.tail().byteCount
        var lastProgress: Int64 = 0
        let summary: JournalScanSummary
        do {
            summary = try reader.forEachLine { line, location in
                verifier.consume(line: line, byteOffset: Int(location.byteOffset))
                if let progress, location.byteOffset - lastProgress > 1 << 20 {
                    lastProgress = location.byteOffset
                    progress(location.byteOffset, total)
                }
            }
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
