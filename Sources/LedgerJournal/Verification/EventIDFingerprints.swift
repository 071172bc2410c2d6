// EventIDFingerprints: the event ids a verification pass has seen, kept as 64-bit fingerprints so
// that checking ids for uniqueness costs 16 bytes per entry (fingerprint and first position)
// instead of the ids themselves.
//
// A fingerprint hit is only a candidate: the earlier entry is read back (`idAt`, a lookup in the
// journal file) and its id compared byte for byte, so a collision never reports a wrong duplicate.
// After a collision, ids with that fingerprint are kept whole (almost always none are).
import LedgerCrypto

/// Event ids seen so far, by fingerprint, with the position where each was first seen.
struct EventIDFingerprints {
    /// The default fingerprint: the first 8 bytes of SHA-256 of the id's UTF-8 bytes, big-endian.
    /// Deterministic across runs and machines, and costly to collide on purpose.
    static func sha256Prefix(_ id: [UInt8]) -> UInt64 {
        id.withUnsafeBytes(sha256Prefix(bytes:))
    }

    /// `sha256Prefix` of a string's UTF-8 bytes, without copying them into an array.
    static func sha256Prefix(utf8 id: String) -> UInt64 {
        var id = id
        return id.withUTF8 { sha256Prefix(bytes: UnsafeRawBufferPointer($0)) }
    }

    private static func sha256Prefix(bytes: UnsafeRawBufferPointer) -> UInt64 {
        var sha = SHA256()
        sha.update(bufferPointer: bytes)
        var value: UInt64 = 0
        for byte in sha.finalize().prefix(8) { value = value << 8 | UInt64(byte) }
        return value
    }

    /// Maps an id's bytes to its fingerprint (tests inject a colliding one).
    let fingerprint: ([UInt8]) -> UInt64
    private var firstPositions: [UInt64: Int] = [:]
    // Fingerprints shared by different ids, with every id seen under them and its first position.
    private var collided: [UInt64: [[UInt8]: Int]] = [:]

    /// An empty set using `fingerprint`.
    init(fingerprint: @escaping ([UInt8]) -> UInt64 = EventIDFingerprints.sha256Prefix) {
        self.fingerprint = fingerprint
    }

    /// The number of fingerprints shared by different ids so far.
    var collisionCount: Int { collided.count }

    /// Records `id` at `position` and returns the position where the same id was first seen, or
    /// nil when it is new. `idAt` reads back the id of the entry at an earlier position (nil when it
    /// cannot be read; the earlier id is then not compared, and the new one is kept whole).
    mutating func firstPosition(ofDuplicate id: [UInt8], at position: Int, idAt: (Int) -> [UInt8]?) -> Int? {
        firstPosition(ofDuplicateWithFingerprint: fingerprint(id), id: { id }, at: position, idAt: idAt)
    }

    /// `firstPosition(ofDuplicate:at:idAt:)` for an id whose fingerprint `print` was computed
    /// already (by `fingerprint`, possibly on another thread); `id` makes the id's bytes, asked for
    /// only on a fingerprint hit, so that the common case copies nothing.
    mutating func firstPosition(ofDuplicateWithFingerprint print: UInt64, id: () -> [UInt8], at position: Int,
                                idAt: (Int) -> [UInt8]?) -> Int? {
        if !collided.isEmpty, let exact = collided[print] {
            let id = id()
            if let first = exact[id] { return first }
            collided[print]![id] = position
            return nil
        }
        guard let first = firstPositions[print] else {
            firstPositions[print] = position
            return nil
        }
        let id = id()
        let earlier = idAt(first)
        if earlier == id { return first }
        // Two different ids share the fingerprint: from now on they are compared whole.
        var exact: [[UInt8]: Int] = [id: position]
        if let earlier { exact[earlier] = first }
        collided[print] = exact
        return nil
    }
}
