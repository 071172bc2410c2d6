/// The errors of the journal layer, with structured context; `fundledger` words them in two languages.
public enum JournalError: Error, Equatable, Sendable {
    // Entries (§3 of docs/FORMAT.md).
    /// A line is not canonical JSON; `reason` comes from the parser, `byteOffset` is within the file.
    case notCanonicalJSON(sequence: Int?, byteOffset: Int, reason: String)
    /// A member of the envelope is missing, has the wrong type or a malformed value.
    case malformedEnvelope(sequence: Int?, member: String, problem: EnvelopeProblem)
    /// `seq` is not the line's position.
    case sequenceMismatch(expected: Int, found: Int)
    /// `prev` is not the leaf hash of the previous line.
    case previousHashMismatch(sequence: Int, expected: String, found: String)
    /// `time` is earlier than the previous entry's.
    case timeWentBackwards(sequence: Int, previous: String, found: String)
    /// The signature does not verify with the signer's key.
    case badSignature(sequence: Int, signer: String)
    /// The event id was already used by an earlier entry.
    case duplicateEventID(sequence: Int, id: String, firstSequence: Int)

    // Trust (§5).
    /// The first entry is not a valid genesis, or a genesis appears later.
    case invalidGenesis(sequence: Int, problem: String)
    /// The genesis names a different authority than the one pinned by the verifier.
    case authorityMismatch(pinned: String, found: String)
    /// The signer holds no grant (or a revoked one) at this point of the journal.
    case signerNotGranted(sequence: Int, signer: String)
    /// The signer's grant does not include this kind.
    case kindNotGranted(sequence: Int, signer: String, kind: String)
    /// The signer's grant does not cover this scope.
    case scopeNotGranted(sequence: Int, signer: String, scope: String?)
    /// A journal-layer kind was signed by a key that is not the current authority.
    case requiresAuthority(sequence: Int, kind: String)
    /// A grant would give two different keys the same key id.
    case keyIDCollision(sequence: Int, keyID: String)
    /// A revocation names a key that holds no grant.
    case revokingUnknownKey(sequence: Int, publicKey: String)

    // Appending.
    /// The id is already present with different content (kind, scope or body).
    case eventIDConflict(id: String, existingSequence: Int)
    /// The same id appears twice in one batch.
    case duplicateIDInBatch(id: String, line: Int)
    /// An input event (one line of `append`'s input) is malformed.
    case malformedInputEvent(line: Int, problem: InputProblem)
    /// The event was refused by the domain layer's validation.
    case refusedByValidator(line: Int, id: String, reason: String)
    /// The journal file exists already (init) or does not exist (other commands).
    case journalExists(path: String)
    case journalMissing(path: String)
    /// The journal is empty (no genesis).
    case journalEmpty(path: String)

    /// What is wrong with one line of `append`'s input.
    public enum InputProblem: Sendable, Equatable {
        /// Not valid JSON (or not FundLedger's integer-only JSON): the parser's reason and the 1-based column.
        case invalidJSON(reason: String, column: Int)
        case notAnObject
        case unexpectedMember(String)
        case invalidID
        case invalidKind
        case invalidScope
        case bodyNotAnObject
        case tooManyEvents(limit: Int)
    }

    /// What is wrong with an envelope member.
    public enum EnvelopeProblem: String, Sendable, Equatable {
        case missing, wrongType, malformed, unexpectedMember, tooLong
    }
}
