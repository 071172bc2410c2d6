// The file-system seam of the journal's storage layer.
//
// Every byte that FundLedger reads from or writes to disk goes through `FileSystem`, so that
// tests can replace the real system calls with `FaultInjectingFileSystem` and show that a
// failed write, a short write or a failed `fsync` never leaves an invalid journal behind.
// The protocol is deliberately thin: one requirement per POSIX call, errno passed through
// unchanged in `SystemCallError`, and no buffering. Callers add context (path, operation).

/// An open file descriptor handed out by a `FileSystem`.
public struct FileDescriptor: Hashable, Sendable {
    /// The descriptor number as the operating system knows it.
    public let rawValue: Int32

    /// Wraps a descriptor number.
    public init(rawValue: Int32) {
        self.rawValue = rawValue
    }
}

/// Whether a file is opened for reading, writing or both (`O_RDONLY`, `O_WRONLY`, `O_RDWR`).
public enum FileAccess: Sendable {
    /// `O_RDONLY`.
    case readOnly
    /// `O_WRONLY`.
    case writeOnly
    /// `O_RDWR`.
    case readWrite
}

/// Flags for `FileSystem.open`; `O_CLOEXEC` is always added.
public struct FileOpenOptions: OptionSet, Sendable, Hashable {
    /// The bit pattern of the options (not the POSIX flag values).
    public let rawValue: UInt8

    /// Creates options from their bit pattern.
    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// `O_CREAT`: create the file when it does not exist.
    public static let create = FileOpenOptions(rawValue: 1 << 0)
    /// `O_EXCL`: with `create`, fail with `EEXIST` instead of opening an existing file.
    public static let exclusive = FileOpenOptions(rawValue: 1 << 1)
    /// `O_APPEND`: every write goes to the current end of the file.
    public static let append = FileOpenOptions(rawValue: 1 << 2)
    /// `O_TRUNC`: truncate an existing file to zero bytes.
    public static let truncate = FileOpenOptions(rawValue: 1 << 3)
}

/// The kind of advisory `flock` lock.
public enum FileLockKind: Sendable {
    /// `LOCK_SH`: many holders at once; excludes exclusive holders.
    case shared
    /// `LOCK_EX`: one holder at a time.
    case exclusive
}

/// What `fstat` reports about an open file, reduced to what storage needs.
public struct FileStatus: Sendable, Equatable {
    /// `st_size`.
    public var byteCount: Int64
    /// The permission bits of `st_mode` (`st_mode & 0o7777`).
    public var permissions: UInt32
    /// Whether `st_mode` says the file is a regular file (`S_ISREG`).
    public var isRegularFile: Bool

    /// Creates a status value.
    public init(byteCount: Int64, permissions: UInt32, isRegularFile: Bool) {
        self.byteCount = byteCount
        self.permissions = permissions
        self.isRegularFile = isRegularFile
    }
}

/// A failed system call: the `errno` value it set, unchanged.
public struct SystemCallError: Error, Equatable, Sendable {
    /// The `errno` value (`ENOSPC`, `EIO`, ...).
    public var errno: Int32

    /// Wraps an `errno` value.
    public init(errno: Int32) {
        self.errno = errno
    }
}

/// The system calls the storage layer uses, one requirement each.
///
/// Implementations must not buffer: `write` returns once the bytes are handed to the kernel,
/// and `synchronize` returns once they are durable. Each requirement throws `SystemCallError`
/// carrying the `errno` of the failed call; `EINTR` is retried inside the implementation.
public protocol FileSystem: Sendable {
    /// Opens `path` (`open(2)` with `O_CLOEXEC`); `permissions` is used only when the file is created.
    func open(
        _ path: String, access: FileAccess, options: FileOpenOptions, permissions: UInt32
    ) throws(SystemCallError) -> FileDescriptor

    /// Closes a descriptor (`close(2)`); errors are ignored because every write was already synchronized.
    func close(_ descriptor: FileDescriptor)

    /// Reads up to `buffer.count` bytes at `byteOffset` (`pread(2)`); returns 0 at end of file.
    func read(
        _ descriptor: FileDescriptor, into buffer: UnsafeMutableRawBufferPointer, atByteOffset byteOffset: Int64
    ) throws(SystemCallError) -> Int

    /// Writes up to `buffer.count` bytes (`write(2)`); the result may be short.
    func write(_ descriptor: FileDescriptor, from buffer: UnsafeRawBufferPointer) throws(SystemCallError) -> Int

    /// Copies up to `byteCount` bytes of `source` at `sourceByteOffset` to `target` at its current
    /// position, advancing it, without passing them through the caller (`sendfile(2)`); the result may
    /// be short, and is 0 at `source`'s end. The default reads and writes through this file system.
    func copy(from source: FileDescriptor, atByteOffset sourceByteOffset: Int64, to target: FileDescriptor,
              byteCount: Int) throws(SystemCallError) -> Int

    /// Makes the file's data and size durable (`fsync(2)`).
    func synchronize(_ descriptor: FileDescriptor) throws(SystemCallError)

    /// Sets the file's size (`ftruncate(2)`).
    func truncate(_ descriptor: FileDescriptor, toByteCount byteCount: Int64) throws(SystemCallError)

    /// Takes an advisory lock on the open file description, blocking until it is granted (`flock(2)`).
    func lock(_ descriptor: FileDescriptor, _ kind: FileLockKind) throws(SystemCallError)

    /// Releases the advisory lock (`flock(2)` with `LOCK_UN`).
    func unlock(_ descriptor: FileDescriptor) throws(SystemCallError)

    /// Reports the file's size and mode (`fstat(2)`).
    func status(_ descriptor: FileDescriptor) throws(SystemCallError) -> FileStatus

    /// Atomically replaces `destination` with `source` (`rename(2)`).
    func rename(_ source: String, to destination: String) throws(SystemCallError)

    /// Removes a file (`unlink(2)`).
    func removeFile(_ path: String) throws(SystemCallError)

    /// Makes the directory entries of `directoryPath` durable (`open(O_RDONLY|O_DIRECTORY)` + `fsync`).
    func synchronizeDirectory(_ directoryPath: String) throws(SystemCallError)
}

/// The largest chunk the default `FileSystem.copy` moves through memory at once.
private let copyChunkByteCount = 1 << 20

extension FileSystem {
    /// See `FileSystem.copy`: `copyThroughMemory`.
    public func copy(from source: FileDescriptor, atByteOffset sourceByteOffset: Int64, to target: FileDescriptor,
                     byteCount: Int) throws(SystemCallError) -> Int {
        try copyThroughMemory(from: source, atByteOffset: sourceByteOffset, to: target, byteCount: byteCount)
    }

    /// `FileSystem.copy` as one `read` of at most `copyChunkByteCount` bytes, then one `write`.
    public func copyThroughMemory(from source: FileDescriptor, atByteOffset sourceByteOffset: Int64,
                                  to target: FileDescriptor, byteCount: Int) throws(SystemCallError) -> Int {
        guard byteCount > 0 else { return 0 }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, min(byteCount, copyChunkByteCount)),
                                                            alignment: 16)
        defer { buffer.deallocate() }
        let count = try read(source, into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<min(byteCount, buffer.count)]),
                             atByteOffset: sourceByteOffset)
        guard count > 0 else { return 0 }
        return try write(target, from: UnsafeRawBufferPointer(rebasing: buffer[..<count]))
    }

    /// Reads until `buffer` is full or the file ends; returns the number of bytes read.
    ///
    /// Cost: one `pread` per chunk the kernel returns.
    public func readFully(
        _ descriptor: FileDescriptor, into buffer: UnsafeMutableRawBufferPointer, atByteOffset byteOffset: Int64
    ) throws(SystemCallError) -> Int {
        var filled = 0
        while filled < buffer.count {
            let rest = UnsafeMutableRawBufferPointer(rebasing: buffer[filled...])
            let count = try read(descriptor, into: rest, atByteOffset: byteOffset + Int64(filled))
            if count == 0 { break }
            filled += count
        }
        return filled
    }
}

/// Names the system call that failed, for errors and messages.
public enum FileOperation: String, Sendable, Equatable {
    /// `open(2)`.
    case open
    /// `pread(2)`.
    case read
    /// `write(2)`.
    case write
    /// `fsync(2)` of a file.
    case synchronize = "fsync"
    /// `ftruncate(2)`.
    case truncate = "ftruncate"
    /// `flock(2)`.
    case lock = "flock"
    /// `fstat(2)`.
    case status = "fstat"
    /// `rename(2)`.
    case rename
    /// `unlink(2)`.
    case remove = "unlink"
    /// `fsync(2)` of a directory.
    case synchronizeDirectory = "fsync-directory"
}

/// The directory part of a path (`dirname`), "." for a bare file name.
package func directoryPath(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    if slash == path.startIndex { return "/" }
    return String(path[..<slash])
}
