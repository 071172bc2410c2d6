import LedgerCrypto

/// Computes the RFC 9162 §2.1 root of a stream of leaf hashes in O(log n) memory.
///
/// Keeps the roots of the perfect subtrees that make up the tree so far (one per set bit of the
/// leaf count); the root folds them right to left, which is exactly MTH for sizes that are not powers of two.
struct MerkleRootAccumulator {
    private var stack: [(hash: [UInt8], size: Int)] = []
    private(set) var leafCount = 0

    mutating func append(_ leafHash: [UInt8]) {
        var node = (hash: leafHash, size: 1)
        while let last = stack.last, last.size == node.size {
            stack.removeLast()
            node = (Self.nodeHash(last.hash, node.hash), node.size * 2)
        }
        stack.append(node)
        leafCount += 1
    }

    /// The root of all leaves appended so far; SHA-256 of nothing for an empty tree.
    func rootHash() -> [UInt8] {
        guard var hash = stack.last?.hash else { return Array(SHA256.hash(data: [UInt8]())) }
        for index in stride(from: stack.count - 2, through: 0, by: -1) {
            hash = Self.nodeHash(stack[index].hash, hash)
        }
        return hash
    }

    // RFC 6962 §2.1: MTH(D[n]) = SHA-256(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n]))
    static func nodeHash(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: [UInt8(1)])
        hasher.update(data: left)
        hasher.update(data: right)
        return Array(hasher.finalize())
    }
}
