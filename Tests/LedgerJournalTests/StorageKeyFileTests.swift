// Tests of private key files: created 0600 with O_EXCL, refused when others can access them.

import Foundation
import LedgerJournal
import LedgerTestSupport
import Testing

@Suite("Storage: key files")
struct StorageKeyFileTests {
    @Test("a key file is created with mode 0600 and never overwritten")
    func createsOwnerOnly() throws {
        let directory = try TemporaryDirectory(prefix: "fundledger-storage")
        defer { directory.remove() }
        let path = directory.file("clerk.key")
        let store = KeyFileStore()
        try store.create(at: path, contents: [1, 2, 3])
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(throws: StorageError.fileAlreadyExists(path: path)) { try store.create(at: path, contents: [9]) }
        #expect(try store.read(at: path) == [1, 2, 3])
    }

    @Test("a key file readable or writable by group or others is refused, naming the mode and chmod 600")
    func refusesOpenPermissions() throws {
        let directory = try TemporaryDirectory(prefix: "fundledger-storage")
        defer { directory.remove() }
        let path = directory.file("clerk.key")
        let store = KeyFileStore()
        try store.create(at: path, contents: [7])
        for mode in [0o644, 0o640, 0o604, 0o620] {
            #expect(chmod(path, mode_t(mode)) == 0)
            #expect(throws: StorageError.keyFilePermissionsTooOpen(path: path, permissions: UInt32(mode))) {
                try store.read(at: path)
            }
        }
        let message = "\(StorageError.keyFilePermissionsTooOpen(path: path, permissions: 0o644))"
        #expect(message.contains("644"))
        #expect(message.contains("chmod 600"))
        #expect(chmod(path, 0o400) == 0)
        #expect(try store.read(at: path) == [7])
    }

    @Test("a missing or oversized key file is refused")
    func refusesMissingOrHuge() throws {
        let directory = try TemporaryDirectory(prefix: "fundledger-storage")
        defer { directory.remove() }
        let path = directory.file("huge.key")
        #expect(throws: StorageError.fileNotFound(path: path)) { try KeyFileStore().read(at: path) }
        try KeyFileStore().create(at: path, contents: [UInt8](repeating: 0, count: KeyFileStore.maximumKeyFileByteCount + 1))
        #expect(
            throws: StorageError.keyFileTooLarge(
                path: path, byteCount: Int64(KeyFileStore.maximumKeyFileByteCount + 1),
                limit: KeyFileStore.maximumKeyFileByteCount)
        ) { try KeyFileStore().read(at: path) }
    }
}
