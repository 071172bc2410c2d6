// The one error enum of the storage layer. Cases carry structured context (path, errno,
// byte offsets); the wording lives in `description` (English) and in the CLI's message
// catalog (Chinese), never inside the cases.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An error of the journal's storage layer: file access, torn tails, over-long lines, key files.
public enum StorageError: Error, Equatable, Sendable {
    /// A system call failed on `path` with `errno`.
    case systemCallFailed(FileOperation, path: String, errno: Int32)
    /// A file that must be new already exists (`O_EXCL` refused it).
    case fileAlreadyExists(path: String)
    /// A file that must exist does not.
    case fileNotFound(path: String)
    /// The path names something other than a regular file.
    case notARegularFile(path: String)
    /// The journal ends with `byteCount` bytes after its last newline, starting at `byteOffset`;
    /// appending is refused until `recover` has moved them aside.
    case tornTail(path: String, byteOffset: Int64, byteCount: Int64)
    /// A line is longer than `limit` bytes (`lineNumber` is 1-based; nil when scanning backwards).
    case lineTooLong(path: String, lineNumber: Int?, byteOffset: Int64, limit: Int)
    /// An append batch of `byteCount` bytes is larger than `limit` bytes.
    case batchTooLarge(path: String, byteCount: Int, limit: Int)
    /// Line `lineIndex` (0-based) of an append batch contains a newline byte.
    case lineContainsNewline(lineIndex: Int)
    /// An append failed at `operation` with `errno`; the journal was truncated back to
    /// `byteCount` bytes and synchronized, so it is exactly as before the append.
    case appendRolledBack(path: String, operation: FileOperation, errno: Int32, byteCount: Int64)
    /// An append failed at `operation` with `errno`, and restoring the journal to `byteOffset`
    /// bytes failed too (`rollbackOperation`, `rollbackErrno`): bytes after `byteOffset` may be
    /// torn and `recover` must run before the next append. Recovery moves a partial last line
    /// aside; whole lines of the batch that reached the file stay, as after a crash before `fsync`
    /// (never acknowledged; a retry with the same ids finds them).
    case appendLeftTornTail(
        path: String, operation: FileOperation, errno: Int32, byteOffset: Int64,
        rollbackOperation: FileOperation, rollbackErrno: Int32)
    /// The file ended at `byteOffset` before a line that was expected there.
    case unexpectedEndOfFile(path: String, byteOffset: Int64)
    /// The torn region at the end of the journal spans more than `limit` lines; recovery refuses
    /// to move that much aside automatically.
    case tornRegionTooLarge(path: String, byteOffset: Int64, limit: Int)
    /// Every candidate side-file name for a torn tail is taken.
    case sideFileNamesExhausted(path: String)
    /// A private key file is accessible by its group or by others (`permissions` are the mode bits).
    case keyFilePermissionsTooOpen(path: String, permissions: UInt32)
    /// A private key file is larger than any key file FundLedger writes.
    case keyFileTooLarge(path: String, byteCount: Int64, limit: Int)

    /// Maps an `errno` from `operation` on `path` to the most specific case.
    package static func from(_ error: SystemCallError, _ operation: FileOperation, path: String) -> StorageError {
        switch (operation, error.errno) {
        case (.open, EEXIST): return .fileAlreadyExists(path: path)
        case (.open, ENOENT): return .fileNotFound(path: path)
        default: return .systemCallFailed(operation, path: path, errno: error.errno)
        }
    }
}

/// The operating system's text for an `errno` value (`strerror`), e.g. "No space left on device".
public func systemErrorDescription(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "errno \(code)" }
    return String(cString: text)
}

extension StorageError: CustomStringConvertible {
    /// The English message; the CLI renders its own, bilingual, from the same cases.
    public var description: String {
        switch self {
        case .systemCallFailed(let operation, let path, let code):
            return "\(path): \(operation.rawValue) failed: \(systemErrorDescription(code))"
        case .fileAlreadyExists(let path):
            return "\(path): file already exists; it is never overwritten"
        case .fileNotFound(let path):
            return "\(path): no such file"
        case .notARegularFile(let path):
            return "\(path): not a regular file"
        case .tornTail(let path, let byteOffset, let byteCount):
            return "\(path): torn final line at byte \(byteOffset) (\(byteCount) bytes without a newline); "
                + "run 'fundledger recover' before appending"
        case .lineTooLong(let path, let lineNumber, let byteOffset, let limit):
            let line = lineNumber.map { "line \($0), " } ?? ""
            return "\(path): \(line)byte \(byteOffset): line longer than \(limit) bytes"
        case .batchTooLarge(let path, let byteCount, let limit):
            return "cannot append to \(path): a batch of \(byteCount) bytes is larger than the limit of \(limit) bytes"
        case .lineContainsNewline(let lineIndex):
            return "line \(lineIndex) of the batch contains a newline byte"
        case .appendRolledBack(let path, let operation, let code, let byteCount):
            return "cannot append to \(path): \(operation.rawValue) failed: \(systemErrorDescription(code)); "
                + "nothing was written (the journal is unchanged at \(byteCount) bytes)"
        case .appendLeftTornTail(let path, let operation, let code, let byteOffset, let rollbackOperation, let rollbackCode):
            return "cannot append to \(path): \(operation.rawValue) failed: \(systemErrorDescription(code)), "
                + "and restoring the journal failed too (\(rollbackOperation.rawValue): \(systemErrorDescription(rollbackCode))); "
                + "bytes after byte \(byteOffset) may be torn: run 'fundledger recover'"
        case .unexpectedEndOfFile(let path, let byteOffset):
            return "\(path): unexpected end of file at byte \(byteOffset)"
        case .tornRegionTooLarge(let path, let byteOffset, let limit):
            return "\(path): more than \(limit) unparsable lines end the journal (from byte \(byteOffset) back); "
                + "refusing to move them aside automatically"
        case .sideFileNamesExhausted(let path):
            return "\(path): every side-file name for the torn tail is already taken"
        case .keyFilePermissionsTooOpen(let path, let permissions):
            let mode = String(permissions, radix: 8)
            return "\(path): private key file has mode \(mode) and is accessible by others; run 'chmod 600 \(path)'"
        case .keyFileTooLarge(let path, let byteCount, let limit):
            return "\(path): \(byteCount) bytes is too large for a key file (limit \(limit))"
        }
    }
}
