// MerkleHashSource: roots, inclusion proofs and consistency proofs for any tree size, computed
// from stored complete-subtree hashes (StoredHashLayout), so each costs O(log n) hash reads
// whether the hashes live in memory (MerkleTree) or in a file (TreeIndex). The proofs follow
// RFC 9162 §2.1.3.1 (PATH) and §2.1.4.1 (SUBPROOF) and are ordered from the leaf to the root.

/// A source of stored subtree hashes for a tree of `leafCount` leaves.
public protocol MerkleHashSource {
    /// The number of leaves whose hashes are stored.
    var leafCount: Int { get }

    /// Returns the stored hashes at the given positions (StoredHashLayout numbering), in order.
    /// Every position is below `StoredHashLayout.storedHashCount(leafCount:)`.
    func storedHashes(at positions: [Int]) throws -> [TreeHash]
}

extension MerkleHashSource {
    /// Returns the leaf hash at `index`. Throws `TransparencyError.leafIndexOutOfRange` unless
    /// `index < leafCount`.
    public func leafHash(at index: Int) throws -> TreeHash {
        guard index >= 0, index < leafCount else {
            throw TransparencyError.leafIndexOutOfRange(index: index, treeSize: leafCount)
        }
        return try storedHashes(at: [StoredHashLayout.storedHashIndex(level: 0, n: index)])[0]
    }

    /// Returns the root hash of the tree of the first `treeSize` leaves (all leaves by default).
    /// Costs O(log n) reads. Throws `TransparencyError.treeSizeOutOfRange` beyond `leafCount`.
    public func rootHash(forTreeSize treeSize: Int? = nil) throws -> TreeHash {
        let size = treeSize ?? leafCount
        try checkTreeSize(size)
        // RFC 9162 §2.1.1: the hash of an empty list is the hash of an empty string.
        guard size > 0 else { return MerkleHasher.emptyTreeHash }
        return try rangeHashes([0..<size])[0]
    }

    /// Returns the inclusion proof of leaf `index` in the tree of size `treeSize`
    /// (RFC 9162 §2.1.3.1), from the leaf's sibling up to a child of the root.
    /// Requires `index < treeSize <= leafCount`; throws `TransparencyError` otherwise.
    public func inclusionProof(forLeafAt index: Int, treeSize: Int) throws -> InclusionProof {
        try checkTreeSize(treeSize)
        guard index >= 0, index < treeSize else {
            throw TransparencyError.leafIndexOutOfRange(index: index, treeSize: treeSize)
        }
        var ranges: [Range<Int>] = []
        // RFC 9162 §2.1.3.1: PATH(m, D_n) = PATH(m, D[0:k]) : MTH(D[k:n]) for m < k,
        // PATH(m - k, D[k:n]) : MTH(D[0:k]) for m >= k, with k the largest power of two < n.
        var low = 0
        var high = treeSize
        var position = index
        while high - low > 1 {
            let split = largestPowerOfTwo(below: high - low)
            if position < split {
                ranges.append(low + split..<high)
                high = low + split
            } else {
                ranges.append(low..<low + split)
                low += split
                position -= split
            }
        }
        let hashes = try rangeHashes(ranges.reversed())
        return InclusionProof(leafIndex: index, treeSize: treeSize, hashes: hashes)
    }

    /// Returns the consistency proof between the trees of sizes `oldSize` and `newSize`
    /// (RFC 9162 §2.1.4.1). Empty when the sizes are equal or `oldSize` is 0.
    /// Requires `oldSize <= newSize <= leafCount`; throws `TransparencyError` otherwise.
    public func consistencyProof(fromTreeSize oldSize: Int, toTreeSize newSize: Int) throws -> ConsistencyProof {
        try checkTreeSize(newSize)
        guard oldSize >= 0, oldSize <= newSize else {
            throw TransparencyError.treeSizeOutOfRange(treeSize: oldSize, leafCount: newSize)
        }
        guard oldSize > 0, oldSize < newSize else {
            return ConsistencyProof(oldTreeSize: oldSize, newTreeSize: newSize, hashes: [])
        }
        var ranges: [Range<Int>] = []
        // RFC 9162 §2.1.4.1: SUBPROOF(m, D_n, b). When m == n the subtree itself is needed
        // unless it is the old tree (b == true). For m <= k recurse left and add the right
        // subtree; otherwise recurse right (b = false) and add the left subtree.
        var low = 0
        var high = newSize
        var oldCount = oldSize
        var isOldTree = true
        while oldCount < high - low {
            let split = largestPowerOfTwo(below: high - low)
            if oldCount <= split {
                ranges.append(low + split..<high)
                high = low + split
            } else {
                ranges.append(low..<low + split)
                low += split
                oldCount -= split
                isOldTree = false
            }
        }
        if !isOldTree { ranges.append(low..<high) }
        let hashes = try rangeHashes(ranges.reversed())
        return ConsistencyProof(oldTreeSize: oldSize, newTreeSize: newSize, hashes: hashes)
    }

    /// Returns the RFC 9162 hash of each range of leaves, reading all needed stored hashes in one
    /// call. Each range must be a node of an RFC 9162 tree (aligned start).
    func rangeHashes(_ ranges: [Range<Int>]) throws -> [TreeHash] {
        let pieces = ranges.map { StoredHashLayout.subtreeIndices(start: $0.lowerBound, end: $0.upperBound) }
        let stored = try storedHashes(at: pieces.flatMap { $0 })
        let wanted = pieces.reduce(0) { $0 + $1.count }
        guard stored.count == wanted else {
            throw TransparencyError.leafHashCountMismatch(expected: wanted, actual: stored.count)
        }
        var results: [TreeHash] = []
        results.reserveCapacity(ranges.count)
        var next = 0
        for piece in pieces {
            let slice = stored[next..<next + piece.count]
            next += piece.count
            // The pieces are largest first; MTH folds them from the right.
            var hash = slice[slice.endIndex - 1]
            for left in slice.dropLast().reversed() { hash = MerkleHasher.nodeHash(left, hash) }
            results.append(hash)
        }
        return results
    }

    private func checkTreeSize(_ treeSize: Int) throws {
        guard treeSize >= 0, treeSize <= leafCount else {
            throw TransparencyError.treeSizeOutOfRange(treeSize: treeSize, leafCount: leafCount)
        }
    }
}

/// Returns the largest power of two strictly less than `n` (RFC 9162 §2.1.1's k). Requires n > 1.
func largestPowerOfTwo(below n: Int) -> Int {
    precondition(n > 1, "a split needs at least two leaves")
    return 1 << (Int.bitWidth - 1 - (n - 1).leadingZeroBitCount)
}
