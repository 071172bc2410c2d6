// Private key files: created owner-only (0600) and never overwritten; refused when readable by others.
// The store handles bytes only; the key encoding belongs to the caller. Secret bytes never
// appear in errors: they name the path and mode, nothing else.

/// Creates and reads private key files with safe permissions.
public struct KeyFileStore: Sendable {
    /// Mode of a new key file: read-write for the owner only.
    public static let keyFilePermissions: UInt32 = 0o600
    /// Permission bits that must be clear on a key file: any access by group or others.
    public static let forbiddenPermissions: UInt32 = 0o077
    /// The largest key file read: 64 KiB (a key file is under 1 KiB; this bounds hostile input).
    public static let maximumKeyFileByteCount = 64 << 10

    /// The file system used for every call.
    public let fileSystem: any FileSystem

    /// Creates a store on `fileSystem`.
    public init(fileSystem: any FileSystem = PosixFileSystem()) {
        self.fileSystem = fileSystem
    }

    /// Creates `path` with mode 0600 (`O_CREAT | O_EXCL`) holding `contents`, synchronized.
    ///
    /// Throws `fileAlreadyExists` rather than overwrite; removes the partial file on a write failure.
    public func create(at path: String, contents: [UInt8]) throws {
        let file = try OpenFile(
            path: path, fileSystem: fileSystem, access: .writeOnly, options: [.create, .exclusive],
            permissions: Self.keyFilePermissions)
        do {
            do {
                try file.writeAll(contents)
            } catch {
                throw StorageError.systemCallFailed(.write, path: path, errno: error.errno)
            }
            try file.synchronize()
            do {
                try fileSystem.synchronizeDirectory(directoryPath(of: path))
            } catch {
                throw StorageError.systemCallFailed(.synchronizeDirectory, path: path, errno: error.errno)
            }
        } catch {
            try? fileSystem.removeFile(path)
            throw error
        }
    }

    /// The contents of the key file at `path`, after checking that only its owner can access it.
    ///
    /// Throws `keyFilePermissionsTooOpen` (fix: `chmod 600`) when any group or other permission
    /// bit is set, `notARegularFile`, `keyFileTooLarge`, or `fileNotFound`.
    public func read(at path: String) throws -> [UInt8] {
        try read(at: path, acceptingOpenPermissionsIf: { _ in false }).contents
    }

    /// The contents and permission bits of the key file at `path`, refusing group or other
    /// permission bits unless `isPublished(contents)` says the file is a published, non-secret key
    /// (a demo key: git does not keep modes, so a fresh clone has them 0644). `isPublished` is
    /// called only for such a file; every other check and error is that of `read(at:)`.
    public func read(at path: String, acceptingOpenPermissionsIf isPublished: ([UInt8]) -> Bool) throws -> (contents: [UInt8], permissions: UInt32) {
        let file = try OpenFile(path: path, fileSystem: fileSystem, access: .readOnly)
        let status = try file.status()
        guard status.isRegularFile else { throw StorageError.notARegularFile(path: path) }
        let isOpen = status.permissions & Self.forbiddenPermissions != 0
        guard status.byteCount <= Int64(Self.maximumKeyFileByteCount) else {
            if isOpen { throw StorageError.keyFilePermissionsTooOpen(path: path, permissions: status.permissions) }
            throw StorageError.keyFileTooLarge(
                path: path, byteCount: status.byteCount, limit: Self.maximumKeyFileByteCount)
        }
        let contents = try file.readBytes(atByteOffset: 0, byteCount: Int(status.byteCount))
        guard !isOpen || isPublished(contents) else {
            throw StorageError.keyFilePermissionsTooOpen(path: path, permissions: status.permissions)
        }
        return (contents, status.permissions)
    }
}
