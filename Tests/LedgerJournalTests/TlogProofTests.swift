// Goal: offline proofs in the C2SP tlog-proof format round-trip, verify with only the file, the
// entry's line and the log key or a policy, and fail for any other entry, index or proof length.
// Method: a 100-entry journal, a checkpoint cosigned by two inspectorates, proof of entry 41.

import Foundation
import LedgerJournal
import Testing

@Suite("Offline proofs (C2SP tlog-proof)")
struct TlogProofTests {
    let lines = CheckpointFixtures.lines(100)

    func cosignedNote(size: Int = 100) throws -> SignedNote {
        var note = try CheckpointFixtures.signedCheckpoint(lines, size: size)
        try note.addSignature(by: CheckpointFixtures.provinceWitness, timestamp: 1_750_000_000)
        try note.addSignature(by: CheckpointFixtures.nationalWitness, timestamp: 1_750_000_100)
        return note
    }

    func proof(index: Int = 41) throws -> TlogProof {
        let tree = CheckpointFixtures.tree(lines)
        return TlogProof(
            leafIndex: index, hashes: try tree.inclusionProof(forLeafAt: index, treeSize: 100).hashes,
            checkpointNote: try cosignedNote())
    }

    var policy: WitnessPolicy {
        get throws {
            try WitnessPolicy(parsing: """
                log \(CheckpointFixtures.logSigner.verifier.verifierKey)
                witness p \(CheckpointFixtures.provinceWitness.verifier.verifierKey)
                witness n \(CheckpointFixtures.nationalWitness.verifier.verifierKey)
                witness f \(CheckpointFixtures.financeWitness.verifier.verifierKey)
                group two 2 p n f
                quorum two

                """)
        }
    }

    @Test("a proof round-trips through its text and verifies with the log key and with a policy")
    func roundTripAndVerify() throws {
        let proof = try proof()
        let text = proof.serialized
        #expect(text.hasPrefix("c2sp.org/tlog-proof@v1\nindex 41\n"))
        #expect(text.contains("\n\n\(CheckpointFixtures.origin)\n100\n"))
        let parsed = try TlogProof(parsing: text)
        #expect(parsed == proof)
        #expect(try parsed.verify(entryLine: lines[41], logVerifier: CheckpointFixtures.logSigner.verifier).treeSize == 100)
        #expect(try parsed.verify(entryLine: lines[41] + [0x0a], policy: try policy).treeSize == 100)
        var withExtra = proof
        withExtra.extraData = Array("县级公示 2025-06".utf8)
        #expect(try TlogProof(parsing: withExtra.serialized) == withExtra)
        #expect(withExtra.serialized.split(separator: "\n")[1].hasPrefix("extra "))
    }

    @Test("another entry, another index, a short or long proof, a weak quorum or a wrong key all fail")
    func negatives() throws {
        let proof = try proof()
        let log = CheckpointFixtures.logSigner.verifier
        #expect(throws: TransparencyError.rootMismatch(treeSize: 100)) { try proof.verify(entryLine: lines[42], logVerifier: log) }
        var wrongIndex = proof
        wrongIndex.leafIndex = 40
        #expect(throws: TransparencyError.rootMismatch(treeSize: 100)) { try wrongIndex.verify(entryLine: lines[41], logVerifier: log) }
        var short = proof
        short.hashes.removeLast()
        #expect(throws: TransparencyError.proofLengthMismatch(expected: 7, actual: 6)) { try short.verify(entryLine: lines[41], logVerifier: log) }
        var long = proof
        long.hashes.append(long.hashes[0])
        #expect(throws: TransparencyError.proofLengthMismatch(expected: 7, actual: 8)) { try long.verify(entryLine: lines[41], logVerifier: log) }
        #expect(throws: TransparencyError.noVerifiedSignature) {
            try proof.verify(entryLine: lines[41], logVerifier: CheckpointFixtures.strangerSigner.verifier)
        }
        var oneWitness = proof
        oneWitness.checkpointNote.signatures.removeLast()
        #expect(throws: TransparencyError.quorumNotMet(quorum: "two")) { try oneWitness.verify(entryLine: lines[41], policy: try policy) }
        // The proof bound to a smaller checkpoint: the size comes from the signed checkpoint.
        var smaller = proof
        smaller.checkpointNote = try cosignedNote(size: 64)
        #expect(throws: TransparencyError.self) { try smaller.verify(entryLine: lines[41], logVerifier: log) }
    }

    @Test("malformed proof files are refused at the bad line")
    func malformed() throws {
        let text = try proof().serialized
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let cases: [(Int, String, Int)] = [(0, "c2sp.org/tlog-proof@v2", 1), (1, "index 041", 2), (1, "index -1", 2),
                                           (2, "not base64", 3), (1, "extra !!", 2)]
        for (position, replacement, line) in cases {
            var mutated = lines
            mutated[position] = replacement
            #expect(throws: TransparencyError.malformedTlogProof(line: line), "\(replacement)") {
                try TlogProof(parsing: mutated.joined(separator: "\n"))
            }
        }
        lines.remove(at: 9)  // the blank line before the checkpoint
        #expect(throws: TransparencyError.self) { try TlogProof(parsing: lines.joined(separator: "\n")) }
    }

    @Test("consistency proofs round-trip through their text form")
    func consistencyText() throws {
        let tree = CheckpointFixtures.tree(lines)
        let proof = try tree.consistencyProof(fromTreeSize: 37, toTreeSize: 100)
        #expect(try ConsistencyProof(parsingText: proof.text) == proof)
        #expect(proof.text.hasPrefix("fundledger/consistency-proof@v1\nold 37\nnew 100\n"))
        #expect(throws: TransparencyError.malformedTlogProof(line: 3)) {
            try ConsistencyProof(parsingText: "fundledger/consistency-proof@v1\nold 37\nnew 36\n")
        }
    }

    @Test("a bundle made from the tree carries the entry line, verifies alone, and is refused for a foreign checkpoint")
    func bundles() throws {
        let tree = CheckpointFixtures.tree(lines)
        let note = try cosignedNote()
        let bundle = try tree.tlogProof(forLeafAt: 41, checkpointNote: note, entryLine: lines[41] + [0x0a])
        let parsed = try TlogProof(parsing: bundle.serialized)
        let result = try parsed.verifyBundle(logVerifier: CheckpointFixtures.logSigner.verifier)
        #expect(result.entryLine == lines[41] && result.checkpoint.treeSize == 100)
        #expect(try parsed.verifyBundle(policy: try policy).entryLine == lines[41])
        var tampered = parsed
        tampered.extraData = lines[42]
        #expect(throws: TransparencyError.rootMismatch(treeSize: 100)) {
            try tampered.verifyBundle(logVerifier: CheckpointFixtures.logSigner.verifier)
        }
        #expect(throws: TransparencyError.missingEntryLine) {
            try tree.tlogProof(forLeafAt: 41, checkpointNote: note).verifyBundle(logVerifier: CheckpointFixtures.logSigner.verifier)
        }
        #expect(throws: TransparencyError.indexLeafMismatch(leafIndex: 41)) {
            try tree.tlogProof(forLeafAt: 41, checkpointNote: note, entryLine: lines[40])
        }
        let fork = CheckpointFixtures.tree(CheckpointFixtures.lines(100, fork: "x"))
        #expect(throws: TransparencyError.rootMismatch(treeSize: 100)) { try fork.tlogProof(forLeafAt: 41, checkpointNote: note) }
        let short = CheckpointFixtures.tree(Array(lines[0..<50]))
        #expect(throws: TransparencyError.treeSizeOutOfRange(treeSize: 100, leafCount: 50)) {
            try short.tlogProof(forLeafAt: 41, checkpointNote: note)
        }
    }

    @Test("a consistency proof between two signed checkpoints verifies; mismatched sizes and keys do not")
    func consistencyBetweenNotes() throws {
        let tree = CheckpointFixtures.tree(lines)
        let log = CheckpointFixtures.logSigner.verifier
        let old = try CheckpointFixtures.signedCheckpoint(lines, size: 37).serialized
        let new = try CheckpointFixtures.signedCheckpoint(lines, size: 100).serialized
        let proof = try tree.consistencyProof(from: try tree.checkpoint(origin: CheckpointFixtures.origin, treeSize: 37), to: try tree.checkpoint(origin: CheckpointFixtures.origin))
        let result = try proof.verify(fromCheckpointNote: old, toCheckpointNote: new, logVerifier: log)
        #expect(result.old.treeSize == 37 && result.new.treeSize == 100)
        let other = try tree.consistencyProof(fromTreeSize: 36, toTreeSize: 100)
        #expect(throws: TransparencyError.proofSizeMismatch(proofTreeSize: 36, checkpointTreeSize: 37)) {
            try other.verify(fromCheckpointNote: old, toCheckpointNote: new, logVerifier: log)
        }
        #expect(throws: TransparencyError.rootMismatch(treeSize: 37)) {
            try proof.verify(oldRootHash: try tree.rootHash(forTreeSize: 36), newRootHash: try tree.rootHash(forTreeSize: 100))
        }
        #expect(throws: TransparencyError.noVerifiedSignature) {
            try proof.verify(fromCheckpointNote: old, toCheckpointNote: new, logVerifier: CheckpointFixtures.strangerSigner.verifier)
        }
    }
}
