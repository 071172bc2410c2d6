// The chain's EntryHash and the tree's TreeHash are the same value, the RFC 6962 leaf hash of a
// journal line; these conversions let the chain verifier feed the tree index without rehashing.

extension TreeHash {
    /// The tree leaf hash equal to a chain entry hash (same 32 bytes).
    public init(_ entryHash: EntryHash) {
        self = entryHash.bytes.withUnsafeBytes { TreeHash(copying: $0) }
    }

    /// The chain entry hash with the same 32 bytes.
    public var entryHash: EntryHash { EntryHash(uncheckedBytes: bytes) }
}
