// Goal: measure (not test) the cost of proofs over a 1,000,000-entry journal with the file-backed
// TreeIndex: open, root, inclusion and consistency proof generation and verification. Runs only
// when FUNDLEDGER_BENCH_TRANSPARENCY=1 (see Tools/interop/transparency/bench, release build);
// it prints timings and checks only correctness, so a slow machine never fails it.

import Foundation
import LedgerJournal
import LedgerTestSupport
import Testing

@Suite("Merkle benchmark (opt-in)")
struct MerkleBenchmarkTests {
    @Test("proofs for any entry of a 1,000,000-entry journal cost O(log n) reads")
    func millionEntries() throws {
        guard ProcessInfo.processInfo.environment["FUNDLEDGER_BENCH_TRANSPARENCY"] == "1" else { return }
        let count = Int(ProcessInfo.processInfo.environment["FUNDLEDGER_BENCH_ENTRIES"] ?? "") ?? 1_000_000
        var random = SeededRandomNumberGenerator(defaultSeed: 0xbe7c)
        let clock = ContinuousClock()
        var leaves: [TreeHash] = []
        leaves.reserveCapacity(count)
        let hashing = clock.measure {
            for index in 0..<count {
                let line = "{\"id\":\"e\(index)\",\"kind\":\"fund.disburse\",\"seq\":\(index)}"
                leaves.append(MerkleHasher.leafHash(of: line.utf8))
            }
        }
        let scratch = try TemporaryDirectory(prefix: "fundledger-bench")
        defer { scratch.remove() }
        let path = scratch.file("journal.jsonl.tree")
        let expectation = TreeIndex.Expectation(leafCount: count, lastLeafHash: leaves[count - 1])
        var index: TreeIndex? = nil
        let building = try clock.measure { index = try TreeIndex.open(atPath: path, expecting: expectation) { Array(leaves[$0]) } }
        var reopened: TreeIndex? = nil
        let opening = try clock.measure { reopened = try TreeIndex.open(atPath: path, expecting: expectation) { Array(leaves[$0]) } }
        let tree = try #require(reopened)
        #expect(tree.openOutcome == .reused)
        let root = tree.rootHash
        let rounds = 1000
        var proofs: [InclusionProof] = []
        var targets: [Int] = []
        let proving = try clock.measure {
            for _ in 0..<rounds {
                let target = Int.random(in: 0..<count, using: &random)
                targets.append(target)
                proofs.append(try tree.inclusionProof(forLeafAt: target, treeSize: count))
            }
        }
        let verifying = try clock.measure {
            for (target, proof) in zip(targets, proofs) { try proof.verify(leafHash: leaves[target], rootHash: root) }
        }
        var consistency: [ConsistencyProof] = []
        let provingConsistency = try clock.measure {
            for _ in 0..<rounds {
                consistency.append(try tree.consistencyProof(fromTreeSize: Int.random(in: 1...count, using: &random), toTreeSize: count))
            }
        }
        let oldRoots = try consistency.map { try tree.rootHash(forTreeSize: $0.oldTreeSize) }
        let verifyingConsistency = try clock.measure {
            for (proof, oldRoot) in zip(consistency, oldRoots) { try proof.verify(oldRootHash: oldRoot, newRootHash: root) }
        }
        let rootAtRandomSize = try clock.measure {
            for _ in 0..<rounds { _ = try tree.rootHash(forTreeSize: Int.random(in: 0...count, using: &random)) }
        }
        _ = index
        print("""
            transparency bench, \(count) entries:
              leaf hashing          \(hashing)
              index build (rebuild) \(building)
              index open (reuse)    \(opening)
              inclusion proof       \(proving / rounds) each (\(proofs[0].hashes.count) hashes)
              inclusion verify      \(verifying / rounds) each
              consistency proof     \(provingConsistency / rounds) each
              consistency verify    \(verifyingConsistency / rounds) each
              root at random size   \(rootAtRandomSize / rounds) each
            """)
    }
}
