// TransparencyError: every error of the Merkle tree, tree index, checkpoint, signed-note,
// cosignature, witness, policy and tlog-proof code, with structured context and no prose.
// The wording (Chinese and English) lives with the CLI's message catalog.

/// The errors thrown by the transparency layer (trees, proofs, checkpoints, notes, witnesses).
public enum TransparencyError: Error, Equatable, Sendable {
    // MARK: Trees and proofs

    /// A leaf index is not below the tree size.
    case leafIndexOutOfRange(index: Int, treeSize: Int)
    /// A tree size is negative or beyond the leaves available.
    case treeSizeOutOfRange(treeSize: Int, leafCount: Int)
    /// A proof has the wrong number of hashes for its index and sizes.
    case proofLengthMismatch(expected: Int, actual: Int)
    /// A proof does not lead to the expected root of the tree of `treeSize`.
    case rootMismatch(treeSize: Int)

    // MARK: Tree index file

    /// A system call on the index file failed.
    case indexIOFailed(path: String, operation: String, errno: Int32)
    /// A stored hash could not be read (the file is shorter than its header claims).
    case storedHashReadFailed(position: Int)
    /// The index header is not a tree index of a supported version.
    case indexHeaderInvalid(path: String)
    /// After a rebuild, the index still disagrees with the leaf hashes supplied by the caller.
    case indexLeafMismatch(leafIndex: Int)
    /// The caller's leaf hash source returned the wrong number of hashes.
    case leafHashCountMismatch(expected: Int, actual: Int)

    // MARK: Checkpoints and signed notes

    /// A checkpoint body is malformed at the given 1-based line.
    case malformedCheckpoint(line: Int)
    /// A signed note is malformed at the given byte offset.
    case malformedNote(byteOffset: Int)
    /// A note is larger than `SignedNote.maximumNoteByteCount`.
    case noteTooLarge(byteCount: Int, limit: Int)
    /// A note has more signature lines than `SignedNote.maximumSignatureCount`.
    case tooManySignatures(count: Int, limit: Int)
    /// A signature line from a known key does not verify: the whole note is rejected.
    case signatureInvalid(keyName: String, keyHash: UInt32)
    /// No signature line from a known key verified.
    case noVerifiedSignature
    /// A verifier key string (`name+hash+base64`) is malformed.
    case malformedVerifierKey
    /// A signer key string (`PRIVATE+KEY+name+hash+base64`) is malformed.
    case malformedSignerKey
    /// A key name is empty or contains a space or a plus sign.
    case invalidKeyName
    /// A cosignature's timestamp is beyond 2^63 - 1 or otherwise unusable.
    case cosignatureTimestampInvalid(timestamp: UInt64)
    /// A checkpoint's origin is not the one expected.
    case originMismatch(expected: String, actual: String)

    // MARK: Witnesses

    /// A checkpoint is smaller than the one the witness last cosigned; evidence written to `evidencePath`.
    case rollback(oldSize: Int, newSize: Int, evidencePath: String)
    /// Same size, different root: two views of one log; evidence written to `evidencePath`.
    case splitView(size: Int, evidencePath: String)
    /// The consistency proof from the last cosigned checkpoint fails; evidence written to `evidencePath`.
    case inconsistentCheckpoint(oldSize: Int, newSize: Int, evidencePath: String)
    /// The witness state file for an origin cannot be parsed or does not verify.
    case witnessStateInvalid(path: String)
    /// A witness state or evidence file could not be written.
    case witnessStateWriteFailed(path: String, errno: Int32)

    // MARK: Policies and tlog proofs

    /// A policy file is malformed at the given 1-based line.
    case malformedPolicy(line: Int)
    /// A checkpoint is signed by a policy log but its cosignatures do not meet the quorum.
    case quorumNotMet(quorum: String)
    /// A tlog-proof file is malformed at the given 1-based line.
    case malformedTlogProof(line: Int)
    /// A proof bundle carries no entry line (`extra`), so it cannot be checked on its own.
    case missingEntryLine
    /// A proof is for another tree size than the checkpoint it is checked against.
    case proofSizeMismatch(proofTreeSize: Int, checkpointTreeSize: Int)
}
