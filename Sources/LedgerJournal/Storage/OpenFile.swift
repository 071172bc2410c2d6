// An open file that remembers its path and closes itself, so that every storage error names
// the file and the system call, and no early exit leaks a descriptor.

/// An open descriptor together with its path and file system; closed when it goes out of scope.
package struct OpenFile: ~Copyable {
    /// The path the file was opened with (used in errors).
    package let path: String
    /// The file system that opened it.
    package let fileSystem: any FileSystem
    /// The open descriptor.
    package let descriptor: FileDescriptor

    /// Opens `path`, mapping `EEXIST` and `ENOENT` to `fileAlreadyExists` and `fileNotFound`.
    package init(
        path: String, fileSystem: any FileSystem, access: FileAccess, options: FileOpenOptions = [],
        permissions: UInt32 = 0
    ) throws {
        self.path = path
        self.fileSystem = fileSystem
        do {
            descriptor = try fileSystem.open(path, access: access, options: options, permissions: permissions)
        } catch {
            throw StorageError.from(error, .open, path: path)
        }
    }

    deinit {
        fileSystem.close(descriptor)
    }

    /// The file's size and mode.
    package func status() throws -> FileStatus {
        do { return try fileSystem.status(descriptor) } catch { throw StorageError.from(error, .status, path: path) }
    }

    /// The file's size in bytes.
    package func byteCount() throws -> Int64 {
        try status().byteCount
    }

    /// Reads until `buffer` is full or the file ends; returns the number of bytes read.
    package func readFully(into buffer: UnsafeMutableRawBufferPointer, atByteOffset byteOffset: Int64) throws -> Int {
        do {
            return try fileSystem.readFully(descriptor, into: buffer, atByteOffset: byteOffset)
        } catch {
            throw StorageError.from(error, .read, path: path)
        }
    }

    /// Reads exactly `byteCount` bytes at `byteOffset`, or throws `unexpectedEndOfFile`.
    package func readBytes(atByteOffset byteOffset: Int64, byteCount: Int) throws -> [UInt8] {
        // Uninitialized, not zero-filled first: the read fills it (a short read throws, and the bytes
        // it left unwritten are never read; the count is set to what was filled).
        var count = 0
        let bytes = try [UInt8](unsafeUninitializedCapacity: byteCount) { buffer, initializedCount in
            count = try readFully(into: UnsafeMutableRawBufferPointer(buffer), atByteOffset: byteOffset)
            initializedCount = count
        }
        guard count == byteCount else {
            throw StorageError.unexpectedEndOfFile(path: path, byteOffset: byteOffset + Int64(count))
        }
        return bytes
    }

    /// Writes all of `bytes`, looping on short writes; throws the raw error so callers can roll back.
    package func writeAll(_ bytes: UnsafeRawBufferPointer) throws(SystemCallError) {
        var written = 0
        var zeroProgressCount = 0
        while written < bytes.count {
            let count = try fileSystem.write(descriptor, from: UnsafeRawBufferPointer(rebasing: bytes[written...]))
            if count == 0 {
                // POSIX never returns 0 for a non-empty write to a regular file; do not spin on it.
                zeroProgressCount += 1
                if zeroProgressCount > 1 { throw SystemCallError(errno: EIOValue) }
            } else {
                zeroProgressCount = 0
            }
            written += count
        }
    }

    /// Writes all of `bytes`, looping on short writes; throws the raw error so callers can roll back.
    package func writeAll(_ bytes: [UInt8]) throws(SystemCallError) {
        let result: Result<Void, SystemCallError> = bytes.withUnsafeBytes { buffer in
            do throws(SystemCallError) {
                try writeAll(buffer)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
    }

    /// Makes the file's contents durable.
    package func synchronize() throws {
        do { try fileSystem.synchronize(descriptor) } catch { throw StorageError.from(error, .synchronize, path: path) }
    }

    /// Sets the file's size.
    package func truncate(toByteCount byteCount: Int64) throws {
        do { try fileSystem.truncate(descriptor, toByteCount: byteCount) } catch { throw StorageError.from(error, .truncate, path: path) }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `EIO`, named for use where the POSIX module is not imported.
package let EIOValue: Int32 = EIO

/// `ENOSPC`, named for use where the POSIX module is not imported.
package let ENOSPCValue: Int32 = ENOSPC
