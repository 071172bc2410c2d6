import LedgerCrypto

/// The trust state of a journal at one point: its origin, current authority and the grants in force.
///
/// Built by applying entries in order (docs/FORMAT.md §5). `authorize(_:)` decides whether an entry may
/// be signed by its signer given the state *before* it; `apply(_:)` then updates the state with the
/// entry's effect (for journal-layer kinds).
public struct KeyRegistry: Sendable {
    /// The journal's name, from the genesis entry.
    public private(set) var origin: String?
    /// The current authority key.
    public private(set) var authority: Curve25519.Signing.PublicKey?
    /// The key id of the current authority.
    public private(set) var authorityKeyID: String?
    /// Grants in force, by key id.
    public private(set) var grants: [String: Grant] = [:]
    /// Every public key ever named, by key id, to refuse key-id collisions.
    private var knownKeys: [String: Curve25519.Signing.PublicKey] = [:]

    /// The kinds that only the authority may sign.
    public static let authorityKinds: Set<String> = ["journal.genesis", "key.grant", "key.revoke", "authority.rotate"]
    /// The journal format this code reads and writes.
    public static let format = "fundledger/v1"

    /// An empty registry, before the genesis entry.
    public init() {}

    // Restoring a cached snapshot (JournalStateCache).
    var knownPublicKeys: [Curve25519.Signing.PublicKey] {
        knownKeys.keys.sorted().compactMap { knownKeys[$0] }
    }
    mutating func restore(origin: String) { self.origin = origin }
    mutating func restore(authority key: Curve25519.Signing.PublicKey) {
        authority = key
        authorityKeyID = KeyID(publicKey: key).hex
    }
    mutating func restore(knownKey key: Curve25519.Signing.PublicKey) { knownKeys[KeyID(publicKey: key).hex] = key }
    mutating func restore(grant: Grant, keyID: String) { grants[keyID] = grant }

    /// The public key that must have signed `entry`, if its signer is known at this point.
    public func signingKey(for entry: JournalEntry) -> Curve25519.Signing.PublicKey? {
        if entry.sequence == 0, entry.kind == "journal.genesis",
           let hex = entry.body["authority"]?.stringValue, let key = Self.publicKey(hex: hex) {
            return key
        }
        if entry.signerKeyID == authorityKeyID { return authority }
        return grants[entry.signerKeyID]?.publicKey
    }

    /// Checks that the entry's signer may sign its kind and scope here. Does not check the signature.
    public func authorize(_ entry: JournalEntry) throws(JournalError) {
        let sequence = entry.sequence
        if sequence == 0 {
            guard entry.kind == "journal.genesis" else {
                throw .invalidGenesis(sequence: 0, problem: "entry 0 must have kind journal.genesis")
            }
            return
        }
        if entry.kind == "journal.genesis" {
            throw .invalidGenesis(sequence: sequence, problem: "only entry 0 may be a genesis")
        }
        if entry.signerKeyID == authorityKeyID { return }
        if Self.authorityKinds.contains(entry.kind) {
            throw .requiresAuthority(sequence: sequence, kind: entry.kind)
        }
        guard let grant = grants[entry.signerKeyID] else {
            throw .signerNotGranted(sequence: sequence, signer: entry.signerKeyID)
        }
        guard grant.allows(kind: entry.kind) else {
            throw .kindNotGranted(sequence: sequence, signer: entry.signerKeyID, kind: entry.kind)
        }
        guard grant.covers(scope: entry.scope) else {
            throw .scopeNotGranted(sequence: sequence, signer: entry.signerKeyID, scope: entry.scope)
        }
    }

    /// Whether the key may sign checkpoints: the authority, or a grant with the `checkpoint` role.
    public func maySignCheckpoints(keyID: String) -> Bool {
        keyID == authorityKeyID || grants[keyID]?.roles?.contains(Grant.checkpointRole) ?? (grants[keyID] != nil)
    }

    /// Whether the registry reads the body of entries of `kind` (`signingKey(for:)`, `apply`): the
    /// journal-layer kinds. Other bodies are opaque to the journal layer.
    public static func readsBody(ofKind kind: String) -> Bool {
        kind.hasPrefix("journal.") || kind.hasPrefix("key.") || kind.hasPrefix("authority.")
    }

    /// Applies the effect of an authorized entry. Journal-layer bodies are validated here.
    public mutating func apply(_ entry: JournalEntry) throws(JournalError) {
        let sequence = entry.sequence
        switch entry.kind {
        case "journal.genesis":
            let body = try Self.members(of: entry, exactly: ["authority", "format", "origin"])
            guard body["format"]?.stringValue == Self.format else {
                throw .invalidGenesis(sequence: sequence, problem: "format must be \(Self.format)")
            }
            guard let originText = body["origin"]?.stringValue, Self.isValidOrigin(originText) else {
                throw .malformedEnvelope(sequence: sequence, member: "body.origin", problem: .malformed)
            }
            let key = try Self.publicKey(in: body, member: "authority", sequence: sequence)
            let keyID = KeyID(publicKey: key).hex
            guard entry.signerKeyID == keyID else {
                throw .invalidGenesis(sequence: sequence, problem: "the genesis must be signed by the authority it names")
            }
            origin = originText
            authority = key
            authorityKeyID = keyID
            knownKeys[keyID] = key
        case "key.grant":
            let body = try Self.members(of: entry, exactly: ["counties", "name", "public_key", "roles"])
            let key = try Self.publicKey(in: body, member: "public_key", sequence: sequence)
            let keyID = KeyID(publicKey: key).hex
            if let known = knownKeys[keyID], known.rawRepresentation != key.rawRepresentation {
                throw .keyIDCollision(sequence: sequence, keyID: keyID)
            }
            if keyID == authorityKeyID {
                throw .malformedEnvelope(sequence: sequence, member: "body.public_key", problem: .malformed)
            }
            guard let name = body["name"]?.stringValue, !name.isEmpty, name.utf8.count <= 256 else {
                throw .malformedEnvelope(sequence: sequence, member: "body.name", problem: .malformed)
            }
            let roles = try Self.list(in: body, member: "roles", sequence: sequence) { role in
                role == Grant.checkpointRole || JournalEntry.isValidKind(role)
            }
            let counties = try Self.list(in: body, member: "counties", sequence: sequence, JournalEntry.isValidScope)
            knownKeys[keyID] = key
            grants[keyID] = Grant(publicKey: key, name: name, roles: roles.map(Set.init), counties: counties,
                                  grantedAt: sequence)
        case "key.revoke":
            let body = try Self.members(of: entry, exactly: ["public_key", "reason"])
            let key = try Self.publicKey(in: body, member: "public_key", sequence: sequence)
            guard body["reason"]?.stringValue != nil else {
                throw .malformedEnvelope(sequence: sequence, member: "body.reason", problem: .wrongType)
            }
            let keyID = KeyID(publicKey: key).hex
            guard grants.removeValue(forKey: keyID) != nil else {
                throw .revokingUnknownKey(sequence: sequence, publicKey: Hex.encode(key.rawRepresentation))
            }
        case "authority.rotate":
            let body = try Self.members(of: entry, exactly: ["public_key"])
            let key = try Self.publicKey(in: body, member: "public_key", sequence: sequence)
            let keyID = KeyID(publicKey: key).hex
            if let known = knownKeys[keyID], known.rawRepresentation != key.rawRepresentation {
                throw .keyIDCollision(sequence: sequence, keyID: keyID)
            }
            grants.removeValue(forKey: keyID)
            knownKeys[keyID] = key
            authority = key
            authorityKeyID = keyID
        default:
            break
        }
    }

    /// An origin is 1...255 bytes of printable ASCII without spaces or `+` (C2SP signed-note key names).
    public static func isValidOrigin(_ origin: String) -> Bool {
        let bytes = origin.utf8
        return !bytes.isEmpty && bytes.count <= 255 && bytes.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != 0x2B }
    }

    /// Parses 64 lowercase hex digits as an Ed25519 public key.
    public static func publicKey(hex: String) -> Curve25519.Signing.PublicKey? {
        guard hex.utf8.count == 64, hex.utf8.allSatisfy(isLowercaseHexDigit),
              let bytes = try? Hex.decode(hex) else { return nil }
        return try? Curve25519.Signing.PublicKey(rawRepresentation: bytes)
    }

    private static func members(of entry: JournalEntry, exactly names: Set<String>) throws(JournalError) -> [String: JSONValue] {
        let body = entry.body.objectValue ?? [:]
        if let extra = body.keys.sorted().first(where: { !names.contains($0) }) {
            throw .malformedEnvelope(sequence: entry.sequence, member: "body." + extra, problem: .unexpectedMember)
        }
        if let missing = names.sorted().first(where: { body[$0] == nil }) {
            throw .malformedEnvelope(sequence: entry.sequence, member: "body." + missing, problem: .missing)
        }
        return body
    }

    private static func publicKey(in body: [String: JSONValue], member: String, sequence: Int) throws(JournalError) -> Curve25519.Signing.PublicKey {
        guard let hex = body[member]?.stringValue, let key = publicKey(hex: hex) else {
            throw .malformedEnvelope(sequence: sequence, member: "body." + member, problem: .malformed)
        }
        return key
    }

    /// A non-empty list of distinct strings that pass `isValid`, or `["all"]` (returned as nil).
    private static func list(in body: [String: JSONValue], member: String, sequence: Int,
                             _ isValid: (String) -> Bool) throws(JournalError) -> [String]? {
        guard let items = body[member]?.arrayValue, !items.isEmpty else {
            throw .malformedEnvelope(sequence: sequence, member: "body." + member, problem: .malformed)
        }
        let strings = items.compactMap(\.stringValue)
        guard strings.count == items.count, Set(strings).count == strings.count else {
            throw .malformedEnvelope(sequence: sequence, member: "body." + member, problem: .malformed)
        }
        if strings == [Grant.all] { return nil }
        guard strings.allSatisfy(isValid) else {
            throw .malformedEnvelope(sequence: sequence, member: "body." + member, problem: .malformed)
        }
        return strings
    }
}
