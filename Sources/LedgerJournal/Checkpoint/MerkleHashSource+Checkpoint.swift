// What the `checkpoint`, `prove`, `verify-proof` and `verify-consistency` commands need, as one
// library call each: make a checkpoint from the tree, make proofs only for checkpoints this tree
// really extends (and check each proof before handing it out), and check a consistency proof
// between two signed checkpoints.

extension MerkleHashSource {
    /// Returns the checkpoint of the first `treeSize` leaves (all by default) under `origin`.
    /// Throws `TransparencyError.treeSizeOutOfRange`.
    public func checkpoint(origin: String, treeSize: Int? = nil) throws -> Checkpoint {
        let size = treeSize ?? leafCount
        return Checkpoint(origin: origin, treeSize: size, rootHash: try rootHash(forTreeSize: size))
    }

    /// Returns the tlog-proof of leaf `index` in the tree of `checkpointNote`'s checkpoint, with
    /// `entryLine` (the leaf's line, if given) as its extra data, making it a self-contained bundle.
    ///
    /// Refuses a checkpoint this tree does not extend (`.rootMismatch`, `.treeSizeOutOfRange`)
    /// and checks the proof before returning it. Throws `.malformedCheckpoint` and proof errors.
    public func tlogProof(forLeafAt index: Int, checkpointNote: SignedNote, entryLine: [UInt8]? = nil) throws -> TlogProof {
        let checkpoint = try Checkpoint(parsing: checkpointNote.text)
        try verifyExtends(checkpoint)
        let inclusion = try inclusionProof(forLeafAt: index, treeSize: checkpoint.treeSize)
        // Pair the checks: the proof must verify against the signed root before it leaves here.
        try inclusion.verify(leafHash: try leafHash(at: index), rootHash: checkpoint.rootHash)
        if let entryLine {
            let line = entryLine.last == 0x0a ? Array(entryLine.dropLast()) : entryLine
            guard MerkleHasher.leafHash(of: line) == (try leafHash(at: index)) else {
                throw TransparencyError.indexLeafMismatch(leafIndex: index)
            }
            return TlogProof(extraData: line, leafIndex: index, hashes: inclusion.hashes, checkpointNote: checkpointNote)
        }
        return TlogProof(leafIndex: index, hashes: inclusion.hashes, checkpointNote: checkpointNote)
    }

    /// Returns the consistency proof between two checkpoints, after checking that this tree
    /// extends both. Throws `.rootMismatch`, `.treeSizeOutOfRange` or `.malformedCheckpoint`.
    public func consistencyProof(from old: Checkpoint, to new: Checkpoint) throws -> ConsistencyProof {
        try verifyExtends(old)
        try verifyExtends(new)
        return try consistencyProof(fromTreeSize: old.treeSize, toTreeSize: new.treeSize)
    }
}

extension ConsistencyProof {
    /// Checks this proof between two signed checkpoint notes of the log with `logVerifier`
    /// and returns both checkpoints. Throws the signed-note errors, `.originMismatch`,
    /// `.proofSizeMismatch` when the proof's sizes are not the checkpoints', and proof errors.
    public func verify(
        fromCheckpointNote oldNote: String, toCheckpointNote newNote: String, logVerifier: NoteVerifier
    ) throws -> (old: Checkpoint, new: Checkpoint) {
        var checkpoints: [Checkpoint] = []
        for note in [oldNote, newNote] {
            let opened = try SignedNote.open(note, verifiers: [logVerifier])
            let checkpoint = try Checkpoint(parsing: opened.note.text)
            guard checkpoint.origin == logVerifier.name else {
                throw TransparencyError.originMismatch(expected: logVerifier.name, actual: checkpoint.origin)
            }
            checkpoints.append(checkpoint)
        }
        guard oldTreeSize == checkpoints[0].treeSize else {
            throw TransparencyError.proofSizeMismatch(proofTreeSize: oldTreeSize, checkpointTreeSize: checkpoints[0].treeSize)
        }
        guard newTreeSize == checkpoints[1].treeSize else {
            throw TransparencyError.proofSizeMismatch(proofTreeSize: newTreeSize, checkpointTreeSize: checkpoints[1].treeSize)
        }
        try verify(oldRootHash: checkpoints[0].rootHash, newRootHash: checkpoints[1].rootHash)
        return (checkpoints[0], checkpoints[1])
    }
}
