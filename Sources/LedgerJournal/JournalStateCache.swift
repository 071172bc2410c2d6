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
        loadFile(journalPath: journalPath, entryCount: entryCount, headHash: headHash, onlyGrantOf: nil,
                 fileSystem: fileSystem)?.registry
    }

    /// What an append whose batch changes no grant needs (no `KeyRegistry.authorityKinds`): the
    /// cached registry restricted to the origin, the authority and the grant of `signerKeyID` (the
    /// other keys are not decoded: each costs a point decompression), which authorizes that signer's
    /// entries exactly as the whole registry does, and the file's bytes, from which `storePosition`
    /// writes the unchanged registry at the new position. Never store the partial registry itself.
    static func loadForSigner(_ signerKeyID: String, journalPath: String, entryCount: Int, headHash: EntryHash,
                              fileSystem: any FileSystem) -> (registry: KeyRegistry, bytes: [UInt8])? {
        loadFile(journalPath: journalPath, entryCount: entryCount, headHash: headHash, onlyGrantOf: signerKeyID,
                 fileSystem: fileSystem)
    }

    private static func loadFile(journalPath: String, entryCount: Int, headHash: EntryHash, onlyGrantOf keyID: String?,
                                 fileSystem: any FileSystem) -> (registry: KeyRegistry, bytes: [UInt8])? {
        guard let file = try? OpenFile(path: path(forJournalAt: journalPath), fileSystem: fileSystem, access: .readOnly),
              let byteCount = try? file.byteCount(), byteCount < maximumByteCount,
              let bytes = try? file.readBytes(atByteOffset: 0, byteCount: Int(byteCount)),
              let value = try? CanonicalJSON.parseCanonical(bytes),
              // Exactly the four members, so that the bytes before `registry` are the position fields.
              value.objectValue?.count == 4,
              value["format"]?.stringValue == format,
              value["entry_count"]?.integerValue == Int64(entryCount),
              value["head_hash"]?.stringValue == headHash.hex,
              let snapshot = value["registry"],
              let registry = KeyRegistry(snapshot: snapshot, onlyGrantOf: keyID) else { return nil }
        return (registry, bytes)
    }

    /// Writes the registry held by `bytes` (a file `loadForSigner` read) as computed after `entryCount`
    /// entries with last leaf hash `headHash`: the position fields are encoded again and the registry's
    /// bytes copied. In place when the length stays (see `store`), otherwise replaced atomically.
    static func storePosition(of bytes: [UInt8], journalPath: String, entryCount: Int, headHash: EntryHash,
                              fileSystem: any FileSystem) {
        guard let registryStart = firstIndex(of: registryMember, in: bytes) else { return }
        var updated = positionFields(entryCount: entryCount, headHash: headHash)
        updated.append(contentsOf: bytes[registryStart...])
        let target = path(forJournalAt: journalPath)
        if updated.count == bytes.count {
            _ = fileSystem.overwriteDerivedFile(at: target, with: updated)
        } else {
            _ = fileSystem.replaceDerivedFile(at: target, with: updated)
        }
    }

    /// The file's first bytes up to the registry: `{"entry_count":N,"format":"…","head_hash":"…"`, as
    /// `CanonicalJSON.encode` writes them (members sorted).
    private static func positionFields(entryCount: Int, headHash: EntryHash) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(160)
        CanonicalJSONEncoder.appendASCII(#"{"entry_count":"#, to: &bytes)
        CanonicalJSONEncoder.appendInteger(Int64(entryCount), to: &bytes)
        CanonicalJSONEncoder.appendASCII(#","format":"#, to: &bytes)
        CanonicalJSONEncoder.appendString(format, to: &bytes)
        CanonicalJSONEncoder.appendASCII(#","head_hash":"#, to: &bytes)
        CanonicalJSONEncoder.appendString(headHash.hex, to: &bytes)
        return bytes
    }

    /// The file's format name.
    static let format = "fundledger-keys/v1"
    /// Files this large or larger are not read (a corrupt or foreign file must not allocate without bound).
    static let maximumByteCount: Int64 = 64 << 20

    /// Writes the snapshot. When the file holds the same registry at another position in as many bytes
    /// (an append of events that change no grant), the new bytes differ from the old only in the
    /// position fields (`entry_count`, `head_hash`), which canonical JSON puts before `registry`: the
    /// file is overwritten in place, since any mixture of the two versions a crash could leave names a
    /// position that is not the journal's (count and hash from different versions) and is ignored.
    /// Otherwise it is replaced atomically (temporary file, rename). Failures are ignored: the cache is
    /// derived.
    static func store(_ registry: KeyRegistry, journalPath: String, entryCount: Int, headHash: EntryHash, fileSystem: any FileSystem) {
        let value: JSONValue = .object([
            "entry_count": .integer(Int64(entryCount)), "format": .string(format),
            "head_hash": .string(headHash.hex), "registry": registry.snapshot(),
        ])
        let bytes = CanonicalJSON.encode(value)
        let target = path(forJournalAt: journalPath)
        if let registryStart = firstIndex(of: registryMember, in: bytes),
           let file = try? OpenFile(path: target, fileSystem: fileSystem, access: .readOnly),
           let byteCount = try? file.byteCount(), byteCount == Int64(bytes.count),
           let old = try? file.readBytes(atByteOffset: 0, byteCount: bytes.count),
           old[registryStart...] == bytes[registryStart...] {
            _ = fileSystem.overwriteDerivedFile(at: target, with: bytes)
            return
        }
        _ = fileSystem.replaceDerivedFile(at: target, with: bytes)
    }

    /// The bytes that end the position fields and start the registry in the canonical encoding.
    private static let registryMember: [UInt8] = Array(#","registry":"#.utf8)

    /// The first offset at which `pattern` occurs in `bytes`. Not `bytes.firstRange(of:)`: on `[UInt8]`
    /// that resolves to Foundation's `DataProtocol` search, about 100k instructions on every append.
    private static func firstIndex(of pattern: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= pattern.count else { return nil }
        for start in 0...(bytes.count - pattern.count) where bytes[start] == pattern[0] {
            if bytes[start..<start + pattern.count].elementsEqual(pattern) { return start }
        }
        return nil
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
    /// a signature with these keys. With `onlyGrantOf`, only the origin, the authority and that key's
    /// grant (if any) are restored, and the known keys are skipped (`JournalStateCache.loadForSigner`).
    init?(snapshot value: JSONValue, onlyGrantOf onlyKeyID: String? = nil) {
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
        if let onlyKeyID {
            guard let grantValue = grantValues[onlyKeyID] else { return }
            guard let grant = Self.grant(grantValue, publicKey: publicKey(hex:)) else { return nil }
            restore(grant: grant, keyID: onlyKeyID)
            return
        }
        for item in known {
            guard let text = item.stringValue, let key = publicKey(hex: text) else { return nil }
            restore(knownKey: key)
        }
        for (keyID, grantValue) in grantValues {
            guard let grant = Self.grant(grantValue, publicKey: publicKey(hex:)) else { return nil }
            restore(grant: grant, keyID: keyID)
        }
    }

    /// A grant as `snapshot()` wrote it; nil when malformed.
    private static func grant(_ grantValue: JSONValue,
                              publicKey: (String) -> Curve25519.Signing.PublicKey?) -> Grant? {
        guard let keyHex = grantValue["public_key"]?.stringValue, let key = publicKey(keyHex),
              let name = grantValue["name"]?.stringValue, let grantedAt = grantValue["granted_at"]?.integerValue else { return nil }
        let roles = grantValue["roles"]?.arrayValue.map { Set($0.compactMap(\.stringValue)) }
        let counties = grantValue["counties"]?.arrayValue.map { $0.compactMap(\.stringValue) }
        return Grant(publicKey: key, name: name, roles: roles, counties: counties, grantedAt: Int(grantedAt))
    }
}
