// Comparing trees: whether a journal still extends a published checkpoint, and where two copies
// of a journal first differ. Both rely on the collision resistance of SHA-256: equal roots for a
// size mean equal leaves below it, so the sizes with equal roots form a prefix and can be
// bisected with O(log n) root computations.

extension MerkleHashSource {
    /// Checks that this tree extends `checkpoint`: it has at least `checkpoint.treeSize` leaves
    /// and its root for that size is the checkpoint's root (append-only since then).
    /// Throws `TransparencyError.treeSizeOutOfRange` when the tree is shorter (truncated) and
    /// `.rootMismatch(treeSize:)` when the history below the checkpoint's size changed.
    public func verifyExtends(_ checkpoint: Checkpoint) throws {
        guard try rootHash(forTreeSize: checkpoint.treeSize) == checkpoint.rootHash else {
            throw TransparencyError.rootMismatch(treeSize: checkpoint.treeSize)
        }
    }

    /// Returns the index of the first leaf where this tree and `other` differ among the first
    /// `treeSize` leaves, or nil when they agree. Costs O(log² n) reads.
    /// Throws `TransparencyError.treeSizeOutOfRange` when either tree has fewer leaves.
    public func firstDifferingLeaf(comparedWith other: some MerkleHashSource, treeSize: Int) throws -> Int? {
        guard try rootHash(forTreeSize: treeSize) != other.rootHash(forTreeSize: treeSize) else { return nil }
        // Invariant: the roots agree at size `low` and differ at size `high`.
        var low = 0
        var high = treeSize
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if try rootHash(forTreeSize: middle) == other.rootHash(forTreeSize: middle) {
                low = middle
            } else {
                high = middle
            }
        }
        return low
    }
}
