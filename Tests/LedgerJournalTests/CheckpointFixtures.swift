// Shared fixtures for the checkpoint, signed-note, cosignature, witness and tlog-proof tests:
// fixed test keys (public, test only) and a small journal whose lines are the leaves.

import Foundation
import LedgerJournal

enum CheckpointFixtures {
    /// The demo log's origin (its key name).
    static let origin = "example.gov.cn/fundledger/demo-county"

    /// Seed bytes start, start+1, ..., start+31 (test keys only).
    static func seed(startingAt start: UInt8) -> [UInt8] { (0..<32).map { start &+ UInt8($0) } }

    static let logSigner = try! NoteSigner(name: origin, seed: seed(startingAt: 0x10))
    static let provinceWitness = try! NoteSigner(
        name: "inspector.example.gov.cn/province", seed: seed(startingAt: 0x30), signatureType: .cosignatureV1)
    static let nationalWitness = try! NoteSigner(
        name: "audit.example.gov.cn/national", seed: seed(startingAt: 0x50), signatureType: .cosignatureV1)
    static let financeWitness = try! NoteSigner(
        name: "finance.example.gov.cn/bureau", seed: seed(startingAt: 0x70), signatureType: .cosignatureV1)
    /// A key that nobody configured.
    static let strangerSigner = try! NoteSigner(name: origin, seed: seed(startingAt: 0x90))

    /// Journal-like lines: the leaf data (without the newline).
    static func lines(_ count: Int, fork: String = "") -> [[UInt8]] {
        (0..<count).map { Array("{\"id\":\"e\($0)\(fork)\",\"kind\":\"fund.disburse\",\"seq\":\($0)}".utf8) }
    }

    static func tree(_ lines: [[UInt8]]) -> MerkleTree {
        MerkleTree(leafHashes: lines.map { MerkleHasher.leafHash(of: $0) })
    }

    /// A checkpoint note for the first `size` lines, signed by the log.
    static func signedCheckpoint(_ lines: [[UInt8]], size: Int, signer: NoteSigner = logSigner) throws -> SignedNote {
        let checkpoint = Checkpoint(origin: origin, treeSize: size, rootHash: try tree(lines).rootHash(forTreeSize: size))
        var note = SignedNote(text: checkpoint.text)
        try note.addSignature(by: signer)
        return note
    }
}
