// Goal: an inspector (file-based witness) cosigns only checkpoints consistent with the last one it
// cosigned for the origin, refuses rollback, split view and failing proofs with a standalone
// evidence file, and never changes its state when it refuses. Method: a small journal, a fork
// of it, and a temporary state directory per test.

import Foundation
import LedgerJournal
import LedgerTestSupport
import Testing

@Suite("Witness (inspector cosigning)")
struct WitnessTests {
    let lines = CheckpointFixtures.lines(40)
    let log = CheckpointFixtures.logSigner
    /// The witness's state directory, removed when the test is done (one suite value per test).
    let stateDirectory: TemporaryDirectory
    let witness: Witness
    let now = Date(timeIntervalSince1970: 1_750_000_000)

    init() throws {
        stateDirectory = try TemporaryDirectory(prefix: "fundledger-witness")
        witness = Witness(key: CheckpointFixtures.provinceWitness, stateDirectory: stateDirectory.path)
    }

    func checkpoint(_ size: Int, lines: [[UInt8]]? = nil) throws -> String {
        try CheckpointFixtures.signedCheckpoint(lines ?? self.lines, size: size).serialized
    }

    func proof(_ old: Int, _ new: Int) throws -> [TreeHash] {
        try CheckpointFixtures.tree(lines).consistencyProof(fromTreeSize: old, toTreeSize: new).hashes
    }

    @Test("cosigns the first checkpoint and consistent successors; the result verifies with both keys")
    func cosignsConsistent() throws {
        let first = try witness.cosign(checkpointNote: try checkpoint(10), logVerifier: log.verifier, consistencyProof: [], now: now)
        let opened = try SignedNote.open(first, verifiers: [log.verifier, witness.key.verifier])
        #expect(opened.verified == [log.verifier, witness.key.verifier])
        #expect(opened.note.signatures.count == 2)
        #expect(Cosignature.timestamp(ofSignature: opened.note.signatures[1].signature) == 1_750_000_000)
        let second = try witness.cosign(checkpointNote: try checkpoint(33), logVerifier: log.verifier, consistencyProof: try proof(10, 33), now: now)
        #expect(try Checkpoint(parsing: try SignedNote(parsing: second).text).treeSize == 33)
        #expect(try witness.lastCosignedNote(forOrigin: CheckpointFixtures.origin)?.serialized == second)
        // Same checkpoint again: consistent, cosigned again.
        _ = try witness.cosign(checkpointNote: try checkpoint(33), logVerifier: log.verifier, consistencyProof: [], now: now)
    }

    func expectStateUnchanged(_ before: String?) throws {
        #expect(try witness.lastCosignedNote(forOrigin: CheckpointFixtures.origin)?.serialized == before)
    }

    func evidence(at path: String) throws -> WitnessEvidence {
        try WitnessEvidence(parsing: try String(contentsOfFile: path, encoding: .utf8))
    }

    @Test("refuses a rolled-back (smaller) checkpoint and writes evidence with both notes")
    func refusesRollback() throws {
        let cosigned = try witness.cosign(checkpointNote: try checkpoint(20), logVerifier: log.verifier, consistencyProof: [], now: now)
        let offered = try checkpoint(12)
        do {
            _ = try witness.cosign(checkpointNote: offered, logVerifier: log.verifier, consistencyProof: [], now: now)
            Issue.record("rollback accepted")
        } catch TransparencyError.rollback(let oldSize, let newSize, let path) {
            #expect(oldSize == 20 && newSize == 12)
            let evidence = try evidence(at: path)
            #expect(evidence.reason == .rollback)
            #expect(evidence.previousNote == cosigned)
            #expect(evidence.offeredNote == offered)
            #expect(evidence.witnessName == witness.key.name)
            #expect(try WitnessEvidence(parsing: evidence.serialized) == evidence)
            // The same refusal again in the same second keeps the first evidence file.
            do {
                _ = try witness.cosign(checkpointNote: offered, logVerifier: log.verifier, consistencyProof: [], now: now)
            } catch TransparencyError.rollback(_, _, let secondPath) {
                #expect(secondPath != path)
                #expect(FileManager.default.fileExists(atPath: path))
            }
        }
        try expectStateUnchanged(cosigned)
    }

    @Test("refuses a split view: same size, another root")
    func refusesSplitView() throws {
        let cosigned = try witness.cosign(checkpointNote: try checkpoint(20), logVerifier: log.verifier, consistencyProof: [], now: now)
        let fork = CheckpointFixtures.lines(40, fork: "-fork")
        let offered = try checkpoint(20, lines: fork)
        #expect {
            try witness.cosign(checkpointNote: offered, logVerifier: log.verifier, consistencyProof: [], now: now)
        } throws: { error in
            guard case TransparencyError.splitView(size: 20, let path) = error else { return false }
            return (try? evidence(at: path))?.reason == .splitView
        }
        try expectStateUnchanged(cosigned)
    }

    @Test("refuses a checkpoint whose consistency proof fails (a rewritten history), or is short")
    func refusesInconsistent() throws {
        let cosigned = try witness.cosign(checkpointNote: try checkpoint(16), logVerifier: log.verifier, consistencyProof: [], now: now)
        // History rewritten from entry 5 on: the fork's own proof does not link to our root.
        var fork = lines
        for index in 5..<fork.count { fork[index] = Array("rewritten \(index)".utf8) }
        let offered = try checkpoint(30, lines: fork)
        let forkProof = try CheckpointFixtures.tree(fork).consistencyProof(fromTreeSize: 16, toTreeSize: 30).hashes
        #expect {
            try witness.cosign(checkpointNote: offered, logVerifier: log.verifier, consistencyProof: forkProof, now: now)
        } throws: { error in
            guard case TransparencyError.inconsistentCheckpoint(oldSize: 16, newSize: 30, let path) = error,
                let evidence = try? evidence(at: path) else { return false }
            // The evidence lets anyone re-run the failing check.
            let old = try! Checkpoint(parsing: try! SignedNote(parsing: evidence.previousNote).text)
            let new = try! Checkpoint(parsing: try! SignedNote(parsing: evidence.offeredNote).text)
            return evidence.reason == .inconsistent && evidence.proof.hashes == forkProof
                && !evidence.proof.isValid(oldRootHash: old.rootHash, newRootHash: new.rootHash)
        }
        let short = Array(try proof(16, 30).dropLast())
        #expect(throws: TransparencyError.self) {
            try witness.cosign(checkpointNote: try checkpoint(30), logVerifier: log.verifier, consistencyProof: short, now: now)
        }
        try expectStateUnchanged(cosigned)
    }

    @Test("refuses a checkpoint the log did not sign, another origin, and a tampered state file")
    func refusesBadInput() throws {
        let wrongKey = try CheckpointFixtures.signedCheckpoint(lines, size: 5, signer: CheckpointFixtures.strangerSigner).serialized
        #expect(throws: TransparencyError.noVerifiedSignature) {
            try witness.cosign(checkpointNote: wrongKey, logVerifier: log.verifier, consistencyProof: [], now: now)
        }
        try expectStateUnchanged(nil)
        let otherLog = try NoteSigner(name: "example.gov.cn/other", seed: CheckpointFixtures.seed(startingAt: 0x10))
        var note = SignedNote(text: Checkpoint(origin: CheckpointFixtures.origin, treeSize: 1, rootHash: MerkleHasher.emptyTreeHash).text)
        try note.addSignature(by: otherLog)
        #expect(throws: TransparencyError.originMismatch(expected: "example.gov.cn/other", actual: CheckpointFixtures.origin)) {
            try witness.cosign(checkpointNote: note.serialized, logVerifier: otherLog.verifier, consistencyProof: [], now: now)
        }
        _ = try witness.cosign(checkpointNote: try checkpoint(8), logVerifier: log.verifier, consistencyProof: [], now: now)
        let path = witness.statePath(forOrigin: CheckpointFixtures.origin)
        let stored = try String(contentsOfFile: path, encoding: .utf8)
        try stored.replacingOccurrences(of: "\n8\n", with: "\n7\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: TransparencyError.witnessStateInvalid(path: path)) {
            try witness.cosign(checkpointNote: try checkpoint(9), logVerifier: log.verifier, consistencyProof: try proof(8, 9), now: now)
        }
    }
}
