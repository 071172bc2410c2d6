// JournalTransparency: the transparency layer as one call per `fundledger` command, for the cases
// where a command needs more than one library call (replay the trust state and sign, open the
// tree index and prove, parse and verify, pre-check and cosign). Nothing here defines a format:
// the formats are docs/TRANSPARENCY-FORMAT.md's and live in Merkle/, Checkpoint/ and Witness/.
// What these facades add are the checks that make each command safe to use: a checkpoint is
// signed only for a journal that verifies and only by a key allowed to sign checkpoints; a proof
// is made only for a checkpoint the journal extends; a witness is never made to write evidence of
// misbehaviour because the user forgot or mixed up a proof file.

import Foundation
import LedgerCrypto

/// One-call transparency operations on journal files, checkpoints, proofs and witnesses.
public enum JournalTransparency {
    /// What a command's own checks refuse before or around the library calls (structured, no prose).
    public enum Failure: Error, Equatable, Sendable {
        /// The key is neither the journal's authority nor granted the `checkpoint` role.
        case keyMayNotSignCheckpoints(keyID: String)
        /// The journal does not verify: `findingCount` findings, the first at `lineNumber`.
        case journalNotValid(findingCount: Int, firstSequence: Int?, firstLineNumber: Int)
        /// The journal has no genesis entry, so it has no origin to sign under.
        case journalHasNoOrigin
        /// A requested tree size is larger than the journal.
        case treeSizeBeyondJournal(treeSize: Int, entryCount: Int)
        /// A consistency proof was asked from a larger checkpoint to a smaller one.
        case checkpointsOutOfOrder(oldSize: Int, newSize: Int)
        /// The witness last cosigned `oldSize` and is offered `newSize`, but no consistency proof was given.
        case consistencyProofRequired(oldSize: Int, newSize: Int)
        /// The consistency proof given links other sizes than the witness's state and the offered checkpoint.
        case consistencyProofSizesMismatch(proofOldSize: Int, proofNewSize: Int, expectedOldSize: Int, expectedNewSize: Int)
    }

    /// Whom a verifier trusts for checkpoints: the log's key alone, or a witness policy.
    public enum Trust: Sendable {
        /// The log's verifier key (type 0x01); its name must be the checkpoint's origin.
        case logKey(NoteVerifier)
        /// A C2SP tlog-policy: a listed log's signature and the witness quorum.
        case policy(WitnessPolicy)

        /// Opens a checkpoint note under this trust and returns its checkpoint.
        /// Throws the signed-note errors, `.originMismatch`, `.malformedCheckpoint`, `.quorumNotMet`.
        public func checkpoint(ofNote note: String) throws -> Checkpoint {
            switch self {
            case .logKey(let verifier):
                let opened = try SignedNote.open(note, verifiers: [verifier])
                let checkpoint = try Checkpoint(parsing: opened.note.text)
                // C2SP tlog-checkpoint: the log's key name is its origin.
                guard checkpoint.origin == verifier.name else {
                    throw TransparencyError.originMismatch(expected: verifier.name, actual: checkpoint.origin)
                }
                return checkpoint
            case .policy(let policy):
                return try policy.verify(checkpointNote: note)
            }
        }
    }

    // MARK: Checkpoints

    /// Verifies the journal at `path`, checks that `key` may sign checkpoints in its trust state
    /// after the last entry (the authority, or a grant with the `checkpoint` role), and returns the
    /// checkpoint of its first `treeSize` entries (all by default) signed under the journal's origin.
    ///
    /// The root is read from the tree index, which is first checked against the root of the whole
    /// journal computed by the verification pass (pair the checks). Costs one verification pass.
    /// Throws `Failure.journalNotValid`, `.journalHasNoOrigin`, `.keyMayNotSignCheckpoints`,
    /// `.treeSizeBeyondJournal`, `StorageError` and `TransparencyError` (index I/O).
    public static func signCheckpoint(
        journalPath: String, key: Curve25519.Signing.PrivateKey, treeSize: Int? = nil,
        fileSystem: any FileSystem = PosixFileSystem()
    ) throws -> SignedNote {
        var verifier = JournalVerifier(entryLookup: JournalLineLookup(path: journalPath, fileSystem: fileSystem))
        let reader = JournalReader(path: journalPath, fileSystem: fileSystem)
        let summary = try reader.forEachLine { line, location in
            verifier.consume(line: line, byteOffset: Int(location.byteOffset))
        }
        if let torn = summary.tornTail {
            verifier.noteTornTail(byteOffset: Int(torn.byteOffset), byteCount: Int(torn.byteCount))
        }
        let registry = verifier.currentRegistry
        let report = verifier.finish()
        // Never commit to a history that does not verify: a signed checkpoint is a public promise.
        if let first = report.findings.first {
            throw Failure.journalNotValid(
                findingCount: report.findings.count, firstSequence: first.sequence, firstLineNumber: first.lineNumber)
        }
        guard let origin = registry.origin else { throw Failure.journalHasNoOrigin }
        let keyID = KeyID(publicKey: key.publicKey).hex
        guard registry.maySignCheckpoints(keyID: keyID) else { throw Failure.keyMayNotSignCheckpoints(keyID: keyID) }
        let size = treeSize ?? report.entryCount
        guard size <= report.entryCount else {
            throw Failure.treeSizeBeyondJournal(treeSize: size, entryCount: report.entryCount)
        }
        guard let fullRoot = TreeHash(bytes: report.rootHash) else { preconditionFailure("the verifier reports a 32-byte root") }
        let expectation = TreeIndex.Expectation(
            leafCount: report.entryCount, lastLeafHash: report.headHash, knownRootHashes: [report.entryCount: fullRoot])
        let index = try JournalTree.openIndex(journalPath: journalPath, expecting: expectation, fileSystem: fileSystem)
        let checkpoint = try index.checkpoint(origin: origin, treeSize: size)
        // C2SP signed-note: the log signs with a type 0x01 key named after its origin.
        let signer = try NoteSigner(name: origin, seed: Array(key.rawRepresentation), signatureType: .ed25519)
        var note = SignedNote(text: checkpoint.text)
        try note.addSignature(by: signer)
        return note
    }

    // MARK: Proofs

    /// Returns the offline inclusion proof (C2SP tlog-proof) of entry `index` in the tree of the
    /// checkpoint `checkpointNote`, with the entry's line as its `extra` data unless
    /// `includesEntryLine` is false. The note's signatures are carried, not checked (the verifier
    /// checks them). Refuses a checkpoint the journal does not extend (`.rootMismatch`,
    /// `.treeSizeOutOfRange`) and an index outside it (`.leafIndexOutOfRange`); throws the note and
    /// checkpoint parse errors and `StorageError`. Costs O(log n) index reads and O(log n) short
    /// journal reads for the entry's line (`JournalLineLookup`).
    public static func inclusionProof(
        journalPath: String, index: Int, checkpointNote: String, includesEntryLine: Bool = true,
        fileSystem: any FileSystem = PosixFileSystem()
    ) throws -> TlogProof {
        let note = try SignedNote(parsing: checkpointNote)
        let tree = try JournalTree.openIndex(journalPath: journalPath, fileSystem: fileSystem)
        // First without the line: refuses a bad checkpoint or index before the journal is scanned.
        let proof = try tree.tlogProof(forLeafAt: index, checkpointNote: note)
        guard includesEntryLine else { return proof }
        // The entry found by its seq in O(log n) short reads rather than by reading the journal up
        // to it. A journal line is canonical JSON, so the entry re-encodes to the same bytes; the
        // library checks the line's leaf hash against the tree before it embeds it.
        guard let entry = try JournalLineLookup(path: journalPath, fileSystem: fileSystem).entry(atSequence: index) else {
            throw TransparencyError.leafIndexOutOfRange(index: index, treeSize: tree.leafCount)
        }
        return try tree.tlogProof(forLeafAt: index, checkpointNote: note, entryLine: entry.canonicalLine())
    }

    /// Returns the consistency proof between two checkpoints of the journal (their signatures are
    /// not checked here), after checking that the journal extends both and that they share an
    /// origin. Throws `Failure.checkpointsOutOfOrder`, `TransparencyError.originMismatch`,
    /// `.rootMismatch`, `.treeSizeOutOfRange`, the parse errors and `StorageError`.
    public static func consistencyProof(
        journalPath: String, fromCheckpointNote oldNote: String, toCheckpointNote newNote: String,
        fileSystem: any FileSystem = PosixFileSystem()
    ) throws -> ConsistencyProof {
        let old = try Checkpoint(parsing: try SignedNote(parsing: oldNote).text)
        let new = try Checkpoint(parsing: try SignedNote(parsing: newNote).text)
        guard old.origin == new.origin else { throw TransparencyError.originMismatch(expected: old.origin, actual: new.origin) }
        guard old.treeSize <= new.treeSize else {
            throw Failure.checkpointsOutOfOrder(oldSize: old.treeSize, newSize: new.treeSize)
        }
        let tree = try JournalTree.openIndex(journalPath: journalPath, fileSystem: fileSystem)
        let proof = try tree.consistencyProof(from: old, to: new)
        // Pair the checks: the proof must link the two signed roots before it leaves here.
        try proof.verify(oldRootHash: old.rootHash, newRootHash: new.rootHash)
        return proof
    }

    /// Checks a `.tlog-proof` file offline and returns its checkpoint, the entry's index and the
    /// proven line.
    ///
    /// With `entryLine` the proof is checked for that line (any `extra` data is ignored, it is not
    /// authenticated); without it the proof must be a FundLedger bundle whose `extra` data is the
    /// line. Throws `.malformedTlogProof`, `.missingEntryLine`, the signed-note, policy and
    /// inclusion proof errors.
    public static func verifyProof(
        _ proofText: String, entryLine: [UInt8]? = nil, trust: Trust
    ) throws -> (checkpoint: Checkpoint, leafIndex: Int, entryLine: [UInt8]) {
        let proof = try TlogProof(parsing: proofText)
        let verified: (checkpoint: Checkpoint, entryLine: [UInt8])
        switch (trust, entryLine) {
        case (.logKey(let verifier), let line?):
            verified = (try proof.verify(entryLine: line, logVerifier: verifier), line)
        case (.policy(let policy), let line?):
            verified = (try proof.verify(entryLine: line, policy: policy), line)
        case (.logKey(let verifier), nil):
            verified = try proof.verifyBundle(logVerifier: verifier)
        case (.policy(let policy), nil):
            verified = try proof.verifyBundle(policy: policy)
        }
        return (verified.checkpoint, proof.leafIndex, verified.entryLine)
    }

    /// Checks a consistency proof (text form) between two checkpoint notes signed by the log and
    /// returns both checkpoints. Throws `.malformedTlogProof`, the signed-note errors,
    /// `.originMismatch`, `.proofSizeMismatch` and the proof errors.
    public static func verifyConsistency(
        oldCheckpointNote: String, newCheckpointNote: String, proofText: String, logVerifier: NoteVerifier
    ) throws -> (old: Checkpoint, new: Checkpoint) {
        let proof = try ConsistencyProof(parsingText: proofText)
        return try proof.verify(fromCheckpointNote: oldCheckpointNote, toCheckpointNote: newCheckpointNote, logVerifier: logVerifier)
    }

    // MARK: Witnesses

    /// Cosigns `checkpointNote` as the witness `key` keeping its state in `stateDirectory`, given
    /// the consistency proof (text form) from the last checkpoint it cosigned for the origin.
    ///
    /// Before the witness's own checks (`Witness.cosign`), the proof's sizes are compared with the
    /// stored and offered sizes, so that a missing or mixed-up proof file is reported as such and
    /// never written out as evidence against the log. A smaller or conflicting checkpoint still
    /// reaches the witness, which refuses it and writes the evidence file.
    /// Throws `Failure.consistencyProofRequired`, `.consistencyProofSizesMismatch`, and what
    /// `Witness.cosign` throws (`.rollback`, `.splitView`, `.inconsistentCheckpoint` name the evidence).
    public static func cosign(
        checkpointNote: String, logVerifier: NoteVerifier, consistencyProofText: String?,
        key: NoteSigner, stateDirectory: String, now: Date
    ) throws -> String {
        let witness = Witness(key: key, stateDirectory: stateDirectory)
        let offered = try Trust.logKey(logVerifier).checkpoint(ofNote: checkpointNote)
        let proof = try consistencyProofText.map(ConsistencyProof.init(parsingText:))
        var hashes: [TreeHash] = []
        if let previous = try witness.lastCosignedNote(forOrigin: offered.origin) {
            let stored = try Checkpoint(parsing: previous.text)
            // Only a growing tree needs a proof; a smaller or same-size one is the witness's to judge.
            if offered.treeSize > stored.treeSize {
                guard let proof else {
                    throw Failure.consistencyProofRequired(oldSize: stored.treeSize, newSize: offered.treeSize)
                }
                guard proof.oldTreeSize == stored.treeSize, proof.newTreeSize == offered.treeSize else {
                    throw Failure.consistencyProofSizesMismatch(
                        proofOldSize: proof.oldTreeSize, proofNewSize: proof.newTreeSize,
                        expectedOldSize: stored.treeSize, expectedNewSize: offered.treeSize)
                }
                hashes = proof.hashes
            }
        }
        return try witness.cosign(checkpointNote: checkpointNote, logVerifier: logVerifier, consistencyProof: hashes, now: now)
    }

    // MARK: Verifying a journal against a checkpoint

    /// How a journal fails to extend a trusted checkpoint.
    public enum CheckpointDeviation: Equatable, Sendable {
        /// The journal has fewer entries than the checkpoint: truncated or rolled back.
        /// `endByteOffset` is where its complete lines end.
        case truncated(checkpointSize: Int, entryCount: Int, endByteOffset: Int)
        /// The root of the journal's first `checkpointSize` entries is not the checkpoint's: an
        /// entry at or before `checkpointSize - 1` (whose line starts at `lastCoveredByteOffset`)
        /// was rewritten.
        case rewritten(checkpointSize: Int, lastCoveredByteOffset: Int)

        /// The finding that reports this deviation, located where the journal departs from the
        /// checkpoint, with `reason` (worded by the caller) as its text.
        public func finding(reason: String) -> VerificationFinding {
            switch self {
            case .truncated(_, let entryCount, let endByteOffset):
                return VerificationFinding(sequence: nil, lineNumber: entryCount + 1, byteOffset: endByteOffset,
                                           problem: .checkpointMismatch(reason: reason))
            case .rewritten(let checkpointSize, let byteOffset):
                return VerificationFinding(sequence: checkpointSize - 1, lineNumber: checkpointSize, byteOffset: byteOffset,
                                           problem: .checkpointMismatch(reason: reason))
            }
        }
    }

    /// Opens the trusted checkpoint `checkpointNote` and checks that the journal at `path` extends
    /// it: at least as many entries, and the same root for the checkpoint's size, computed from the
    /// journal's lines (not from the derived index). Returns the checkpoint and the deviation, nil
    /// when the journal extends it. Run it beside `JournalVerification.verify`: the chain alone
    /// cannot see a truncation at an entry boundary, the checkpoint can.
    /// Throws the signed-note and policy errors, `.originMismatch` when `expectedOrigin` (the
    /// journal's) is given and differs, and `StorageError`. Costs one hashing pass over the
    /// checkpoint's entries.
    public static func compare(
        journalPath: String, withCheckpointNote checkpointNote: String, trust: Trust, expectedOrigin: String?,
        fileSystem: any FileSystem = PosixFileSystem()
    ) throws -> (checkpoint: Checkpoint, deviation: CheckpointDeviation?) {
        let checkpoint = try trust.checkpoint(ofNote: checkpointNote)
        if let expectedOrigin, expectedOrigin != checkpoint.origin {
            throw TransparencyError.originMismatch(expected: expectedOrigin, actual: checkpoint.origin)
        }
        var tree = MerkleFrontier()
        var lastCoveredByteOffset = 0
        let summary = try JournalReader(path: journalPath, fileSystem: fileSystem).forEachLine { line, location in
            guard tree.leafCount < checkpoint.treeSize else { return }
            lastCoveredByteOffset = Int(location.byteOffset)
            _ = tree.append(leafHash: .ofLine(line))
        }
        guard tree.leafCount == checkpoint.treeSize else {
            let deviation = CheckpointDeviation.truncated(
                checkpointSize: checkpoint.treeSize, entryCount: summary.lineCount,
                endByteOffset: Int(summary.completeEndByteOffset))
            return (checkpoint, deviation)
        }
        // RFC 9162 §2.1.1: equal roots for one size mean the same leaves (SHA-256 collision resistance).
        guard tree.rootHash == checkpoint.rootHash else {
            return (checkpoint, .rewritten(checkpointSize: checkpoint.treeSize, lastCoveredByteOffset: lastCoveredByteOffset))
        }
        return (checkpoint, nil)
    }
}
