import Dispatch
import Foundation
import LedgerCrypto

/// One entry that an append wrote.
public struct AppendedEntry: Sendable, Equatable {
    public var sequence: Int
    public var hash: EntryHash
    public var id: String
    public var kind: String
}

/// What an append did: the entries written, and the retried events that were already present.
public struct AppendOutcome: Equatable {
    /// New entries, in order.
    public var appended: [AppendedEntry] = []
    /// Events whose id was already in the journal with identical content: (id, sequence).
    public var alreadyPresent: [(id: String, sequence: Int)] = []
    /// The entries written, decoded (for the domain layer to report flags they raise).
    public var entries: [JournalEntry] = []
    /// The domain validator after the new entries (for what it learned about them, e.g. flags).
    public var validator: (any JournalEventValidator)?

    public static func == (lhs: AppendOutcome, rhs: AppendOutcome) -> Bool {
        lhs.appended == rhs.appended && lhs.alreadyPresent.map(\.id) == rhs.alreadyPresent.map(\.id)
            && lhs.alreadyPresent.map(\.sequence) == rhs.alreadyPresent.map(\.sequence)
    }
}

/// Creates journals and appends signed entries to them (docs/FORMAT.md §7).
///
/// Every append is all or nothing: the events are checked (ids, grants, the domain validator) and
/// signed under the journal's exclusive lock, then written with one `write` and one `fsync`. If
/// anything is refused, nothing is written and the file stays byte-for-byte unchanged.
public enum JournalAppender {
    /// Creates a new journal whose genesis names `authority`; refuses when the file exists.
    public static func create(
        path: String, origin: String, authority: Curve25519.Signing.PrivateKey,
        time: Timestamp = .now(), fileSystem: any FileSystem = PosixFileSystem()
    ) throws -> AppendedEntry {
        guard KeyRegistry.isValidOrigin(origin) else {
            throw JournalError.malformedEnvelope(sequence: 0, member: "body.origin", problem: .malformed)
        }
        var genesis = JournalEntry(
            sequence: 0, previousHash: .zero, time: time, kind: "journal.genesis", id: "genesis",
            scope: nil,
            body: .object(["authority": .string(Hex.encode(authority.publicKey.rawRepresentation)),
                           "format": .string(KeyRegistry.format), "origin": .string(origin)]),
            signerKeyID: "")
        try genesis.sign(with: authority)
        let line = genesis.canonicalLine()
        do {
            try JournalFile(path: path, fileSystem: fileSystem).create(lines: [line])
        } catch StorageError.fileAlreadyExists {
            throw JournalError.journalExists(path: path)
        }
        return AppendedEntry(sequence: 0, hash: .ofLine(line), id: genesis.id, kind: genesis.kind)
    }

    /// Appends `drafts` signed by `signer`, all or nothing.
    ///
    /// `validator` is the domain validator, fresh: it is fed every existing entry (`apply`) before the
    /// new ones are checked (`validate`). A `SnapshottableValidator` is instead restored from the derived
    /// `JOURNAL.state` and fed only the entries after it; the file is rewritten after the append by
    /// `StateSnapshotPolicy`. Throws `JournalError` for refused events and
    /// `StorageError` for I/O failures and a torn tail.
    public static func append(
        path: String, drafts: [EventDraft], signer: Curve25519.Signing.PrivateKey,
        validator: (any JournalEventValidator)? = nil, now: Timestamp = .now(),
        fileSystem: any FileSystem = PosixFileSystem()
    ) throws -> AppendOutcome {
        // The batch's ids, each once: a repeat is refused at its (second) line. The set is also the ids
        // whose earlier entries the append looks up (retries).
        var idsOfInterest = Set<[UInt8]>(minimumCapacity: drafts.count)
        for index in drafts.indices where !idsOfInterest.insert(Array(drafts[index].id.utf8)).inserted {
            throw JournalError.duplicateIDInBatch(id: drafts[index].id, line: index + 1)
        }
        let file = JournalFile(path: path, fileSystem: fileSystem)
        var outcome = AppendOutcome()
        var firstNewSequence = 0
        var cachedState: JournalState?
        // Where the validator state came from, and where the journal's last line lay before the batch.
        var snapshotSource: StateSnapshotSource?
        var previousLastLine: (byteOffset: Int64, endByteOffset: Int64)?
        // The validator's state is built on a second thread while the batch is written and synchronized,
        // and written only after the commit; a failed append drops it (nothing derived is written).
        var snapshotWriter: BackgroundSnapshotWriter?
        defer { snapshotWriter?.finish(committedAt: nil) }
        try file.append({ tail throws -> [[UInt8]] in
            guard let lastLine = tail.lastLine else { throw JournalError.journalEmpty(path: path) }
            previousLastLine = (lastLine.byteOffset, lastLine.endByteOffset)
            let signerKeyID = KeyID(publicKey: signer.publicKey).hex
            // The new events (not retries) are signed along the chain on a second thread while this
            // one checks them in order; a refusal stops the signer and nothing is written. Every entry
            // of the batch gets the same time: max(now, last) never decreases (FORMAT.md §3).
            func startSigning(after state: JournalState) -> (EntryBatchSigner, newDrafts: [EventDraft]) {
                let newDrafts = Self.newDrafts(drafts, after: state)
                return (EntryBatchSigner(drafts: newDrafts, firstSequence: state.entryCount, previousHash: state.headHash,
                                         signerKeyID: signerKeyID, time: max(now, state.lastTime), key: signer),
                        newDrafts)
            }
            // The derived caches (.keys, .ids) and the last line give the chain head, the trust state and
            // the retried ids; a validator's state comes from `.state` (and `.state.delta`) plus the entries
            // after it. Anything missing, stale or corrupt falls back to replaying the whole journal.
            var state: JournalState
            var signing: (batch: EntryBatchSigner, newDrafts: [EventDraft])?
            defer { signing?.batch.cancelAndWait() }
            // A batch that changes no grant needs only its signer's grant from `.keys`.
            let changesGrants = drafts.contains { KeyRegistry.authorityKinds.contains($0.kind) }
            if let cached = JournalState.fromCaches(path: path, tail: tail, fileSystem: fileSystem,
                                                    idsOfInterest: idsOfInterest,
                                                    onlyGrantOf: changesGrants ? nil : signerKeyID) {
                // The caches give the chain head: signing starts while the validator is restored.
                signing = startSigning(after: cached)
                if let restored = JournalState.restoringValidator(validator, onto: cached, path: path, tail: tail,
                                                                  fileSystem: fileSystem) {
                    state = restored.state
                    snapshotSource = restored.source
                } else {
                    state = try JournalState.replay(path: path, fileSystem: fileSystem, validator: validator,
                                                    idsOfInterest: idsOfInterest)
                }
            } else {
                state = try JournalState.replay(path: path, fileSystem: fileSystem, validator: validator,
                                                idsOfInterest: idsOfInterest)
            }
            func signAndCheck(_ state: inout JournalState) throws -> [[UInt8]] {
                outcome = AppendOutcome()
                firstNewSequence = state.entryCount
                let time = max(now, state.lastTime)
                // A replay after the caches were read must agree with them; otherwise sign again from the replay.
                let agreesWithState = signing.map { started in
                    started.batch.matches(firstSequence: state.entryCount, previousHash: state.headHash, time: time)
                        && Self.sameIDs(started.newDrafts, Self.newDrafts(drafts, after: state))
                } ?? false
                if !agreesWithState {
                    signing?.batch.cancelAndWait()
                    signing = startSigning(after: state)
                }
                let (batch, newDrafts) = signing!
                var newIndex = 0
                var lines: [[UInt8]] = []
                lines.reserveCapacity(newDrafts.count)
                outcome.appended.reserveCapacity(newDrafts.count)
                outcome.entries.reserveCapacity(newDrafts.count)
                for (index, draft) in drafts.enumerated() {
                    if !state.existingEvents.isEmpty, let existing = state.existingEvents[Array(draft.id.utf8)] {
                        // Byte comparison: JSONValue equality treats canonically equivalent strings as equal.
                        guard existing.kind == draft.kind, existing.scope == draft.scope,
                              CanonicalJSON.encode(existing.body) == CanonicalJSON.encode(draft.body) else {
                            throw JournalError.eventIDConflict(id: draft.id, existingSequence: existing.sequence)
                        }
                        outcome.alreadyPresent.append((draft.id, existing.sequence))
                        continue
                    }
                    let signed = batch.entry(at: newIndex)
                    newIndex += 1
                    let entry = JournalEntry(
                        sequence: state.entryCount, previousHash: state.headHash, time: time,
                        kind: draft.kind, id: draft.id, scope: draft.scope, body: draft.body, signerKeyID: signerKeyID,
                        signature: signed.signature)
                    try state.registry.authorize(entry)
                    try state.registry.apply(entry)
                    // Move the validator out while mutating it, so its storage stays uniquely referenced
                    // (mutating a copy would copy all of its state on every entry).
                    if var domain = state.validator.take() {
                        // Earlier entries: the file's (replayed under this lock), then this batch's.
                        let earlier = EarlierEntries(JournalLineLookup(path: path, fileSystem: fileSystem),
                                                     count: firstNewSequence, appended: outcome.entries)
                        do {
                            try domain.validate(entry, earlierEntries: earlier)
                        } catch {
                            throw AppendRefusal(line: index + 1, id: draft.id, underlying: error)
                        }
                        domain.apply(entry, earlierEntries: earlier)
                        state.validator = domain
                    }
                    let line = signed.line
                    let hash = signed.hash
                    lines.append(line)
                    outcome.appended.append(AppendedEntry(sequence: entry.sequence, hash: hash, id: entry.id, kind: entry.kind))
                    outcome.entries.append(entry)
                    state.entryCount += 1
                    state.headHash = hash
                    state.lastTime = entry.time
                }
                return lines
            }
            var lines: [[UInt8]]
            do {
                lines = try signAndCheck(&state)
            } catch where snapshotSource?.tables?.damageDetected == true {
                lines = []
            }
            if let tables = snapshotSource?.tables, tables.damageDetected {
                // A block of the stored tables did not match its hash: what the validator read from them
                // cannot be trusted. Everything is redone on a replay of the whole journal.
                snapshotSource = nil
                state = try JournalState.replay(path: path, fileSystem: fileSystem, validator: validator,
                                                idsOfInterest: idsOfInterest)
                lines = try signAndCheck(&state)
            }
            outcome.validator = state.validator
            state.validator = nil
            cachedState = state
            if let domain = outcome.validator?.asSnapshottable, previousLastLine != nil {
                // A small batch builds its state on this thread after the commit: starting a worker
                // thread costs more than the overlap with the fsync gains.
                snapshotWriter = BackgroundSnapshotWriter(
                    domain, entryCount: state.entryCount, source: snapshotSource, journalPath: path, fileSystem: fileSystem,
                    onCallingThread: lines.count < EntryBatchSigner.minimumPipelinedCount)
            }
            return lines
        }, afterCommit: { receipt in
            // Derived caches: failing to update them never fails the append. Each is its own file, so the
            // validator's state (`snapshotWriter`, the largest) is written on its thread while this one
            // updates the others; the append returns only when both are done.
            if let writer = snapshotWriter, let state = cachedState, let lastBefore = previousLastLine {
                writer.commit(at: StateSnapshotPosition(
                    entryCount: state.entryCount, lastLineByteOffset: receipt.lineByteOffsets.last ?? lastBefore.byteOffset,
                    endByteOffset: receipt.byteCount, headHash: state.headHash))
            }
            if var index = cachedState?.idIndex {
                for (entry, offset) in zip(outcome.appended, receipt.lineByteOffsets) {
                    index.insert(id: entry.id.utf8, at: EntryIDLocation(sequence: entry.sequence, byteOffset: offset))
                }
                try? index.persist()
            }
            if let state = cachedState, let last = outcome.appended.last {
                if let keysFile = state.partialRegistryFile {
                    JournalStateCache.storePosition(of: keysFile, journalPath: path, entryCount: last.sequence + 1,
                                                    headHash: last.hash, fileSystem: fileSystem)
                } else {
                    JournalStateCache.store(state.registry, journalPath: path, entryCount: last.sequence + 1,
                                            headHash: last.hash, fileSystem: fileSystem)
                }
            }
            // The tree index is derived: failing to update it never fails the append; the next
            // reader rebuilds it from the journal. Extending it re-reads the last leaf it kept (to check
            // that its prefix is the journal's): that is the line before the batch, whose hash is the
            // first new entry's `prev`; without it in the recent hashes the index read the whole journal.
            var recentStart = firstNewSequence
            var recentLeafHashes = outcome.appended.map(\.hash)
            if firstNewSequence > 0, let first = outcome.entries.first {
                recentStart -= 1
                recentLeafHashes.insert(first.previousHash, at: 0)
            }
            _ = try? JournalTree.openIndex(
                journalPath: path,
                expecting: TreeIndex.Expectation(leafCount: firstNewSequence + outcome.appended.count,
                                                 lastLeafHash: outcome.appended.last?.hash),
                recentStart: recentStart, recentLeafHashes: recentLeafHashes, fileSystem: fileSystem)
            snapshotWriter?.finish(committedAt: nil)
        })
        return outcome
    }
}

extension JournalAppender {
    /// The drafts whose ids are not already in the journal (`state.existingEvents`, the retries), in
    /// order; the array itself when there are no retries (no copy).
    static func newDrafts(_ drafts: [EventDraft], after state: JournalState) -> [EventDraft] {
        if state.existingEvents.isEmpty { return drafts }
        return drafts.filter { state.existingEvents[Array($0.id.utf8)] == nil }
    }

    /// Whether two lists of drafts have the same ids in the same order.
    static func sameIDs(_ a: [EventDraft], _ b: [EventDraft]) -> Bool {
        a.count == b.count && a.indices.allSatisfy { a[$0].id == b[$0].id }
    }
}

/// An event refused by the domain validator: which input line, which id, and the validator's error.
public struct AppendRefusal: Error, Sendable {
    /// The 1-based input line (position in the batch).
    public var line: Int
    /// The event id.
    public var id: String
    /// The domain layer's error, worded by the caller.
    public var underlying: any Error & Sendable

    init(line: Int, id: String, underlying: any Error) {
        self.line = line
        self.id = id
        self.underlying = (underlying as? any Error & Sendable) ?? JournalError.refusedByValidator(line: line, id: id, reason: "\(underlying)")
    }
}

/// Where an append's validator state came from: the entry count of the stored state it was restored
/// at, and for a tabled validator the base whose tables it reads.
struct StateSnapshotSource {
    var entryCount: Int
    var base: StateSnapshotBase?
    /// The tables the validator reads, whose damage makes the append start over with a replay.
    var tables: StateSnapshotTables? { base?.tables }
}

/// The state an append builds on: the chain head, the trust registry, the domain validator and the
/// events whose ids the new batch reuses.
struct JournalState {
    var entryCount = 0
    var headHash = EntryHash.zero
    var lastTime = Timestamp(secondsSinceEpoch: 0)
    var registry = KeyRegistry()
    var validator: (any JournalEventValidator)?
    var existingEvents: [[UInt8]: JournalEntry] = [:]
    /// The event-id index, current for `entryCount` entries (nil when it could not be built).
    var idIndex: EntryIDIndex?
    /// When `registry` holds only the signer's grant (`JournalStateCache.loadForSigner`): the `.keys`
    /// bytes it came from, which are written back at the new position instead of `registry`.
    var partialRegistryFile: [UInt8]?

    /// The state from the journal's last line and the derived caches, without reading the journal;
    /// nil when a cache is missing or stale. With `onlyGrantOf` (for a batch that changes no grant),
    /// the registry holds only that signer's grant (`partialRegistryFile`).
    static func fromCaches(path: String, tail: JournalTail, fileSystem: any FileSystem,
                           idsOfInterest: Set<[UInt8]>, onlyGrantOf signerKeyID: String? = nil) -> JournalState? {
        guard let last = tail.lastLine,
              let entry = try? JournalEntry(parsing: CanonicalJSON.parseCanonical(last.bytes)) else { return nil }
        let entryCount = entry.sequence + 1
        let headHash = EntryHash.ofLine(last.bytes)
        var partialRegistryFile: [UInt8]?
        let registry: KeyRegistry?
        if let signerKeyID {
            let loaded = JournalStateCache.loadForSigner(signerKeyID, journalPath: path, entryCount: entryCount,
                                                         headHash: headHash, fileSystem: fileSystem)
            registry = loaded?.registry
            partialRegistryFile = loaded?.bytes
        } else {
            registry = JournalStateCache.load(journalPath: path, entryCount: entryCount, headHash: headHash,
                                              fileSystem: fileSystem)
        }
        guard let registry,
              let index = EntryIDIndex.load(journalPath: path, fileSystem: fileSystem, entryCount: entryCount,
                                            lastLineByteOffset: last.byteOffset, keepingOnly: idsOfInterest) else { return nil }
        var state = JournalState()
        state.entryCount = entryCount
        state.headHash = headHash
        state.lastTime = entry.time
        state.registry = registry
        state.partialRegistryFile = partialRegistryFile
        state.idIndex = index
        let reader = JournalReader(path: path, fileSystem: fileSystem)
        for id in idsOfInterest {
            for candidate in index.candidates(forID: id) {
                // The index names candidate lines; the line itself confirms the id (hashes may collide).
                guard let line = try? reader.line(atByteOffset: candidate.byteOffset),
                      let existing = try? JournalEntry(parsing: CanonicalJSON.parseCanonical(line.bytes)) else { return nil }
                if Array(existing.id.utf8) == id { state.existingEvents[id] = existing }
            }
        }
        return state
    }

    /// `state` (built from the caches, without a validator) with `validator` brought up to date: nil
    /// (replay instead) when there is a validator and it cannot be restored from `JOURNAL.state` (and
    /// `JOURNAL.state.delta`) plus the entries after it. Without a validator, `state` as it is.
    ///
    /// A stored state is used only when its position names a line of this journal byte for byte (leaf
    /// hash) and the entries after it chain on to the journal's head; those entries are fed to `apply`.
    /// A delta is tried first, then its base. Cost: reads the base's header (its payload only when
    /// restoring from it, or for a section the delta names in it; its table area by block when used),
    /// the delta, and the lines after the position used.
    static func restoringValidator(
        _ validator: (any JournalEventValidator)?, onto state: JournalState, path: String, tail: JournalTail,
        fileSystem: any FileSystem
    ) -> (state: JournalState, source: StateSnapshotSource?)? {
        guard let validator else { return (state, nil) }
        guard let domain = validator.asSnapshottable,
              let base = StateSnapshotFile.loadBase(journalPath: path, format: domain.snapshotFormat,
                                                    fileSystem: fileSystem) else { return nil }
        if var tabled = domain.asTabledSnapshottable {
            if let (position, payload) = StateSnapshotFile.loadDelta(journalPath: path, format: domain.snapshotFormat,
                                                                    baseIdentity: base.identity, fileSystem: fileSystem),
               (try? tabled.restore(fromSnapshot: payload, tables: base.tables)) != nil,
               let restored = feedingTail(tabled, from: position, onto: state, path: path, tail: tail,
                                             fileSystem: fileSystem),
               !base.tables.damageDetected {
                return (restored, StateSnapshotSource(entryCount: position.entryCount, base: base))
            }
            guard let payload = base.payload, (try? tabled.restore(fromSnapshot: payload, tables: base.tables)) != nil,
                  let restored = feedingTail(tabled, from: base.position, onto: state, path: path, tail: tail,
                                             fileSystem: fileSystem),
                  !base.tables.damageDetected else { return nil }
            return (restored, StateSnapshotSource(entryCount: base.position.entryCount, base: base))
        }
        var plain = domain
        guard let payload = base.payload, (try? plain.restore(fromSnapshot: payload)) != nil,
              let restored = feedingTail(plain, from: base.position, onto: state, path: path, tail: tail,
                                             fileSystem: fileSystem) else { return nil }
        return (restored, StateSnapshotSource(entryCount: base.position.entryCount, base: nil))
    }

    /// `state` with `domain` (restored at `position`) fed the journal's entries after `position`; nil
    /// when `position` does not name a line of this journal or the entries after it do not chain on.
    private static func feedingTail(_ domain: any SnapshottableValidator, from position: StateSnapshotPosition,
                                    onto state: JournalState, path: String, tail: JournalTail,
                                    fileSystem: any FileSystem) -> JournalState? {
        var domain = domain
        guard let lastLine = tail.lastLine, position.entryCount <= state.entryCount else { return nil }
        if position.entryCount == state.entryCount {
            guard position.headHash == state.headHash, position.endByteOffset == lastLine.endByteOffset else { return nil }
        } else {
            let reader = JournalReader(path: path, fileSystem: fileSystem)
            guard let line = try? reader.line(atByteOffset: position.lastLineByteOffset),
                  line.endByteOffset == position.endByteOffset,
                  EntryHash.ofLine(line.bytes) == position.headHash else { return nil }
        }
        var sequence = position.entryCount
        var headHash = position.headHash
        if position.entryCount < state.entryCount {
            // The entries after the stored state: parsed, chained, and applied in order; the validator
            // reads earlier entries back from the file, never past the entry it is fed.
            let lines = JournalLineLookup(path: path, fileSystem: fileSystem)
            do {
                try JournalReader(path: path, fileSystem: fileSystem).forEachLine(
                    in: position.endByteOffset..<lastLine.endByteOffset
                ) { bytes, _ in
                    let entry = try JournalEntry(parsing: try CanonicalJSON.parseCanonical(bytes))
                    guard entry.sequence == sequence, entry.previousHash == headHash else {
                        throw JournalError.previousHashMismatch(sequence: sequence, expected: headHash.hex,
                                                                found: entry.previousHash.hex)
                    }
                    domain.apply(entry, earlierEntries: EarlierEntries(lines, count: entry.sequence))
                    sequence += 1
                    headHash = EntryHash.ofLine(bytes)
                }
            } catch {
                return nil
            }
        }
        guard sequence == state.entryCount, headHash == state.headHash else { return nil }
        var restored = state
        restored.validator = domain
        return restored
    }

    /// A validator state built by `buildSnapshot` and not yet written.
    enum BuiltSnapshot {
        /// The changes since `base`, for `JOURNAL.state.delta`.
        case delta([UInt8], base: StateSnapshotBase)
        /// A new base with tables; `copies` of unchanged blocks from `oldTables`.
        case tabledBase(payload: [UInt8], tableArea: [UInt8], copies: [StateSnapshotTables.BlockCopy],
                        oldTables: StateSnapshotTables?)
        /// A new base of a validator without tables.
        case base([UInt8])
        /// No state can be written: a part of the old base that the append did not read until now (its
        /// payload, for a section a delta named in it, or a block of a changed table) is damaged. The
        /// stored state is removed, so that the next append replays the journal and writes a new base.
        case discard
    }

    /// The validator's state to write after an append (`StateSnapshotPolicy`), built without writing
    /// anything, so that it may run while the batch is being committed: for a tabled validator restored
    /// from a base, the changes since (`JOURNAL.state.delta`) while they stay small, otherwise (and after
    /// a replay) a new base; for other validators a new base when the tail grew long. Nil when nothing is
    /// to be written or the state cannot be encoded.
    static func buildSnapshot(of domain: any SnapshottableValidator, entryCount: Int,
                              source: StateSnapshotSource?) -> BuiltSnapshot? {
        if let tabled = domain.asTabledSnapshottable {
            if let base = source?.base,
               StateSnapshotPolicy.mayKeepDelta(entryCount: entryCount, baseEntryCount: base.position.entryCount),
               let delta = try? tabled.deltaSnapshot(),
               StateSnapshotPolicy.keepsDelta(deltaByteCount: delta.count, basePayloadByteCount: base.payloadByteCount) {
                return .delta(delta, base: base)
            }
            // Tables that did not change are copied from the old base with their block hashes.
            let oldTables = source?.base?.tables
            _ = oldTables?.takeBlockCopies()  // start clean: only this snapshot's copies count
            guard let parts = try? tabled.tabledSnapshot() else { return oldTables?.damageDetected == true ? .discard : nil }
            return .tabledBase(payload: parts.payload, tableArea: parts.tableArea,
                               copies: oldTables?.takeBlockCopies() ?? [], oldTables: oldTables)
        }
        guard StateSnapshotPolicy.shouldRewrite(entryCount: entryCount, snapshotEntryCount: source?.entryCount),
              let payload = try? domain.snapshot() else { return nil }
        return .base(payload)
    }

    /// Writes a state built by `buildSnapshot` as taken at `position`. Call it only after the entries
    /// up to `position` are committed, under the journal's lock.
    static func store(_ built: BuiltSnapshot, at position: StateSnapshotPosition, format: String,
                      journalPath path: String, fileSystem: any FileSystem) {
        switch built {
        case let .delta(delta, base):
            StateSnapshotFile.storeDelta(delta, at: position, format: format, baseIdentity: base.identity,
                                         journalPath: path, fileSystem: fileSystem)
        case let .tabledBase(payload, tableArea, copies, oldTables):
            StateSnapshotFile.storeBase(payload, tableArea: tableArea, at: position, format: format,
                                        copies: copies, source: oldTables, journalPath: path, fileSystem: fileSystem)
        case let .base(payload):
            StateSnapshotFile.storeBase(payload, at: position, format: format, journalPath: path, fileSystem: fileSystem)
        case .discard:
            // The delta first: a delta without its base is ignored.
            try? fileSystem.removeFile(StateSnapshotFile.deltaPath(forJournalAt: path))
            try? fileSystem.removeFile(StateSnapshotFile.path(forJournalAt: path))
        }
    }

    /// Reads every line once. A journal that does not parse or chain is refused: appending to it
    /// would bury the damage; `verify` says what is wrong.
    static func replay(path: String, fileSystem: any FileSystem, validator: (any JournalEventValidator)?,
                       idsOfInterest: Set<[UInt8]>) throws -> JournalState {
        var state = JournalState()
        state.validator = validator
        var index = EntryIDIndex(journalPath: path, fileSystem: fileSystem)
        // The validator reads earlier entries back from the file, never past the entry it is fed.
        let lines = JournalLineLookup(path: path, fileSystem: fileSystem)
        try JournalReader(path: path, fileSystem: fileSystem).forEachLine { line, location in
            let entry: JournalEntry
            do {
                entry = try JournalEntry(canonicalLine: line)
            } catch let error as JournalError {
                throw error
            } catch {
                throw JournalError.notCanonicalJSON(sequence: state.entryCount, byteOffset: Int(location.byteOffset), reason: "\(error)")
            }
            guard entry.sequence == state.entryCount, entry.previousHash == state.headHash else {
                throw JournalError.previousHashMismatch(sequence: state.entryCount, expected: state.headHash.hex,
                                                        found: entry.previousHash.hex)
            }
            try state.registry.authorize(entry)
            try state.registry.apply(entry)
            let idBytes = Array(entry.id.utf8)
            if idsOfInterest.contains(idBytes) { state.existingEvents[idBytes] = entry }
            index.insert(id: idBytes, at: EntryIDLocation(sequence: entry.sequence, byteOffset: location.byteOffset))
            state.validator?.apply(entry, earlierEntries: EarlierEntries(lines, count: entry.sequence))
            state.entryCount += 1
            state.headHash = EntryHash.ofLine(line)
            state.lastTime = entry.time
        }
        state.idIndex = index
        return state
    }
}

/// Builds an append's validator state on a second thread as soon as the batch is checked (while the
/// batch is encoded, written and synchronized), then writes it once the caller reports the commit,
/// while the caller updates the other derived files. Nothing is written unless `commit(at:)` is called:
/// a failed append leaves every derived file as it was.
///
/// The validator and the tables it reads are used by this thread alone from `init` until `finish`
/// returns; the appender does not touch them in between.
///
/// `onCallingThread`: no thread; `commit(at:)` builds and writes the state on the caller's thread.
final class BackgroundSnapshotWriter: @unchecked Sendable {
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var position: StateSnapshotPosition?
    private var isDecided = false
    private var isDone = false
    // What `commit(at:)` builds and writes when the writer has no thread (nil once done).
    private var deferredBuild: ((StateSnapshotPosition) -> Void)?

    /// Starts building the state of `domain` after `entryCount` entries (`JournalState.buildSnapshot`),
    /// on a worker thread unless `onCallingThread`.
    init(_ domain: any SnapshottableValidator, entryCount: Int, source: StateSnapshotSource?, journalPath: String,
         fileSystem: any FileSystem, onCallingThread: Bool = false) {
        nonisolated(unsafe) let domain = domain
        if onCallingThread {
            deferredBuild = { committed in
                if let built = JournalState.buildSnapshot(of: domain, entryCount: entryCount, source: source) {
                    JournalState.store(built, at: committed, format: domain.snapshotFormat, journalPath: journalPath,
                                       fileSystem: fileSystem)
                }
            }
            isDecided = true
            isDone = true
            return
        }
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            let built = JournalState.buildSnapshot(of: domain, entryCount: entryCount, source: source)
            condition.lock()
            while !isDecided { condition.wait() }
            let committed = position
            condition.unlock()
            if let built, let committed {
                JournalState.store(built, at: committed, format: domain.snapshotFormat, journalPath: journalPath,
                                   fileSystem: fileSystem)
            }
            condition.lock()
            isDone = true
            condition.broadcast()
            condition.unlock()
        }
    }

    /// The batch is committed: the state is written as taken at `position` (once built).
    func commit(at position: StateSnapshotPosition) {
        if let buildAndStore = deferredBuild {
            deferredBuild = nil
            buildAndStore(position)
            return
        }
        condition.lock()
        if !isDecided {
            self.position = position
            isDecided = true
            condition.broadcast()
        }
        condition.unlock()
    }

    /// Waits until the thread is done; without an earlier `commit(at:)` (`position` nil) nothing is written.
    func finish(committedAt position: StateSnapshotPosition?) {
        if let position { commit(at: position) }
        condition.lock()
        if !isDecided {
            isDecided = true
            condition.broadcast()
        }
        while !isDone { condition.wait() }
        condition.unlock()
    }
}
