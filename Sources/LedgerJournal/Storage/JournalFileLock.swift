// The journal's lock: an advisory `flock` on the journal file itself.
//
// Appends and recovery hold it exclusively from reading the tail until after `fsync`, so two
// processes can never interleave or build on a stale tail. Readers that need a consistent
// snapshot (the verifier's committed size) hold it shared just long enough to read the size.
// `flock` locks belong to the open file description, so separate `open` calls exclude each
// other even within one process; the lock is released when the descriptor is closed, which
// the kernel also does when a process is killed.

/// An open journal held under an advisory `flock`; the lock ends when this value is destroyed.
package struct JournalFileLock: ~Copyable {
    /// The locked file.
    package let file: OpenFile
    /// Whether the lock is shared or exclusive.
    package let kind: FileLockKind

    /// Opens the journal at `path` and blocks until the lock of `kind` is granted.
    package init(
        path: String, fileSystem: any FileSystem, kind: FileLockKind, access: FileAccess,
        options: FileOpenOptions = [], permissions: UInt32 = 0
    ) throws {
        let file = try OpenFile(
            path: path, fileSystem: fileSystem, access: access, options: options, permissions: permissions)
        do {
            try fileSystem.lock(file.descriptor, kind)
        } catch {
            throw StorageError.from(error, .lock, path: path)
        }
        self.file = file
        self.kind = kind
    }
}
