// Goal: pin our own checkpoint, cosignature and tlog-proof bytes (fixed test seeds, fixed times;
// Ed25519 is deterministic), so any change to the formats shows up as a failing test, and give
// the interop script and docs/TRANSPARENCY-FORMAT.md real files to check.
// Method: regenerate and compare with Vectors/checkpoint-fundledger*.txt. Refresh them with
// FUNDLEDGER_WRITE_TRANSPARENCY_VECTORS=1; FUNDLEDGER_TRANSPARENCY_INTEROP_DIR=<dir> also writes
// a full sample set (journal lines, keys, notes, proofs, policy) for Tools/interop/transparency.

import Foundation
import LedgerCrypto
import LedgerJournal
import LedgerTestSupport
import Testing

@Suite("Checkpoint vectors (stability and interop samples)")
struct CheckpointVectorTests {
    static let cosignTimes: [UInt64] = [1_750_000_000, 1_750_000_060]
    let lines = CheckpointFixtures.lines(100)

    func cosignedNote(size: Int) throws -> SignedNote {
        var note = try CheckpointFixtures.signedCheckpoint(lines, size: size)
        try note.addSignature(by: CheckpointFixtures.provinceWitness, timestamp: Self.cosignTimes[0])
        try note.addSignature(by: CheckpointFixtures.nationalWitness, timestamp: Self.cosignTimes[1])
        return note
    }

    func inclusionProofFile(index: Int, size: Int) throws -> TlogProof {
        let tree = CheckpointFixtures.tree(lines)
        return TlogProof(
            leafIndex: index, hashes: try tree.inclusionProof(forLeafAt: index, treeSize: size).hashes,
            checkpointNote: try cosignedNote(size: size))
    }

    var keysText: String {
        var text = "# FundLedger transparency test keys (public test seeds: never use them for real data).\n"
        for (role, signer, seedStart) in [
            ("log", CheckpointFixtures.logSigner, UInt8(0x10)), ("witness", CheckpointFixtures.provinceWitness, 0x30),
            ("witness", CheckpointFixtures.nationalWitness, 0x50), ("witness", CheckpointFixtures.financeWitness, 0x70),
        ] {
            text += "\(role) \(signer.name)\n"
            text += "  seed        \(Hex.encode(CheckpointFixtures.seed(startingAt: seedStart)))\n"
            text += "  public key  \(Hex.encode(signer.publicKey))\n"
            text += "  verifier    \(signer.verifier.verifierKey)\n"
            text += "  signer      \(signer.signerKey)\n"
        }
        return text
    }

    var policyText: String {
        """
        # Two of three inspectorates must cosign checkpoints of the demo county journal.
        log \(CheckpointFixtures.logSigner.verifier.verifierKey)
        witness province \(CheckpointFixtures.provinceWitness.verifier.verifierKey)
        witness national \(CheckpointFixtures.nationalWitness.verifier.verifierKey)
        witness finance \(CheckpointFixtures.financeWitness.verifier.verifierKey)
        group inspectorates 2 province national finance
        quorum inspectorates

        """
    }

    var pinnedFiles: [(String, String)] {
        get throws {
            [
                ("checkpoint-fundledger.txt", try cosignedNote(size: 100).serialized),
                ("checkpoint-fundledger-proof.txt", try inclusionProofFile(index: 41, size: 100).serialized),
                ("checkpoint-fundledger-keys.txt", keysText),
                ("checkpoint-fundledger-policy.txt", policyText),
            ]
        }
    }

    @Test("our cosigned checkpoint, proof, keys and policy are byte-for-byte the pinned vectors")
    func pinned() throws {
        let write = ProcessInfo.processInfo.environment["FUNDLEDGER_WRITE_TRANSPARENCY_VECTORS"] == "1"
        for (name, text) in try pinnedFiles {
            if write { try text.write(to: TestVectors.url("Vectors/\(name)"), atomically: true, encoding: .utf8) }
            #expect(try TestVectors.text("Vectors/\(name)") == text, "\(name) changed: the format or a key changed")
        }
        // The pinned files are also valid, not just stable.
        let policy = try WitnessPolicy(parsing: try TestVectors.text("Vectors/checkpoint-fundledger-policy.txt"))
        let proof = try TlogProof(parsing: try TestVectors.text("Vectors/checkpoint-fundledger-proof.txt"))
        #expect(try proof.verify(entryLine: lines[41], policy: policy).treeSize == 100)
    }

    @Test("writes the interop sample set when FUNDLEDGER_TRANSPARENCY_INTEROP_DIR is set")
    func interopSamples() throws {
        guard let directory = ProcessInfo.processInfo.environment["FUNDLEDGER_TRANSPARENCY_INTEROP_DIR"] else { return }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        func write(_ name: String, _ text: String) throws {
            try text.write(toFile: (directory as NSString).appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try write("journal.jsonl", lines.map { String(decoding: $0, as: UTF8.self) + "\n" }.joined())
        let indexPath = (directory as NSString).appendingPathComponent("journal.jsonl.tree")
        try? FileManager.default.removeItem(atPath: indexPath)
        let leafHashes = lines.map { MerkleHasher.leafHash(of: $0) }
        _ = try TreeIndex.open(atPath: indexPath, expecting: .init(leafCount: 100, lastLeafHash: leafHashes[99])) { Array(leafHashes[$0]) }
        try write("log.vkey", CheckpointFixtures.logSigner.verifier.verifierKey + "\n")
        try write("witnesses.vkeys", [CheckpointFixtures.provinceWitness, CheckpointFixtures.nationalWitness, CheckpointFixtures.financeWitness]
            .map { $0.verifier.verifierKey + "\n" }.joined())
        try write("policy.txt", policyText)
        let tree = CheckpointFixtures.tree(lines)
        var manifest = ""
        for size in [1, 2, 7, 17, 64, 99, 100] {
            try write("checkpoint-\(size).note", try cosignedNote(size: size).serialized)
            manifest += "checkpoint \(size) checkpoint-\(size).note\n"
            for index in Set([0, size / 2, size - 1]).sorted() {
                let name = "proof-\(size)-\(index).tlog-proof"
                try write(name, try inclusionProofFile(index: index, size: size).serialized)
                manifest += "inclusion \(size) \(index) \(name)\n"
            }
        }
        for (old, new) in [(1, 100), (7, 17), (17, 64), (64, 100), (99, 100), (100, 100), (3, 7)] {
            let name = "consistency-\(old)-\(new).txt"
            try write(name, try tree.consistencyProof(fromTreeSize: old, toTreeSize: new).text)
            manifest += "consistency \(old) \(new) \(name)\n"
        }
        // Evidence files as an inspector writes them when it refuses (split view, rewritten history).
        let witness = Witness(key: CheckpointFixtures.provinceWitness, stateDirectory: (directory as NSString).appendingPathComponent("witness-state"))
        try? FileManager.default.removeItem(atPath: witness.stateDirectory)
        let log = CheckpointFixtures.logSigner.verifier
        let now = Date(timeIntervalSince1970: TimeInterval(Self.cosignTimes[0]))
        _ = try witness.cosign(checkpointNote: try CheckpointFixtures.signedCheckpoint(lines, size: 17).serialized, logVerifier: log, consistencyProof: [], now: now)
        let fork = CheckpointFixtures.lines(100, fork: "-rewritten")
        let forkTree = CheckpointFixtures.tree(fork)
        for (size, name) in [(17, "evidence-split-view.txt"), (64, "evidence-inconsistent.txt")] {
            do {
                _ = try witness.cosign(
                    checkpointNote: try CheckpointFixtures.signedCheckpoint(fork, size: size).serialized, logVerifier: log,
                    consistencyProof: try forkTree.consistencyProof(fromTreeSize: 17, toTreeSize: size).hashes, now: now)
                Issue.record("the witness cosigned a forked checkpoint of size \(size)")
            } catch TransparencyError.splitView(_, let path), TransparencyError.inconsistentCheckpoint(_, _, let path) {
                try write(name, try String(contentsOfFile: path, encoding: .utf8))
                manifest += "evidence \(name)\n"
            }
        }
        try write("witness.vkey", witness.key.verifier.verifierKey + "\n")
        try write("manifest.txt", manifest)
    }
}
