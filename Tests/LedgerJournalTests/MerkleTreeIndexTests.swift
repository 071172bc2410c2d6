// Goal: the file-backed TreeIndex gives exactly the roots and proofs of the in-memory MerkleTree,
// survives incremental appends and reopening, and is rebuilt (never trusted) when it is missing,
// torn, stale, longer than the journal or corrupted. Method: a seeded PRNG drives batch sizes
// and corruptions in a temporary directory (removed after each test); every answer is compared
// with MerkleTree.

import Foundation
import LedgerJournal
import LedgerTestSupport
import Testing

@Suite("Merkle tree index file")
struct MerkleTreeIndexTests {
    static func leaves(_ count: Int, salt: String = "") -> [TreeHash] {
        (0..<count).map { MerkleHasher.leafHash(of: Array("entry \($0)\(salt)".utf8)) }
    }

    /// This test's scratch directory, removed when the test is done (one suite value per test).
    let scratch: TemporaryDirectory

    init() throws { scratch = try TemporaryDirectory(prefix: "fundledger-tree") }

    static func expectation(_ leaves: [TreeHash], count: Int? = nil) -> TreeIndex.Expectation {
        let count = count ?? leaves.count
        return TreeIndex.Expectation(leafCount: count, lastLeafHash: count > 0 ? leaves[count - 1] : nil)
    }

    static func open(_ path: String, _ leaves: [TreeHash], count: Int? = nil, expectation: TreeIndex.Expectation? = nil) throws -> TreeIndex {
        try TreeIndex.open(atPath: path, expecting: expectation ?? Self.expectation(leaves, count: count)) { range in
            Array(leaves[range])
        }
    }

    /// Compares every root and a spread of proofs of `index` with the in-memory tree.
    static func expectSameAnswers(_ index: TreeIndex, _ tree: MerkleTree, _ random: inout SeededRandomNumberGenerator) throws {
        #expect(index.leafCount == tree.leafCount, "\(random)")
        #expect(index.rootHash == tree.rootHash, "\(random)")
        for size in 0...tree.leafCount {
            #expect(try index.rootHash(forTreeSize: size) == tree.rootHash(forTreeSize: size), "root \(size) \(random)")
        }
        guard tree.leafCount > 0 else { return }
        for _ in 0..<50 {
            let size = Int.random(in: 1...tree.leafCount, using: &random)
            let leaf = Int.random(in: 0..<size, using: &random)
            let old = Int.random(in: 0...size, using: &random)
            #expect(try index.inclusionProof(forLeafAt: leaf, treeSize: size) == tree.inclusionProof(forLeafAt: leaf, treeSize: size), "\(random)")
            #expect(try index.consistencyProof(fromTreeSize: old, toTreeSize: size) == tree.consistencyProof(fromTreeSize: old, toTreeSize: size), "\(random)")
        }
    }

    @Test("an index built by incremental appends gives the in-memory roots and proofs, also after reopening")
    func incrementalAppends() throws {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x7eee)
        let leaves = Self.leaves(300)
        let path = scratch.file("journal.jsonl.tree")
        var index = try Self.open(path, leaves, count: 0)
        #expect(index.openOutcome == .rebuilt(.missing))
        var tree = MerkleTree()
        while tree.leafCount < leaves.count {
            let batch = min(Int.random(in: 1...37, using: &random), leaves.count - tree.leafCount)
            let next = Array(leaves[tree.leafCount..<tree.leafCount + batch])
            try index.append(leafHashes: next)
            for hash in next { tree.append(leafHash: hash) }
            try Self.expectSameAnswers(index, tree, &random)
            if Bool.random(using: &random) {
                index = try Self.open(path, leaves, count: tree.leafCount)
                #expect(index.openOutcome == .reused, "\(random)")
            }
        }
        try index.verifyStoredHashes()
    }

    @Test("a stale index is extended, a longer one is cut back, a torn tail is dropped")
    func staleAndTorn() throws {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x57a1e)
        let leaves = Self.leaves(200)
        let path = scratch.file("j.tree")
        _ = try Self.open(path, leaves, count: 120)
        let extended = try Self.open(path, leaves, count: 200)
        #expect(extended.openOutcome == .extended(previousLeafCount: 120))
        try Self.expectSameAnswers(extended, MerkleTree(leafHashes: leaves), &random)

        let truncated = try Self.open(path, leaves, count: 77)
        #expect(truncated.openOutcome == .truncated(previousLeafCount: 200))
        try Self.expectSameAnswers(truncated, MerkleTree(leafHashes: leaves[0..<77]), &random)

        // A torn append: half a hash at the end.
        let handle = FileHandle(forWritingAtPath: path)!
        handle.seekToEndOfFile()
        handle.write(Data(repeating: 0xab, count: 16))
        try handle.close()
        let repaired = try Self.open(path, leaves, count: 77)
        #expect(repaired.openOutcome == .truncated(previousLeafCount: 77))
        try Self.expectSameAnswers(repaired, MerkleTree(leafHashes: leaves[0..<77]), &random)

        // A crash in the middle of appending leaf 79 (which closes 4 subtrees, so 5 hashes):
        // only its leaf hash and one parent reached the file.
        _ = try Self.open(path, leaves, count: 79)
        let complete = try Data(contentsOf: URL(fileURLWithPath: path))
        let full = MerkleTree(leafHashes: leaves[0..<80])
        full.checkInvariants()
        let extra = try full.storedHashes(at: Array(StoredHashLayout.storedHashCount(leafCount: 79)..<StoredHashLayout.storedHashCount(leafCount: 79) + 2))
        try (complete + Data(extra.flatMap(\.bytes))).write(to: URL(fileURLWithPath: path))
        let afterCrash = try Self.open(path, leaves, count: 79)
        #expect(afterCrash.openOutcome == .truncated(previousLeafCount: 79))
        try afterCrash.verifyStoredHashes()
        let resumed = try Self.open(path, leaves, count: 80)
        #expect(resumed.openOutcome == .extended(previousLeafCount: 79))
        try Self.expectSameAnswers(resumed, full, &random)
    }

    @Test("a deleted, foreign or corrupted index is rebuilt from the caller's leaf hashes")
    func rebuilds() throws {
        var random = SeededRandomNumberGenerator(defaultSeed: 0xc0de)
        let leaves = Self.leaves(150)
        let tree = MerkleTree(leafHashes: leaves)
        let path = scratch.file("j.tree")
        _ = try Self.open(path, leaves)

        try FileManager.default.removeItem(atPath: path)
        let afterDelete = try Self.open(path, leaves)
        #expect(afterDelete.openOutcome == .rebuilt(.missing))
        try Self.expectSameAnswers(afterDelete, tree, &random)

        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[3] ^= 0x20
        try bytes.write(to: URL(fileURLWithPath: path))
        let afterHeader = try Self.open(path, leaves)
        #expect(afterHeader.openOutcome == .rebuilt(.invalidHeader))

        // Another journal's index (different leaves): the last leaf check catches it.
        let other = Self.leaves(150, salt: "x")
        _ = try Self.open(path, other)
        let afterForeign = try Self.open(path, leaves)
        #expect(afterForeign.openOutcome == .rebuilt(.leafMismatch(leafIndex: 149)))
        try Self.expectSameAnswers(afterForeign, tree, &random)

        // A journal that changed before the index's end but has the same length now: samples.
        let sampleIndex = 42
        let position = StoredHashLayout.storedHashIndex(level: 0, n: sampleIndex)
        bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[TreeIndex.headerByteCount + 32 * position + 7] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: path))
        var expectation = Self.expectation(leaves)
        expectation.sampleLeafHashes = [sampleIndex: leaves[sampleIndex]]
        let afterSample = try Self.open(path, leaves, expectation: expectation)
        #expect(afterSample.openOutcome == .rebuilt(.leafMismatch(leafIndex: sampleIndex)))

        // A corrupted interior hash: a known root catches it, and so does the full check.
        // Level 5, index 2 covers leaves [64, 96): part of the root of size 100.
        let interior = StoredHashLayout.storedHashIndex(level: 5, n: 2)
        bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[TreeIndex.headerByteCount + 32 * interior] ^= 0x80
        try bytes.write(to: URL(fileURLWithPath: path))
        let unchecked = try Self.open(path, leaves)
        #expect(throws: TransparencyError.indexLeafMismatch(leafIndex: 95)) { try unchecked.verifyStoredHashes() }
        expectation = Self.expectation(leaves)
        expectation.knownRootHashes = [100: try tree.rootHash(forTreeSize: 100)]
        let afterRoot = try Self.open(path, leaves, expectation: expectation)
        #expect(afterRoot.openOutcome == .rebuilt(.rootMismatch(treeSize: 100)))
        try afterRoot.verifyStoredHashes()
        try Self.expectSameAnswers(afterRoot, tree, &random)
    }

    @Test("an index over an extended prefix that does not match is rebuilt, and contradictions throw")
    func contradictions() throws {
        let leaves = Self.leaves(60)
        let path = scratch.file("j.tree")
        _ = try Self.open(path, Self.leaves(40, salt: "old"))
        let rebuilt = try Self.open(path, leaves)
        #expect(rebuilt.openOutcome == .rebuilt(.leafMismatch(leafIndex: 39)))
        #expect(rebuilt.rootHash == MerkleTree(leafHashes: leaves).rootHash)
        // The caller's expectation disagrees with the caller's own leaf hashes.
        let wrong = TreeIndex.Expectation(leafCount: 60, lastLeafHash: leaves[0])
        #expect(throws: TransparencyError.indexLeafMismatch(leafIndex: 59)) {
            try TreeIndex.open(atPath: path, expecting: wrong) { Array(leaves[$0]) }
        }
        #expect(throws: TransparencyError.leafHashCountMismatch(expected: 60, actual: 59)) {
            try FileManager.default.removeItem(atPath: path)
            return try TreeIndex.open(atPath: path, expecting: Self.expectation(leaves)) { Array(leaves[$0].dropLast()) }
        }
    }
}
