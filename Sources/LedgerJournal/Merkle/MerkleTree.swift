// MerkleTree: an in-memory RFC 9162 Merkle tree over leaf hashes, keeping every complete subtree
// hash once (StoredHashLayout), so roots and proofs for any earlier size cost O(log n). It is the
// reference the file-backed TreeIndex is tested against.

/// An in-memory append-only Merkle tree (RFC 9162 §2.1).
public struct MerkleTree: MerkleHashSource, Sendable {
    /// Every complete subtree hash, in StoredHashLayout order.
    private var stored: [TreeHash] = []
    private var frontier = MerkleFrontier()

    /// Creates an empty tree.
    public init() {}

    /// Creates a tree over the given leaf hashes, in order.
    public init(leafHashes: some Sequence<TreeHash>) {
        for hash in leafHashes { append(leafHash: hash) }
    }

    /// The number of leaves.
    public var leafCount: Int { frontier.leafCount }

    /// Appends a leaf given its leaf hash.
    public mutating func append(leafHash: TreeHash) {
        stored.append(contentsOf: frontier.append(leafHash: leafHash))
    }

    /// Appends a leaf given its data; the leaf hash is SHA-256(0x00 ‖ data).
    public mutating func append(leafData: some Sequence<UInt8>) {
        append(leafHash: MerkleHasher.leafHash(of: leafData))
    }

    /// Returns the stored hashes at the given positions. Traps on a position out of range.
    public func storedHashes(at positions: [Int]) throws -> [TreeHash] {
        positions.map { stored[$0] }
    }

    /// The root hash of the whole tree, from the frontier (no reads).
    public var rootHash: TreeHash { frontier.rootHash }

    /// Checks that every stored hash matches its children and the count matches the layout.
    /// Costs O(n); for tests and debug builds.
    public func checkInvariants() {
        precondition(stored.count == StoredHashLayout.storedHashCount(leafCount: leafCount))
        var level = 1
        while 1 << level <= leafCount {
            for n in 0..<(leafCount >> level) {
                let parent = stored[StoredHashLayout.storedHashIndex(level: level, n: n)]
                let left = stored[StoredHashLayout.storedHashIndex(level: level - 1, n: 2 * n)]
                let right = stored[StoredHashLayout.storedHashIndex(level: level - 1, n: 2 * n + 1)]
                precondition(parent == MerkleHasher.nodeHash(left, right), "stored hash \(level)/\(n)")
            }
            level += 1
        }
        precondition((try? rootHash(forTreeSize: leafCount)) == rootHash)
    }
}
