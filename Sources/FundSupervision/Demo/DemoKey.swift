// DemoKey: the signing keys of the shipped demo journal and of generated journals.
//
// Every demo key is derived from a fixed label (seed = SHA-256("fundledger demo key v1\n" ‖ label)),
// so the demo journal and its key files are rebuilt byte for byte. These keys are public knowledge:
// they protect nothing. Every key file's name line says so ("DEMO KEY — not for real funds").
import LedgerCrypto
import LedgerJournal

/// One demo signer: its file stem, holder name, grant, and the private key derived from its label.
public struct DemoKey: Sendable {
    /// The file stem: the key is written as `<stem>.key` and `<stem>.pub` (each stem contains `demo`).
    public let stem: String
    /// The holder's name as granted in the journal.
    public let holder: String
    /// The divisions the grant covers (`["all"]` for everything); empty for the authority.
    public let counties: [String]
    /// The event kinds the grant allows; empty for the authority.
    public let roles: [String]
    /// The private key derived from the stem and `derivationLabel`.
    public let privateKey: Curve25519.Signing.PrivateKey

    /// The marker that every demo key file's name line carries.
    public static let marker = SigningKeyFile.demoKeyMarker

    /// The domain-separation prefix of demo seeds.
    static let seedPrefix = "fundledger demo key v1\n"

    /// Derives the key for `stem` (and `label`, which generated journals set to their seed).
    /// Traps only if SHA-256 output were not a valid Ed25519 seed, which cannot happen (any 32 bytes are).
    public init(stem: String, holder: String, counties: [String], roles: [String], label: String = "") {
        self.stem = stem
        self.holder = holder
        self.counties = counties
        self.roles = roles
        let seed = SHA256.hash(data: Array((Self.seedPrefix + label + stem).utf8))
        // Any 32 bytes are a valid RFC 8032 seed.
        privateKey = try! Curve25519.Signing.PrivateKey(rawRepresentation: Array(seed))
    }

    /// The name written on the key file's name line: the holder and the demo marker.
    public var fileName: String { "\(holder) — \(Self.marker)" }

    /// The public key as 64 lowercase hex digits.
    public var publicKeyHex: String { Hex.encode(privateKey.publicKey.rawRepresentation) }

    /// The key id (first 8 bytes of SHA-256 of the public key, hex).
    public var keyID: String { KeyID(publicKey: privateKey.publicKey).hex }

    /// The `key.grant` draft that the authority appends for this key.
    public func grantDraft(id: String) -> EventDraft {
        EventDraft(id: id, kind: "key.grant", body: .object([
            "counties": .array(counties.map { .string($0) }),
            "name": .string(holder),
            "public_key": .string(publicKeyHex),
            "roles": .array(roles.map { .string($0) }),
        ]))
    }

    /// Writes `<directory>/<stem>.key` (mode 0600, never overwriting) and `<stem>.pub` (the hex and a
    /// line feed). Throws `StorageError` when a file exists or cannot be written.
    public func write(to directory: String, fileSystem: any FileSystem = PosixFileSystem()) throws {
        try SigningKeyFile(name: fileName, privateKey: privateKey).write(to: directory + "/" + stem + ".key", fileSystem: fileSystem)
        try DemoFiles.writeNew(path: directory + "/" + stem + ".pub", text: publicKeyHex + "\n")
    }
}
