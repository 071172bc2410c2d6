// A `FileSystem` that fails on purpose: the Nth write with ENOSPC, a short write, an `fsync`
// with EIO, a full disk. It wraps the real file system, so every call that is not faulted
// really happens on disk, and tests can then check the file's bytes.
// Public (not test-only) so the CLI's end-to-end tests can inject the same faults.

import Synchronization

/// A `FileSystem` wrapper that injects failures into chosen calls.
public final class FaultInjectingFileSystem: FileSystem {
    /// What happens to a faulted call.
    public enum Fault: Sendable, Equatable {
        /// The call does nothing and fails with `errno`.
        case fail(errno: Int32)
        /// A write writes only its first `byteCount` bytes and reports that (other calls ignore this fault).
        case shortWrite(byteCount: Int)
    }

    private struct Rule {
        var operation: FileOperation
        var callNumbers: ClosedRange<Int>
        var fault: Fault
    }

    private struct State {
        var callCounts: [FileOperation: Int] = [:]
        var rules: [Rule] = []
        var remainingByteCount: Int64?
    }

    private let base: any FileSystem
    private let state = Mutex(State())

    /// Wraps `base` (the real file system by default) with no faults scheduled.
    public init(wrapping base: any FileSystem = PosixFileSystem()) {
        self.base = base
    }

    /// Schedules `fault` for the `callNumber`-th call (1-based, counted from now on) of `operation`.
    public func inject(_ fault: Fault, on operation: FileOperation, callNumber: Int) {
        inject(fault, on: operation, callNumbers: callNumber...callNumber)
    }

    /// Schedules `fault` for every call of `operation` whose 1-based number is in `callNumbers`.
    public func inject(_ fault: Fault, on operation: FileOperation, callNumbers: ClosedRange<Int>) {
        state.withLock { state in
            let done = state.callCounts[operation, default: 0]
            let shifted = (callNumbers.lowerBound + done)...(callNumbers.upperBound &+ done)
            state.rules.append(Rule(operation: operation, callNumbers: shifted, fault: fault))
        }
    }

    /// Simulates a disk with `byteCount` bytes free: writes beyond it are short, then fail with ENOSPC.
    /// Truncation does not give space back (a conservative disk). Nil removes the limit.
    public func setFreeByteCount(_ byteCount: Int64?) {
        state.withLock { $0.remainingByteCount = byteCount }
    }

    /// Removes every scheduled fault and the free-space limit.
    public func removeAllFaults() {
        state.withLock { state in
            state.rules.removeAll()
            state.remainingByteCount = nil
        }
    }

    /// How many calls of `operation` were made through this file system.
    public func callCount(of operation: FileOperation) -> Int {
        state.withLock { $0.callCounts[operation, default: 0] }
    }

    private func nextFault(_ operation: FileOperation) -> Fault? {
        state.withLock { state in
            let number = state.callCounts[operation, default: 0] + 1
            state.callCounts[operation] = number
            return state.rules.last { $0.operation == operation && $0.callNumbers.contains(number) }?.fault
        }
    }

    private func failIfFaulted(_ operation: FileOperation) throws(SystemCallError) {
        if case .fail(let code) = nextFault(operation) { throw SystemCallError(errno: code) }
    }

    // MARK: - FileSystem

    /// See `FileSystem.open`.
    public func open(
        _ path: String, access: FileAccess, options: FileOpenOptions, permissions: UInt32
    ) throws(SystemCallError) -> FileDescriptor {
        try failIfFaulted(.open)
        return try base.open(path, access: access, options: options, permissions: permissions)
    }

    /// See `FileSystem.close`.
    public func close(_ descriptor: FileDescriptor) {
        base.close(descriptor)
    }

    /// See `FileSystem.read`.
    public func read(
        _ descriptor: FileDescriptor, into buffer: UnsafeMutableRawBufferPointer, atByteOffset byteOffset: Int64
    ) throws(SystemCallError) -> Int {
        try failIfFaulted(.read)
        return try base.read(descriptor, into: buffer, atByteOffset: byteOffset)
    }

    /// See `FileSystem.write`.
    public func write(_ descriptor: FileDescriptor, from buffer: UnsafeRawBufferPointer) throws(SystemCallError) -> Int {
        var count = buffer.count
        switch nextFault(.write) {
        case .fail(let code): throw SystemCallError(errno: code)
        case .shortWrite(let byteCount): count = min(count, max(0, byteCount))
        case nil: break
        }
        let allowed: Int? = state.withLock { state in
            guard let remaining = state.remainingByteCount else { return nil }
            return Int(min(Int64(count), remaining))
        }
        if let allowed {
            // ENOSPC only when nothing at all fits, as write(2) does.
            guard allowed > 0 || count == 0 else { throw SystemCallError(errno: ENOSPCValue) }
            count = allowed
        }
        let written = try base.write(descriptor, from: UnsafeRawBufferPointer(rebasing: buffer[..<count]))
        state.withLock { state in
            if let remaining = state.remainingByteCount { state.remainingByteCount = remaining - Int64(written) }
        }
        return written
    }

    /// See `FileSystem.synchronize`.
    public func synchronize(_ descriptor: FileDescriptor) throws(SystemCallError) {
        try failIfFaulted(.synchronize)
        try base.synchronize(descriptor)
    }

    /// See `FileSystem.truncate`.
    public func truncate(_ descriptor: FileDescriptor, toByteCount byteCount: Int64) throws(SystemCallError) {
        try failIfFaulted(.truncate)
        try base.truncate(descriptor, toByteCount: byteCount)
    }

    /// See `FileSystem.lock`.
    public func lock(_ descriptor: FileDescriptor, _ kind: FileLockKind) throws(SystemCallError) {
        try failIfFaulted(.lock)
        try base.lock(descriptor, kind)
    }

    /// See `FileSystem.unlock`.
    public func unlock(_ descriptor: FileDescriptor) throws(SystemCallError) {
        try base.unlock(descriptor)
    }

    /// See `FileSystem.status`.
    public func status(_ descriptor: FileDescriptor) throws(SystemCallError) -> FileStatus {
        try failIfFaulted(.status)
        return try base.status(descriptor)
    }

    /// See `FileSystem.rename`.
    public func rename(_ source: String, to destination: String) throws(SystemCallError) {
        try failIfFaulted(.rename)
        try base.rename(source, to: destination)
    }

    /// See `FileSystem.removeFile`.
    public func removeFile(_ path: String) throws(SystemCallError) {
        try failIfFaulted(.remove)
        try base.removeFile(path)
    }

    /// See `FileSystem.synchronizeDirectory`.
    public func synchronizeDirectory(_ directoryPath: String) throws(SystemCallError) {
        try failIfFaulted(.synchronizeDirectory)
        try base.synchronizeDirectory(directoryPath)
    }
}
