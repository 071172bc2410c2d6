// MerkleHasher: the two hash functions of the RFC 6962 / RFC 9162 Merkle tree. The one-byte
// prefixes separate leaves from interior nodes (second-preimage resistance); the leaf hash of a
// journal line is also the chain's `prev` value, so these definitions must never change.

import LedgerCrypto

/// The RFC 6962 §2.1 / RFC 9162 §2.1.1 hash functions over SHA-256.
public enum MerkleHasher {
    /// The hash of the empty tree: SHA-256 of the empty string (RFC 9162 §2.1.1).
    public static let emptyTreeHash: TreeHash = digestHash(SHA256().finalize())

    /// Returns the leaf hash SHA-256(0x00 ‖ data), hashing `data` in place (no copy).
    public static func leafHash(of data: UnsafeRawBufferPointer) -> TreeHash {
        // RFC 6962 §2.1: MTH({d(0)}) = SHA-256(0x00 || d(0)).
        var hasher = SHA256()
        withUnsafeBytes(of: UInt8(0x00)) { hasher.update(bufferPointer: $0) }
        hasher.update(bufferPointer: data)
        return digestHash(hasher.finalize())
    }

    /// Returns the leaf hash SHA-256(0x00 ‖ data).
    public static func leafHash(of data: some Sequence<UInt8>) -> TreeHash {
        let bytes = Array(data)
        return bytes.withUnsafeBytes { leafHash(of: $0) }
    }

    /// Returns the interior node hash SHA-256(0x01 ‖ left ‖ right).
    public static func nodeHash(_ left: TreeHash, _ right: TreeHash) -> TreeHash {
        // RFC 6962 §2.1: MTH(D[n]) = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n])).
        var block = [UInt8](repeating: 0x01, count: 1 + 2 * TreeHash.byteCount)
        block.withUnsafeMutableBytes { buffer in
            left.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: buffer[1..<33]).copyMemory(from: $0) }
            right.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: buffer[33..<65]).copyMemory(from: $0) }
        }
        var hasher = SHA256()
        block.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return digestHash(hasher.finalize())
    }

    static func digestHash(_ digest: SHA256Digest) -> TreeHash {
        digest.withUnsafeBytes { TreeHash(copying: $0) }
    }
}
