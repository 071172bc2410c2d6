// Published demo keys after a clone. Goal: git keeps no file modes, so the demo's key files are 0644
// in a fresh clone; a key file whose name line ends with the demo marker is accepted at that mode
// (and says so, for the caller's warning), while every other key with group or other bits stays
// refused exactly as before. Method: write key files, chmod them, read them.
import Foundation
import LedgerCrypto
import LedgerJournal
import LedgerTestSupport
import Testing

@Suite("Key files: published demo keys")
struct DemoKeyFilePermissionTests {
    static let seed = [UInt8](repeating: 7, count: 32)

    /// Writes a key file named `name` at mode 0600, then sets `mode`.
    static func writeKey(named name: String, at path: String, mode: mode_t) throws {
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
        try SigningKeyFile(name: name, privateKey: key).write(to: path)
        #expect(chmod(path, mode) == 0)
    }

    @Test("a demo-labelled key at 0644 is read and reports its open mode")
    func demoKeyAcceptedWhenOpen() throws {
        let directory = try TemporaryDirectory(prefix: "fundledger-storage")
        defer { directory.remove() }
        let path = directory.file("demo-authority.key")
        try Self.writeKey(named: "扶贫资金监管演示授权机构 — \(SigningKeyFile.demoKeyMarker)", at: path, mode: 0o644)
        let file = try SigningKeyFile.read(from: path)
        #expect(file.isDemoKey)
        #expect(file.openPermissions == 0o644)
        #expect(file.privateKey.rawRepresentation == Data(Self.seed))
    }

    @Test("a demo key that only its owner can read reports no open mode")
    func demoKeyOwnerOnly() throws {
        let directory = try TemporaryDirectory(prefix: "fundledger-storage")
        defer { directory.remove() }
        let path = directory.file("demo.key")
        try Self.writeKey(named: "演示 — \(SigningKeyFile.demoKeyMarker)", at: path, mode: 0o600)
        let file = try SigningKeyFile.read(from: path)
        #expect(file.isDemoKey)
        #expect(file.openPermissions == nil)
    }

    @Test("a normal key at 0644, 0640 or 0604 is refused as before")
    func realKeyRefusedWhenOpen() throws {
        let directory = try TemporaryDirectory(prefix: "fundledger-storage")
        defer { directory.remove() }
        let path = directory.file("clerk.key")
        try Self.writeKey(named: "沁源县财政局", at: path, mode: 0o600)
        #expect(try SigningKeyFile.read(from: path).openPermissions == nil)
        for mode: mode_t in [0o644, 0o640, 0o604] {
            #expect(chmod(path, mode) == 0)
            #expect(throws: StorageError.keyFilePermissionsTooOpen(path: path, permissions: UInt32(mode))) {
                try SigningKeyFile.read(from: path)
            }
        }
    }

    @Test("the marker counts only at the end of the name line; a malformed open file is refused for its mode")
    func markerMustEndTheName() throws {
        let directory = try TemporaryDirectory(prefix: "fundledger-storage")
        defer { directory.remove() }
        let path = directory.file("tricky.key")
        try Self.writeKey(named: "\(SigningKeyFile.demoKeyMarker) (not really) 沁源县财政局", at: path, mode: 0o644)
        #expect(throws: StorageError.keyFilePermissionsTooOpen(path: path, permissions: 0o644)) {
            try SigningKeyFile.read(from: path)
        }
        let broken = directory.file("broken.key")
        _ = FileManager.default.createFile(atPath: broken, contents: Data("name: x — \(SigningKeyFile.demoKeyMarker)\n".utf8),
                                       attributes: [.posixPermissions: 0o644])
        #expect(throws: StorageError.keyFilePermissionsTooOpen(path: broken, permissions: 0o644)) {
            try SigningKeyFile.read(from: broken)
        }
    }
}
