// ConsistencyProof: the hashes that prove a tree of size m is a prefix of a tree of size n
// (RFC 9162 §2.1.4), i.e. that the log only appended in between. Verification follows
// RFC 9162 §2.1.4.2 step by step; a proof of any other length than the sizes dictate is rejected.

/// A proof that the tree of size `oldTreeSize` is a prefix of the tree of size `newTreeSize`.
public struct ConsistencyProof: Hashable, Sendable {
    /// The size of the earlier tree.
    public var oldTreeSize: Int
    /// The size of the later tree.
    public var newTreeSize: Int
    /// The proof hashes, deepest first.
    public var hashes: [TreeHash]

    /// Creates a proof from its parts (no checks; `verify` checks).
    public init(oldTreeSize: Int, newTreeSize: Int, hashes: [TreeHash]) {
        self.oldTreeSize = oldTreeSize
        self.newTreeSize = newTreeSize
        self.hashes = hashes
    }

    /// Returns the number of hashes a consistency proof between the two sizes must have.
    /// Requires `0 <= oldTreeSize <= newTreeSize`.
    public static func expectedLength(oldTreeSize: Int, newTreeSize: Int) -> Int {
        precondition(oldTreeSize >= 0 && oldTreeSize <= newTreeSize, "sizes are ordered")
        guard oldTreeSize > 0, oldTreeSize < newTreeSize else { return 0 }
        // The proof is the inclusion path of the old tree's last leaf in the new tree, minus the
        // levels inside the old tree's rightmost complete subtree, plus that subtree's hash
        // unless it is the whole old tree.
        let lastOld = oldTreeSize - 1
        let inner = Int.bitWidth - (lastOld ^ (newTreeSize - 1)).leadingZeroBitCount
        let border = (lastOld >> inner).nonzeroBitCount
        let shift = oldTreeSize.trailingZeroBitCount
        let seed = oldTreeSize == 1 << shift ? 0 : 1
        return seed + (inner - shift) + border
    }

    /// Checks the proof against both roots (RFC 9162 §2.1.4.2). Equal sizes need equal roots and
    /// an empty proof; an empty old tree is consistent with anything given an empty proof.
    /// Throws `TransparencyError.treeSizeOutOfRange`, `.proofLengthMismatch` or `.rootMismatch`.
    public func verify(oldRootHash: TreeHash, newRootHash: TreeHash) throws {
        guard oldTreeSize >= 0, oldTreeSize <= newTreeSize else {
            throw TransparencyError.treeSizeOutOfRange(treeSize: oldTreeSize, leafCount: newTreeSize)
        }
        let expected = ConsistencyProof.expectedLength(oldTreeSize: oldTreeSize, newTreeSize: newTreeSize)
        guard hashes.count == expected else {
            throw TransparencyError.proofLengthMismatch(expected: expected, actual: hashes.count)
        }
        if oldTreeSize == 0 {
            guard oldRootHash == MerkleHasher.emptyTreeHash else {
                throw TransparencyError.rootMismatch(treeSize: 0)
            }
            return
        }
        if oldTreeSize == newTreeSize {
            guard oldRootHash == newRootHash else { throw TransparencyError.rootMismatch(treeSize: newTreeSize) }
            return
        }
        // Step 1: an empty path fails (excluded by the length check above).
        var path = hashes
        // Step 2: if first is an exact power of 2, prepend first_hash.
        if oldTreeSize & (oldTreeSize - 1) == 0 { path.insert(oldRootHash, at: 0) }
        // Step 3.
        var fn = oldTreeSize - 1
        var sn = newTreeSize - 1
        // Step 4: skip the levels inside the old tree's rightmost complete subtree.
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        // Step 5.
        var fr = path[0]
        var sr = path[0]
        // Step 6.
        for c in path.dropFirst() {
            guard sn != 0 else {
                throw TransparencyError.proofLengthMismatch(expected: expected, actual: hashes.count)
            }
            if fn & 1 == 1 || fn == sn {
                fr = MerkleHasher.nodeHash(c, fr)
                sr = MerkleHasher.nodeHash(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = MerkleHasher.nodeHash(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        // Step 7.
        guard sn == 0 else {
            throw TransparencyError.proofLengthMismatch(expected: expected, actual: hashes.count)
        }
        guard fr == oldRootHash else { throw TransparencyError.rootMismatch(treeSize: oldTreeSize) }
        guard sr == newRootHash else { throw TransparencyError.rootMismatch(treeSize: newTreeSize) }
    }

    /// Returns whether the proof links the two roots.
    public func isValid(oldRootHash: TreeHash, newRootHash: TreeHash) -> Bool {
        (try? verify(oldRootHash: oldRootHash, newRootHash: newRootHash)) != nil
    }
}
