// Private key files (docs/FORMAT.md §6). A key file holds a secret: it is created 0600 with O_EXCL
// (never overwriting), refused when group- or world-readable, and its seed is never printed or logged.
// The one exception is a published demo key, whose name line ends with the demo marker: it is no
// secret, and git leaves it 0644 after a clone, so it is accepted and the caller warns.
import LedgerCrypto

/// An Ed25519 signing key with the human name of its holder, as stored in a key file.
public struct SigningKeyFile: Sendable {
    /// The holder's name, e.g. 沁源县财政局.
    public var name: String
    /// The private key.
    public var privateKey: Curve25519.Signing.PrivateKey

    /// The file's permission bits when it was read, if group or others could access it; nil when
    /// only its owner can. Set only for a demo key (`isDemoKey`): any other such key is refused.
    public var openPermissions: UInt32?

    /// The first line of every key file.
    public static let header = "fundledger-ed25519-private-key-v1"
    /// The end of the name line of a published demo key (docs/FORMAT.md §6): such a key protects
    /// nothing and may be readable by others.
    public static let demoKeyMarker = "DEMO KEY — not for real funds"

    /// Whether the name line marks this as a published demo key (it ends with `demoKeyMarker`).
    public var isDemoKey: Bool { name.hasSuffix(Self.demoKeyMarker) }

    /// A key file whose content is not a FundLedger key file (bad header, missing or malformed seed).
    public enum Failure: Error, Equatable, Sendable {
        case malformed(path: String, line: Int)
    }

    public init(name: String, privateKey: Curve25519.Signing.PrivateKey) {
        self.name = name
        self.privateKey = privateKey
    }

    /// The file's text.
    func serialized() -> String {
        "\(Self.header)\nname: \(name)\nseed: \(Hex.encode(privateKey.rawRepresentation))\n"
    }

    /// Writes a new key file with mode 0600; refuses to overwrite an existing file
    /// (`StorageError.fileAlreadyExists`).
    public func write(to path: String, fileSystem: any FileSystem = PosixFileSystem()) throws {
        try KeyFileStore(fileSystem: fileSystem).create(at: path, contents: Array(serialized().utf8))
    }

    /// Reads a key file, refusing one that group or others can read
    /// (`StorageError.keyFilePermissionsTooOpen`) unless it is a demo key (`isDemoKey`; then
    /// `openPermissions` is set so the caller can warn), and one that is not a key file (`Failure.malformed`).
    public static func read(from path: String, fileSystem: any FileSystem = PosixFileSystem()) throws -> SigningKeyFile {
        let (bytes, permissions) = try KeyFileStore(fileSystem: fileSystem).read(at: path, acceptingOpenPermissionsIf: {
            (try? parse($0, path: path))?.isDemoKey == true
        })
        var key = try parse(bytes, path: path)
        let open = permissions & KeyFileStore.forbiddenPermissions
        key.openPermissions = open == 0 ? nil : permissions
        return key
    }

    /// Decodes the text of a key file (header, name and seed lines).
    private static func parse(_ bytes: [UInt8], path: String) throws(Failure) -> SigningKeyFile {
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.first == header else { throw .malformed(path: path, line: 1) }
        guard lines.count > 2, lines[1].hasPrefix("name: ") else { throw .malformed(path: path, line: 2) }
        let name = String(lines[1].dropFirst(6))
        guard lines[2].hasPrefix("seed: "), let seed = try? Hex.decode(lines[2].dropFirst(6)), seed.count == 32,
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
            throw .malformed(path: path, line: 3)
        }
        return SigningKeyFile(name: name, privateKey: key)
    }
}
