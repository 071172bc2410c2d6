// MerkleFrontier: the hashes of the complete subtrees along the right edge of a tree (one per
// set bit of the leaf count). Appending a leaf combines it with the frontier and yields exactly
// the hashes StoredHashLayout stores next, in order, so stores only ever append.

/// The right edge of a tree: enough to append leaves without reading anything else.
struct MerkleFrontier: Sendable {
    /// The number of leaves appended so far.
    private(set) var leafCount: Int
    /// `subtreeHashes[level]` is the complete subtree of 2^level leaves on the right edge,
    /// meaningful where bit `level` of `leafCount` is set.
    private var subtreeHashes: [TreeHash]

    /// The frontier of the empty tree.
    init() {
        leafCount = 0
        subtreeHashes = []
    }

    /// Loads the frontier of a tree of `leafCount` leaves from its stored hashes (popcount reads).
    init(leafCount: Int, readStoredHashes: ([Int]) throws -> [TreeHash]) throws {
        var levels: [Int] = []
        var positions: [Int] = []
        for level in 0..<Int.bitWidth - 1 where leafCount >> level & 1 == 1 {
            levels.append(level)
            positions.append(StoredHashLayout.storedHashIndex(level: level, n: (leafCount >> level) - 1))
        }
        let hashes = try readStoredHashes(positions)
        var subtreeHashes = [TreeHash](repeating: MerkleHasher.emptyTreeHash, count: (levels.last ?? -1) + 1)
        for (level, hash) in zip(levels, hashes) { subtreeHashes[level] = hash }
        self.leafCount = leafCount
        self.subtreeHashes = subtreeHashes
    }

    /// Appends one leaf and returns the hashes to store next: the leaf hash, then the hash of
    /// every complete subtree it closes, smallest first.
    mutating func append(leafHash: TreeHash) -> [TreeHash] {
        var newHashes = [leafHash]
        var hash = leafHash
        var level = 0
        var remaining = leafCount
        // Each trailing one bit of the old count is a complete left sibling at that level.
        while remaining & 1 == 1 {
            hash = MerkleHasher.nodeHash(subtreeHashes[level], hash)
            newHashes.append(hash)
            remaining >>= 1
            level += 1
        }
        if level < subtreeHashes.count {
            subtreeHashes[level] = hash
        } else {
            subtreeHashes.append(hash)
        }
        leafCount += 1
        return newHashes
    }

    /// The root hash of the current tree: the frontier folded from the right (RFC 9162 §2.1.1).
    var rootHash: TreeHash {
        guard leafCount > 0 else { return MerkleHasher.emptyTreeHash }
        var root: TreeHash? = nil
        for level in 0..<subtreeHashes.count where leafCount >> level & 1 == 1 {
            root = root.map { MerkleHasher.nodeHash(subtreeHashes[level], $0) } ?? subtreeHashes[level]
        }
        return root!
    }
}
