// InclusionProof: the audit path that proves one leaf is in a tree of a given size
// (RFC 9162 §2.1.3). Verification follows RFC 9162 §2.1.3.2 step by step, and a proof whose
// length is not exactly the one the (index, size) pair dictates is rejected before hashing.

/// A proof that the leaf at `leafIndex` is included in the tree of size `treeSize`.
public struct InclusionProof: Hashable, Sendable {
    /// The 0-based index of the proven leaf.
    public var leafIndex: Int
    /// The size of the tree the proof is for.
    public var treeSize: Int
    /// The sibling hashes from the leaf's sibling up to a child of the root.
    public var hashes: [TreeHash]

    /// Creates a proof from its parts (no checks; `verify` checks).
    public init(leafIndex: Int, treeSize: Int, hashes: [TreeHash]) {
        self.leafIndex = leafIndex
        self.treeSize = treeSize
        self.hashes = hashes
    }

    /// Returns the number of hashes an inclusion proof for `leafIndex` in a tree of `treeSize`
    /// must have. Requires `0 <= leafIndex < treeSize`.
    public static func expectedLength(leafIndex: Int, treeSize: Int) -> Int {
        precondition(leafIndex >= 0 && leafIndex < treeSize, "the leaf is in the tree")
        // Below the level where the paths to the leaf and to the last leaf meet, every level
        // contributes a sibling; above it, only the levels where the leaf's path turns right.
        let inner = Int.bitWidth - (leafIndex ^ (treeSize - 1)).leadingZeroBitCount
        let border = (leafIndex >> inner).nonzeroBitCount
        return inner + border
    }

    /// Returns the root hash that this proof and `leafHash` imply (RFC 9162 §2.1.3.2).
    /// Throws `TransparencyError.leafIndexOutOfRange` or `.proofLengthMismatch`.
    public func impliedRoot(leafHash: TreeHash) throws -> TreeHash {
        // RFC 9162 §2.1.3.2 step 1: leaf_index must be below tree_size.
        guard leafIndex >= 0, leafIndex < treeSize else {
            throw TransparencyError.leafIndexOutOfRange(index: leafIndex, treeSize: treeSize)
        }
        let expected = InclusionProof.expectedLength(leafIndex: leafIndex, treeSize: treeSize)
        guard hashes.count == expected else {
            throw TransparencyError.proofLengthMismatch(expected: expected, actual: hashes.count)
        }
        // Steps 2-3: fn = leaf_index, sn = tree_size - 1, r = hash.
        var fn = leafIndex
        var sn = treeSize - 1
        var r = leafHash
        // Step 4.
        for p in hashes {
            // 4a: a path longer than the tree is high fails.
            guard sn != 0 else {
                throw TransparencyError.proofLengthMismatch(expected: expected, actual: hashes.count)
            }
            if fn & 1 == 1 || fn == sn {
                // 4b: r = HASH(0x01 || p || r); then skip the levels where the node has no right sibling.
                r = MerkleHasher.nodeHash(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = MerkleHasher.nodeHash(r, p)
            }
            // 4c.
            fn >>= 1
            sn >>= 1
        }
        // Step 5: sn must have reached 0.
        guard sn == 0 else {
            throw TransparencyError.proofLengthMismatch(expected: expected, actual: hashes.count)
        }
        return r
    }

    /// Checks that `leafHash` at `leafIndex` is included in the tree with `rootHash`.
    /// Throws `TransparencyError.proofLengthMismatch`, `.leafIndexOutOfRange` or `.rootMismatch`.
    public func verify(leafHash: TreeHash, rootHash: TreeHash) throws {
        guard try impliedRoot(leafHash: leafHash) == rootHash else {
            throw TransparencyError.rootMismatch(treeSize: treeSize)
        }
    }

    /// Returns whether `leafHash` at `leafIndex` is included in the tree with `rootHash`.
    public func isValid(leafHash: TreeHash, rootHash: TreeHash) -> Bool {
        (try? verify(leafHash: leafHash, rootHash: rootHash)) != nil
    }
}
