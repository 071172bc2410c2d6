// Goal: our RFC 9162 tree, proofs and verifiers agree byte for byte with Go's sumdb/tlog, and
// every proof we make verifies while every mutated proof fails. Method: known answers from
// Vectors/ (roots of sizes 0...300, every proof among 18 sizes), then exhaustive checks for all
// sizes up to 64.

import Foundation
import LedgerJournal
import LedgerTestSupport
import Testing

@Suite("Merkle tree (RFC 9162)")
struct MerkleTreeTests {
    static func leaves() throws -> [TreeHash] {
        let text = try TestVectors.text("Vectors/merkle-leaves.txt")
        return text.split(separator: "\n").map { MerkleHasher.leafHash(of: Array($0.utf8)) }
    }

    static func hashList(_ field: Substring) -> [TreeHash] {
        field == "-" ? [] : field.split(separator: ",").map { TreeHash(hex: $0)! }
    }

    @Test("leaf and node hashes follow RFC 6962 section 2.1")
    func hashFunctions() {
        #expect(MerkleHasher.emptyTreeHash.hexString == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        // SHA-256 of the single byte 0x00 (empty leaf).
        #expect(MerkleHasher.leafHash(of: [UInt8]()).hexString == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")
        let left = MerkleHasher.leafHash(of: Array("leaf 0".utf8))
        let right = MerkleHasher.leafHash(of: Array("leaf 1".utf8))
        #expect(MerkleHasher.nodeHash(left, right).hexString == "fc5f6b88ff8554f75bb2f9e6f39c31b1936d44b69276edf7b1205a955b9761e3")
        let viaPointer = Array("leaf 0".utf8).withUnsafeBytes { MerkleHasher.leafHash(of: $0) }
        #expect(viaPointer == left)
        // The chain's entry hash of a line is the same value as the tree's leaf hash.
        #expect(EntryHash.ofLine(Array("leaf 0".utf8)) == left)
    }

    @Test("roots of every size 0 to 300 match sumdb/tlog")
    func rootsMatchVectors() throws {
        let leaves = try Self.leaves()
        let tree = MerkleTree(leafHashes: leaves)
        tree.checkInvariants()
        var incremental = MerkleTree()
        let text = try TestVectors.text("Vectors/rfc6962-roots.txt")
        var checked = 0
        for line in text.split(separator: "\n") where line.hasPrefix("root ") {
            let fields = line.split(separator: " ")
            let size = Int(fields[1])!
            let expected = TreeHash(hex: fields[2])!
            while incremental.leafCount < size { incremental.append(leafHash: leaves[incremental.leafCount]) }
            #expect(try tree.rootHash(forTreeSize: size) == expected, "root \(size)")
            #expect(incremental.rootHash == expected, "incremental root \(size)")
            checked += 1
        }
        #expect(checked == 301)
    }

    @Test("every inclusion and consistency proof matches sumdb/tlog and verifies")
    func proofsMatchVectors() throws {
        let leaves = try Self.leaves()
        let tree = MerkleTree(leafHashes: leaves)
        let text = try TestVectors.text("Vectors/rfc6962-proofs.txt")
        var inclusionCount = 0
        var consistencyCount = 0
        for (lineIndex, line) in text.split(separator: "\n").enumerated() where !line.hasPrefix("#") {
            let fields = line.split(separator: " ")
            switch fields[0] {
            case "inclusion":
                let size = Int(fields[1])!
                let index = Int(fields[2])!
                #expect(TreeHash(hex: fields[3]) == leaves[index], "line \(lineIndex + 1)")
                let expected = Self.hashList(fields[4])
                let proof = try tree.inclusionProof(forLeafAt: index, treeSize: size)
                #expect(proof.hashes == expected, "line \(lineIndex + 1)")
                let vectorProof = InclusionProof(leafIndex: index, treeSize: size, hashes: expected)
                try vectorProof.verify(leafHash: leaves[index], rootHash: try tree.rootHash(forTreeSize: size))
                inclusionCount += 1
            case "consistency":
                let old = Int(fields[1])!
                let new = Int(fields[2])!
                let expected = Self.hashList(fields[3])
                let proof = try tree.consistencyProof(fromTreeSize: old, toTreeSize: new)
                #expect(proof.hashes == expected, "line \(lineIndex + 1)")
                let vectorProof = ConsistencyProof(oldTreeSize: old, newTreeSize: new, hashes: expected)
                try vectorProof.verify(
                    oldRootHash: try tree.rootHash(forTreeSize: old), newRootHash: try tree.rootHash(forTreeSize: new))
                consistencyCount += 1
            default:
                Issue.record("unknown vector line \(lineIndex + 1)")
            }
        }
        #expect(inclusionCount > 900)
        #expect(consistencyCount > 100)
    }

    @Test("every inclusion and consistency proof verifies for all tree sizes up to 64, with exact lengths")
    func allProofsUpTo64() throws {
        let leaves = (0..<64).map { MerkleHasher.leafHash(of: Array("entry \($0)".utf8)) }
        let tree = MerkleTree(leafHashes: leaves)
        for size in 1...64 {
            let root = try tree.rootHash(forTreeSize: size)
            for index in 0..<size {
                let proof = try tree.inclusionProof(forLeafAt: index, treeSize: size)
                #expect(proof.hashes.count == InclusionProof.expectedLength(leafIndex: index, treeSize: size))
                #expect(proof.isValid(leafHash: leaves[index], rootHash: root), "inclusion \(index) in \(size)")
            }
            for old in 0...size {
                let proof = try tree.consistencyProof(fromTreeSize: old, toTreeSize: size)
                #expect(proof.hashes.count == ConsistencyProof.expectedLength(oldTreeSize: old, newTreeSize: size))
                #expect(
                    proof.isValid(oldRootHash: try tree.rootHash(forTreeSize: old), newRootHash: root),
                    "consistency \(old) to \(size)")
            }
        }
    }

    @Test("inclusion proofs fail for a wrong index, a wrong size, a short or long path, swapped siblings")
    func inclusionNegatives() throws {
        let leaves = (0..<64).map { MerkleHasher.leafHash(of: Array("entry \($0)".utf8)) }
        let tree = MerkleTree(leafHashes: leaves)
        var wrongSizeRejections = 0
        for size in 2...64 {
            let root = try tree.rootHash(forTreeSize: size)
            for index in 0..<size {
                let proof = try tree.inclusionProof(forLeafAt: index, treeSize: size)
                var wrongIndex = proof
                wrongIndex.leafIndex = (index + 1) % size
                #expect(!wrongIndex.isValid(leafHash: leaves[index], rootHash: root), "wrong index \(index)/\(size)")
                // A wrong size changes the path's shape unless both sizes give the same one (then
                // the root, which a checkpoint binds to its size, is what catches it).
                if index < size - 1 {
                    var wrongSize = proof
                    wrongSize.treeSize = size - 1
                    let wrongLength = InclusionProof.expectedLength(leafIndex: index, treeSize: size - 1)
                    if wrongLength != proof.hashes.count {
                        #expect(throws: TransparencyError.proofLengthMismatch(expected: wrongLength, actual: proof.hashes.count)) {
                            try wrongSize.verify(leafHash: leaves[index], rootHash: root)
                        }
                        wrongSizeRejections += 1
                    }
                    #expect(!wrongSize.isValid(leafHash: leaves[index], rootHash: try tree.rootHash(forTreeSize: size - 1)))
                }
                var short = proof
                short.hashes.removeLast()
                #expect(throws: TransparencyError.proofLengthMismatch(expected: proof.hashes.count, actual: proof.hashes.count - 1)) {
                    try short.verify(leafHash: leaves[index], rootHash: root)
                }
                var long = proof
                long.hashes.append(root)
                #expect(throws: TransparencyError.proofLengthMismatch(expected: proof.hashes.count, actual: proof.hashes.count + 1)) {
                    try long.verify(leafHash: leaves[index], rootHash: root)
                }
                if proof.hashes.count >= 2 {
                    var swapped = proof
                    swapped.hashes.swapAt(0, 1)
                    #expect(throws: TransparencyError.rootMismatch(treeSize: size)) {
                        try swapped.verify(leafHash: leaves[index], rootHash: root)
                    }
                }
                #expect(!proof.isValid(leafHash: leaves[(index + 1) % size], rootHash: root))
            }
        }
        #expect(wrongSizeRejections > 100)
        let proof = try tree.inclusionProof(forLeafAt: 3, treeSize: 10)
        var outside = proof
        outside.leafIndex = 10
        #expect(throws: TransparencyError.leafIndexOutOfRange(index: 10, treeSize: 10)) {
            try outside.verify(leafHash: leaves[3], rootHash: try tree.rootHash(forTreeSize: 10))
        }
        #expect(throws: TransparencyError.leafIndexOutOfRange(index: 10, treeSize: 10)) {
            try tree.inclusionProof(forLeafAt: 10, treeSize: 10)
        }
        #expect(throws: TransparencyError.treeSizeOutOfRange(treeSize: 65, leafCount: 64)) {
            try tree.inclusionProof(forLeafAt: 1, treeSize: 65)
        }
    }

    @Test("consistency proofs fail for swapped roots, wrong sizes, a short or long path, a flipped hash")
    func consistencyNegatives() throws {
        let leaves = (0..<40).map { MerkleHasher.leafHash(of: Array("entry \($0)".utf8)) }
        let tree = MerkleTree(leafHashes: leaves)
        for size in 2...40 {
            let newRoot = try tree.rootHash(forTreeSize: size)
            for old in 1..<size {
                let oldRoot = try tree.rootHash(forTreeSize: old)
                let proof = try tree.consistencyProof(fromTreeSize: old, toTreeSize: size)
                #expect(!proof.isValid(oldRootHash: newRoot, newRootHash: oldRoot), "swapped roots \(old)/\(size)")
                var wrongOld = proof
                wrongOld.oldTreeSize = old == 1 ? 2 : old - 1
                if wrongOld.oldTreeSize < size {
                    #expect(!wrongOld.isValid(oldRootHash: oldRoot, newRootHash: newRoot), "wrong old size \(old)/\(size)")
                }
                var short = proof
                short.hashes.removeLast()
                #expect(throws: TransparencyError.proofLengthMismatch(expected: proof.hashes.count, actual: proof.hashes.count - 1)) {
                    try short.verify(oldRootHash: oldRoot, newRootHash: newRoot)
                }
                var long = proof
                long.hashes.append(newRoot)
                #expect(!long.isValid(oldRootHash: oldRoot, newRootHash: newRoot))
                for position in proof.hashes.indices {
                    var flipped = proof
                    var bytes = flipped.hashes[position].bytes
                    bytes[position % 32] ^= 0x01
                    flipped.hashes[position] = TreeHash(bytes: bytes)!
                    #expect(!flipped.isValid(oldRootHash: oldRoot, newRootHash: newRoot), "flip \(position) \(old)/\(size)")
                }
            }
            // Equal sizes: empty proof and equal roots only.
            let same = try tree.consistencyProof(fromTreeSize: size, toTreeSize: size)
            #expect(same.hashes.isEmpty)
            #expect(same.isValid(oldRootHash: newRoot, newRootHash: newRoot))
            #expect(!same.isValid(oldRootHash: try tree.rootHash(forTreeSize: size - 1), newRootHash: newRoot))
        }
        #expect(throws: TransparencyError.treeSizeOutOfRange(treeSize: 5, leafCount: 4)) {
            try tree.consistencyProof(fromTreeSize: 5, toTreeSize: 4)
        }
    }

    @Test("tree hashes round-trip through hex and canonical base64 only")
    func treeHashText() throws {
        let hash = MerkleHasher.leafHash(of: Array("leaf 0".utf8))
        #expect(TreeHash(hex: hash.hexString) == hash)
        #expect(TreeHash(base64: hash.base64EncodedString) == hash)
        #expect(TreeHash(hex: String(hash.hexString.dropLast())) == nil)
        #expect(TreeHash(base64: "Ru8bykxkgM1l5Q4pzBw3XbNnEc1QJF7NPmsxDG4qOD8=") != nil)
        // Same bytes with a non-zero unused low bit in the last character: rejected.
        #expect(TreeHash(base64: "Ru8bykxkgM1l5Q4pzBw3XbNnEc1QJF7NPmsxDG4qOD9=") == nil)
        #expect(TreeHash(base64: "Ru8bykxkgM1l5Q4pzBw3XbNnEc1QJF7NPmsxDG4qOD8") == nil)
    }

    @Test("stored hash layout matches sumdb/tlog numbering")
    func storedHashLayout() {
        // sumdb/tlog: leaves 0,1 at 0,1; their parent at 2; leaf 2 at 3, leaf 3 at 4, then 5 and 6.
        #expect(StoredHashLayout.storedHashIndex(level: 0, n: 0) == 0)
        #expect(StoredHashLayout.storedHashIndex(level: 0, n: 1) == 1)
        #expect(StoredHashLayout.storedHashIndex(level: 1, n: 0) == 2)
        #expect(StoredHashLayout.storedHashIndex(level: 0, n: 2) == 3)
        #expect(StoredHashLayout.storedHashIndex(level: 0, n: 3) == 4)
        #expect(StoredHashLayout.storedHashIndex(level: 1, n: 1) == 5)
        #expect(StoredHashLayout.storedHashIndex(level: 2, n: 0) == 6)
        #expect(StoredHashLayout.storedHashCount(leafCount: 4) == 7)
        for count in 0...1000 {
            let stored = StoredHashLayout.storedHashCount(leafCount: count)
            #expect(StoredHashLayout.leafCount(fittingIn: stored) == count)
            #expect(stored < 2 * count + 1)
            if stored > 0 { #expect(StoredHashLayout.leafCount(fittingIn: stored - 1) == count - 1) }
        }
    }

    @Test("a tree extends its own checkpoints; a changed or truncated history is named")
    func comparison() throws {
        var random = SeededRandomNumberGenerator(defaultSeed: 0xd1ff)
        let leaves = (0..<200).map { MerkleHasher.leafHash(of: Array("entry \($0)".utf8)) }
        let tree = MerkleTree(leafHashes: leaves)
        for _ in 0..<50 {
            let size = Int.random(in: 1...200, using: &random)
            let checkpoint = Checkpoint(origin: "o", treeSize: size, rootHash: try tree.rootHash(forTreeSize: size))
            try tree.verifyExtends(checkpoint)
            let changed = Int.random(in: 0..<200, using: &random)
            var altered = leaves
            altered[changed] = MerkleHasher.leafHash(of: Array("altered".utf8))
            let alteredTree = MerkleTree(leafHashes: altered)
            #expect(try tree.firstDifferingLeaf(comparedWith: alteredTree, treeSize: 200) == changed, "\(random)")
            if changed < size {
                #expect(throws: TransparencyError.rootMismatch(treeSize: size)) { try alteredTree.verifyExtends(checkpoint) }
            } else {
                try alteredTree.verifyExtends(checkpoint)
                #expect(try tree.firstDifferingLeaf(comparedWith: alteredTree, treeSize: size) == nil)
            }
            let truncated = MerkleTree(leafHashes: leaves[0..<(size - 1)])
            #expect(throws: TransparencyError.treeSizeOutOfRange(treeSize: size, leafCount: size - 1)) {
                try truncated.verifyExtends(checkpoint)
            }
        }
    }
}
