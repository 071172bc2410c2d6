// The derived trust-state cache `JOURNAL.keys`: the key registry as it stands after the journal's last
// entry, with the entry count and head hash it was computed at. Together with the chain head read from
// the journal's last line and the event-id index `JOURNAL.ids`, it lets an append that has no domain
// validator build on the journal without re-reading it. Like every derived file it may be deleted; it is
// used only when its count and head hash match the journal's tail, and rebuilt otherwise.
import LedgerCrypto

/// Serializes a `KeyRegistry` snapshot beside the journal and loads it back when it matches.
enum JournalStateCache {
    static func path(forJournalAt journalPath: String) -> String { journalPath + ".keys" }

    /// The registry cached for a journal of `entryCount` entries whose last leaf hash is `headHash`,
    /// or nil when the file is missing, malformed or stale.
    static func load(journalPath: String, entryCount: Int, headHash: EntryHash, fileSystem: any FileSystem) -> KeyRegistry? {
        guard let file = try? OpenFile(path: path(forJournalAt: journalPath), fileSystem: fileSystem, access: .readOnly),
              let byteCount = try? file.byteCount(), byteCount < 64 << 20,
              let bytes = try? file.readBytes(atByteOffset: 0, byteCount: Int(byteCount)),
              let value = try? CanonicalJSON.parseCanonical(bytes),
              value["format"]?.stringValue == "fundledger-keys/v1",
              value["entry_count"]?.integerValue == Int64(entryCount),
              value["head_hash"]?.stringValue == headHash.hex,
              let registry = value["registry"].flatMap(KeyRegistry.init(snapshot:)) else { return nil }
        return registry
    }

    /// Writes the snapshot atomically (temporary file, rename). Failures are ignored: the cache is derived.
    static func store(_ registry: KeyRegistry, journalPath: String, entryCount: Int, headHash: EntryHash, fileSystem: any FileSystem) {
        let value: JSONValue = .object([
            "entry_count": .integer(Int64(entryCount)), "format": "fundledger-keys/v1",
            "head_hash": .string(headHash.hex), "registry": registry.snapshot(),
        ])
        _ = fileSystem.replaceDerivedFile(at: path(forJournalAt: journalPath), with: CanonicalJSON.encode(value))
    }
}

extension KeyRegistry {
    /// The registry as JSON: origin, authority and every grant in force and key ever named.
    func snapshot() -> JSONValue {
        func hex(_ key: Curve25519.Signing.PublicKey) -> JSONValue { .string(Hex.encode(key.rawRepresentation)) }
        var grantValues: [String: JSONValue] = [:]
        for (keyID, grant) in grants {
            grantValues[keyID] = .object([
                "counties": grant.counties.map { .array($0.map(JSONValue.string)) } ?? .null,
                "granted_at": .integer(Int64(grant.grantedAt)), "name": .string(grant.name),
                "public_key": hex(grant.publicKey),
                "roles": grant.roles.map { .array($0.sorted().map(JSONValue.string)) } ?? .null,
            ])
        }
        return .object([
            "authority": authority.map(hex) ?? .null, "grants": .object(grantValues),
            "known_keys": .array(knownPublicKeys.map(hex)), "origin": origin.map(JSONValue.string) ?? .null,
        ])
    }

    /// Rebuilds a registry from `snapshot()`; nil for anything malformed. Each distinct key is decoded
    /// once, without repeating the subgroup check its first reading from the journal made
    /// (`PublicKey(cachedRawRepresentation:)`): the cache is only used by appends, which never verify
    /// a signature with these keys.
    init?(snapshot value: JSONValue) {
        self.init()
        var decodedKeys: [String: Curve25519.Signing.PublicKey] = [:]
        func publicKey(hex: String) -> Curve25519.Signing.PublicKey? {
            if let key = decodedKeys[hex] { return key }
            guard hex.utf8.count == 64, let bytes = try? Hex.decode(hex),
                  let key = try? Curve25519.Signing.PublicKey(cachedRawRepresentation: bytes),
                  Hex.encode(key.rawRepresentation) == hex else { return nil }
            decodedKeys[hex] = key
            return key
        }
        guard let members = value.objectValue, let grantValues = members["grants"]?.objectValue,
              let known = members["known_keys"]?.arrayValue else { return nil }
        if let originText = members["origin"]?.stringValue { restore(origin: originText) }
        if let authorityHex = members["authority"]?.stringValue {
            guard let key = publicKey(hex: authorityHex) else { return nil }
            restore(authority: key)
        }
        for item in known {
            guard let text = item.stringValue, let key = publicKey(hex: text) else { return nil }
            restore(knownKey: key)
        }
        for (keyID, grantValue) in grantValues {
            guard let keyHex = grantValue["public_key"]?.stringValue, let key = publicKey(hex: keyHex),
                  let name = grantValue["name"]?.stringValue, let grantedAt = grantValue["granted_at"]?.integerValue else { return nil }
            let roles = grantValue["roles"]?.arrayValue.map { Set($0.compactMap(\.stringValue)) }
            let counties = grantValue["counties"]?.arrayValue.map { $0.compactMap(\.stringValue) }
            restore(grant: Grant(publicKey: key, name: name, roles: roles, counties: counties, grantedAt: Int(grantedAt)), keyID: keyID)
        }
    }
}
