// TlogProof: the C2SP tlog-proof file (`.tlog-proof`), an offline proof that an entry is in the
// journal and that the checkpoint covering it was cosigned by inspectors:
//   c2sp.org/tlog-proof@v1
//   [extra <base64 opaque data>]
//   index <0-based entry index, decimal, no leading zeros>
//   <base64 proof hash, leaf's sibling first>...
//   <empty line>
//   <the checkpoint signed note, verbatim>
// An evaluator checks it with only this file, the entry's line and the log's key or a policy.

/// An offline inclusion proof with its (cosigned) checkpoint, in the C2SP tlog-proof format.
public struct TlogProof: Hashable, Sendable {
    /// The first line of every tlog-proof.
    public static let header = "c2sp.org/tlog-proof@v1"
    /// The most proof hashes accepted (a tree of 2^63 leaves needs at most 63).
    public static let maximumProofHashCount = 64

    /// Unauthenticated application data (never trusted), if present.
    public var extraData: [UInt8]?
    /// The 0-based index of the entry.
    public var leafIndex: Int
    /// The inclusion proof hashes, leaf's sibling first.
    public var hashes: [TreeHash]
    /// The checkpoint note, with its signature and cosignature lines.
    public var checkpointNote: SignedNote

    /// Creates a proof from its parts.
    public init(extraData: [UInt8]? = nil, leafIndex: Int, hashes: [TreeHash], checkpointNote: SignedNote) {
        self.extraData = extraData
        self.leafIndex = leafIndex
        self.hashes = hashes
        self.checkpointNote = checkpointNote
    }

    /// Parses a tlog-proof file. Throws `TransparencyError.malformedTlogProof(line:)` at the first
    /// bad line (1-based) and the signed-note parse errors for the checkpoint part.
    public init(parsing text: String) throws {
        guard text.utf8.count <= SignedNote.maximumNoteByteCount + 16 * 1024 else {
            throw TransparencyError.malformedTlogProof(line: 0)
        }
        var reader = LineReader(bytes: Array(text.utf8))
        var lineNumber = 1
        func next() throws -> String {
            do { return try reader.line() } catch { throw TransparencyError.malformedTlogProof(line: lineNumber) }
        }
        guard try next() == TlogProof.header else { throw TransparencyError.malformedTlogProof(line: 1) }
        lineNumber += 1
        var line = try next()
        var extraData: [UInt8]? = nil
        if line.hasPrefix("extra ") {
            guard let decoded = NoteKey.decodeBase64(line.dropFirst("extra ".count)) else {
                throw TransparencyError.malformedTlogProof(line: lineNumber)
            }
            extraData = decoded
            lineNumber += 1
            line = try next()
        }
        guard line.hasPrefix("index "), let index = Checkpoint.parseDecimal(line.dropFirst("index ".count)) else {
            throw TransparencyError.malformedTlogProof(line: lineNumber)
        }
        var hashes: [TreeHash] = []
        while true {
            lineNumber += 1
            let hashLine = try next()
            if hashLine.isEmpty { break }
            guard let hash = TreeHash(base64: hashLine), hashes.count < TlogProof.maximumProofHashCount else {
                throw TransparencyError.malformedTlogProof(line: lineNumber)
            }
            hashes.append(hash)
        }
        let note = try reader.bytes(reader.bytes.count - reader.offset)
        self.init(extraData: extraData, leafIndex: index, hashes: hashes, checkpointNote: try SignedNote(parsing: note))
    }

    /// The file's text.
    public var serialized: String {
        var text = TlogProof.header + "\n"
        if let extraData { text += "extra \(NoteKey.encodeBase64(extraData))\n" }
        text += "index \(leafIndex)\n"
        for hash in hashes { text += hash.base64EncodedString + "\n" }
        return text + "\n" + checkpointNote.serialized
    }

    /// Checks the proof for `entryLine` (the journal line, with or without its final newline)
    /// with the log's key alone, and returns the checkpoint. Throws the signed-note errors,
    /// `.originMismatch`, `.malformedCheckpoint` and the inclusion proof errors.
    public func verify(entryLine: [UInt8], logVerifier: NoteVerifier) throws -> Checkpoint {
        try checkpointNote.verify(using: [logVerifier])
        let checkpoint = try Checkpoint(parsing: checkpointNote.text)
        guard checkpoint.origin == logVerifier.name else {
            throw TransparencyError.originMismatch(expected: logVerifier.name, actual: checkpoint.origin)
        }
        try checkInclusion(entryLine: entryLine, checkpoint: checkpoint)
        return checkpoint
    }

    /// Checks the proof for `entryLine` under a witness policy (log signature and cosignature
    /// quorum), and returns the checkpoint. Throws what `WitnessPolicy.verify` and the inclusion
    /// proof throw.
    public func verify(entryLine: [UInt8], policy: WitnessPolicy) throws -> Checkpoint {
        let checkpoint = try policy.verify(checkpointNote: checkpointNote.serialized)
        try checkInclusion(entryLine: entryLine, checkpoint: checkpoint)
        return checkpoint
    }

    /// Checks a FundLedger proof bundle, whose `extra` data is the entry's line, with the log's
    /// key alone; returns the checkpoint and the (now proven) line. The line needs no trust of its
    /// own: the inclusion proof binds it to the signed root. Throws `.missingEntryLine` without
    /// extra data, and what `verify(entryLine:logVerifier:)` throws.
    public func verifyBundle(logVerifier: NoteVerifier) throws -> (checkpoint: Checkpoint, entryLine: [UInt8]) {
        guard let line = extraData else { throw TransparencyError.missingEntryLine }
        return (try verify(entryLine: line, logVerifier: logVerifier), line)
    }

    /// Checks a FundLedger proof bundle (entry line in `extra`) under a witness policy.
    /// Throws `.missingEntryLine` without extra data, and what `verify(entryLine:policy:)` throws.
    public func verifyBundle(policy: WitnessPolicy) throws -> (checkpoint: Checkpoint, entryLine: [UInt8]) {
        guard let line = extraData else { throw TransparencyError.missingEntryLine }
        return (try verify(entryLine: line, policy: policy), line)
    }

    private func checkInclusion(entryLine: [UInt8], checkpoint: Checkpoint) throws {
        // A journal line never contains a newline, so one final newline is the terminator.
        let line = entryLine.last == 0x0a ? entryLine.dropLast() : entryLine[...]
        let leafHash = line.withUnsafeBytes { MerkleHasher.leafHash(of: $0) }
        let proof = InclusionProof(leafIndex: leafIndex, treeSize: checkpoint.treeSize, hashes: hashes)
        try proof.verify(leafHash: leafHash, rootHash: checkpoint.rootHash)
    }
}
