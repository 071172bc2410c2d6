// The real `FileSystem`: thin wrappers over the POSIX calls of Glibc (Linux) or Darwin (macOS).
// Each wrapper retries EINTR and otherwise reports errno unchanged.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `FileSystem` backed by the operating system's POSIX calls.
public struct PosixFileSystem: FileSystem {
    /// Creates the (stateless) real file system.
    public init() {}

    /// See `FileSystem.open`.
    public func open(
        _ path: String, access: FileAccess, options: FileOpenOptions, permissions: UInt32
    ) throws(SystemCallError) -> FileDescriptor {
        var flags: Int32 = O_CLOEXEC
        switch access {
        case .readOnly: flags |= O_RDONLY
        case .writeOnly: flags |= O_WRONLY
        case .readWrite: flags |= O_RDWR
        }
        if options.contains(.create) { flags |= O_CREAT }
        if options.contains(.exclusive) { flags |= O_EXCL }
        if options.contains(.append) { flags |= O_APPEND }
        if options.contains(.truncate) { flags |= O_TRUNC }
        while true {
            let descriptor = path.withCString { systemOpen($0, flags, mode_t(permissions)) }
            if descriptor >= 0 { return FileDescriptor(rawValue: descriptor) }
            let code = errno
            if code != EINTR { throw SystemCallError(errno: code) }
        }
    }

    /// See `FileSystem.close`.
    public func close(_ descriptor: FileDescriptor) {
        // POSIX leaves the descriptor state unspecified after EINTR; Linux always frees it, so no retry.
        _ = systemClose(descriptor.rawValue)
    }

    /// See `FileSystem.read`.
    public func read(
        _ descriptor: FileDescriptor, into buffer: UnsafeMutableRawBufferPointer, atByteOffset byteOffset: Int64
    ) throws(SystemCallError) -> Int {
        guard buffer.count > 0 else { return 0 }
        while true {
            let count = pread(descriptor.rawValue, buffer.baseAddress, buffer.count, off_t(byteOffset))
            if count >= 0 { return count }
            let code = errno
            if code != EINTR { throw SystemCallError(errno: code) }
        }
    }

    /// See `FileSystem.write`.
    public func write(_ descriptor: FileDescriptor, from buffer: UnsafeRawBufferPointer) throws(SystemCallError) -> Int {
        guard buffer.count > 0 else { return 0 }
        while true {
            let count = systemWrite(descriptor.rawValue, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            let code = errno
            if code != EINTR { throw SystemCallError(errno: code) }
        }
    }

    /// See `FileSystem.copy`: `sendfile(2)`, which copies inside the kernel (file to file since Linux
    /// 2.6.33) and leaves `source`'s position alone.
    public func copy(from source: FileDescriptor, atByteOffset sourceByteOffset: Int64, to target: FileDescriptor,
                     byteCount: Int) throws(SystemCallError) -> Int {
        guard byteCount > 0 else { return 0 }
        #if os(Linux)
        while true {
            var offset = off_t(sourceByteOffset)
            let count = sendfile(target.rawValue, source.rawValue, &offset, byteCount)
            if count >= 0 { return count }
            let code = errno
            if code == EINVAL || code == ENOSYS {
                // A file system without sendfile between files: through memory instead.
                return try copyThroughMemory(from: source, atByteOffset: sourceByteOffset, to: target, byteCount: byteCount)
            }
            if code != EINTR { throw SystemCallError(errno: code) }
        }
        #else
        return try copyThroughMemory(from: source, atByteOffset: sourceByteOffset, to: target, byteCount: byteCount)
        #endif
    }

    /// See `FileSystem.synchronize`.
    public func synchronize(_ descriptor: FileDescriptor) throws(SystemCallError) {
        while true {
            #if canImport(Darwin)
            // Darwin's fsync does not flush the drive's cache; F_FULLFSYNC does (fcntl(2)).
            // Some file systems refuse F_FULLFSYNC; plain fsync is the fallback there.
            if fcntl(descriptor.rawValue, F_FULLFSYNC) == 0 { return }
            if errno == EINTR { continue }
            #endif
            if fsync(descriptor.rawValue) == 0 { return }
            let code = errno
            if code != EINTR { throw SystemCallError(errno: code) }
        }
    }

    /// See `FileSystem.truncate`.
    public func truncate(_ descriptor: FileDescriptor, toByteCount byteCount: Int64) throws(SystemCallError) {
        while true {
            if ftruncate(descriptor.rawValue, off_t(byteCount)) == 0 { return }
            let code = errno
            if code != EINTR { throw SystemCallError(errno: code) }
        }
    }

    /// See `FileSystem.lock`.
    public func lock(_ descriptor: FileDescriptor, _ kind: FileLockKind) throws(SystemCallError) {
        let operation = kind == .exclusive ? LOCK_EX : LOCK_SH
        while true {
            if flock(descriptor.rawValue, operation) == 0 { return }
            let code = errno
            if code != EINTR { throw SystemCallError(errno: code) }
        }
    }

    /// See `FileSystem.unlock`.
    public func unlock(_ descriptor: FileDescriptor) throws(SystemCallError) {
        while true {
            if flock(descriptor.rawValue, LOCK_UN) == 0 { return }
            let code = errno
            if code != EINTR { throw SystemCallError(errno: code) }
        }
    }

    /// See `FileSystem.status`.
    public func status(_ descriptor: FileDescriptor) throws(SystemCallError) -> FileStatus {
        var information = stat()
        guard fstat(descriptor.rawValue, &information) == 0 else { throw SystemCallError(errno: errno) }
        let mode = UInt32(information.st_mode)
        return FileStatus(
            byteCount: Int64(information.st_size),
            permissions: mode & 0o7777,
            isRegularFile: mode & UInt32(S_IFMT) == UInt32(S_IFREG))
    }

    /// See `FileSystem.rename`.
    public func rename(_ source: String, to destination: String) throws(SystemCallError) {
        let result = source.withCString { from in destination.withCString { to in systemRename(from, to) } }
        guard result == 0 else { throw SystemCallError(errno: errno) }
    }

    /// See `FileSystem.removeFile`.
    public func removeFile(_ path: String) throws(SystemCallError) {
        guard path.withCString({ unlink($0) }) == 0 else { throw SystemCallError(errno: errno) }
    }

    /// See `FileSystem.synchronizeDirectory`.
    public func synchronizeDirectory(_ directoryPath: String) throws(SystemCallError) {
        let directory = try open(directoryPath, access: .readOnly, options: [], permissions: 0)
        defer { close(directory) }
        try synchronize(directory)
    }
}

// Module-qualified names, because the methods above shadow the C functions of the same name.
#if canImport(Glibc)
private func systemOpen(_ path: UnsafePointer<CChar>, _ flags: Int32, _ mode: mode_t) -> Int32 { Glibc.open(path, flags, mode) }
private func systemClose(_ descriptor: Int32) -> Int32 { Glibc.close(descriptor) }
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int { Glibc.write(descriptor, bytes, count) }
private func systemRename(_ from: UnsafePointer<CChar>, _ to: UnsafePointer<CChar>) -> Int32 { Glibc.rename(from, to) }
#elseif canImport(Darwin)
private func systemOpen(_ path: UnsafePointer<CChar>, _ flags: Int32, _ mode: mode_t) -> Int32 { Darwin.open(path, flags, mode) }
private func systemClose(_ descriptor: Int32) -> Int32 { Darwin.close(descriptor) }
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int { Darwin.write(descriptor, bytes, count) }
private func systemRename(_ from: UnsafePointer<CChar>, _ to: UnsafePointer<CChar>) -> Int32 { Darwin.rename(from, to) }
#endif
