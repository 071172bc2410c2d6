// StoredHashLayout: where each complete subtree hash lives in an append-only sequence of stored
// hashes, in the layout of Go's golang.org/x/mod/sumdb/tlog. The hash of the complete subtree at
// `level` covering leaves [n·2^level, (n+1)·2^level) is stored once, right after the hash that
// completes it, so a tree of n leaves stores fewer than 2n hashes and appending a leaf only ever
// appends. TreeIndex files depend on this numbering: it must never change.

/// The numbering of stored subtree hashes (sumdb/tlog `StoredHashIndex`).
public enum StoredHashLayout {
    /// Returns the position of the complete subtree hash at `level` with index `n` within the level.
    public static func storedHashIndex(level: Int, n: Int) -> Int {
        precondition(level >= 0 && n >= 0, "level and index are non-negative")
        // A level-L hash is written right after the level-(L-1) hash of its right child, whose
        // index within level L-1 is 2n+1; descend to the level-0 (leaf) numbering.
        var leafIndex = n
        for _ in 0..<level { leafIndex = 2 * leafIndex + 1 }
        // Before leaf i come the i earlier leaves and every complete subtree they form:
        // i + i/2 + i/4 + ... hashes.
        var position = 0
        var remaining = leafIndex
        while remaining > 0 {
            position += remaining
            remaining >>= 1
        }
        return position + level
    }

    /// Returns how many hashes are stored for a tree of `leafCount` leaves.
    public static func storedHashCount(leafCount: Int) -> Int {
        precondition(leafCount >= 0, "leaf count is non-negative")
        guard leafCount > 0 else { return 0 }
        var count = storedHashIndex(level: 0, n: leafCount - 1) + 1
        // The last leaf also completes one subtree per trailing one bit of its index.
        var index = leafCount - 1
        while index & 1 == 1 {
            count += 1
            index >>= 1
        }
        return count
    }

    /// Returns the largest leaf count whose stored hashes fit in `storedCount` hashes.
    public static func leafCount(fittingIn storedCount: Int) -> Int {
        precondition(storedCount >= 0, "stored count is non-negative")
        // storedHashCount is increasing and at least leafCount, so search [0, storedCount].
        var low = 0
        var high = storedCount
        while low < high {
            let middle = low + (high - low + 1) / 2
            if storedHashCount(leafCount: middle) <= storedCount { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// Returns the stored positions of the complete subtrees that make up leaves [start, end), left
    /// to right, largest first. Requires `start` to be a multiple of the largest piece's size, as
    /// every node of an RFC 9162 tree is.
    static func subtreeIndices(start: Int, end: Int) -> [Int] {
        precondition(0 <= start && start < end, "a subtree covers at least one leaf")
        var indices: [Int] = []
        var low = start
        while low < end {
            // The largest power of two that fits in the rest and keeps `low` aligned.
            var level = 0
            while true {
                let size = 1 << (level + 1)
                guard low + size <= end, low % size == 0 else { break }
                level += 1
            }
            indices.append(storedHashIndex(level: level, n: low >> level))
            low += 1 << level
        }
        return indices
    }
}
