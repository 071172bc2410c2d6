import LedgerJournal

/// A domain validator that passes every call through to the one doing the work and counts the
/// entries it is given, so that a long append (`import`) can draw its progress: the append applies
/// each existing entry while it replays the journal, then validates and applies each new one.
///
/// It is snapshottable when the wrapped validator is, so that `import`, like `append`, restores the
/// validator from `JOURNAL.state` instead of replaying the whole journal (issue #8). After a restore
/// the count starts at `entriesBeforeAppend` and counts only the new entries (those validated before
/// they are applied), so it still ends at `entriesBeforeAppend` plus the new entries.
struct ProgressReportingValidator: TabledSnapshottableValidator {
    /// The validator doing the work (its state, e.g. the flags raised, is read back from here).
    var wrapped: any JournalEventValidator
    /// Called after every `apply` with the number of entries applied so far.
    let applied: (Int) -> Void
    /// The journal's entry count before the append: where the count resumes after a restore.
    let entriesBeforeAppend: Int
    private var appliedCount = 0
    private var isRestored = false
    private var hasValidatedPendingEntry = false

    /// Wraps `wrapped`, calling `applied` after each entry applied.
    init(wrapping wrapped: any JournalEventValidator, entriesBeforeAppend: Int = 0, applied: @escaping (Int) -> Void) {
        self.wrapped = wrapped
        self.entriesBeforeAppend = entriesBeforeAppend
        self.applied = applied
    }

    mutating func validate(_ candidate: JournalEntry, earlierEntries: any JournalEntryLookup) throws {
        try wrapped.validate(candidate, earlierEntries: earlierEntries)
        hasValidatedPendingEntry = true
    }

    mutating func apply(_ entry: JournalEntry, earlierEntries: any JournalEntryLookup) {
        wrapped.apply(entry, earlierEntries: earlierEntries)
        // After a restore, the entries between the stored state and the head are applied without
        // being validated; they are already inside `entriesBeforeAppend`.
        if !isRestored || hasValidatedPendingEntry {
            appliedCount += 1
            applied(appliedCount)
        }
        hasValidatedPendingEntry = false
    }

    /// The wrapped validator's format; empty (never stored, never matching) when it has none.
    var snapshotFormat: String {
        (wrapped as? any SnapshottableValidator)?.snapshotFormat ?? ""
    }

    func snapshot() throws -> [UInt8] {
        guard let snapshottable = wrapped as? any SnapshottableValidator else {
            throw SnapshotUnavailable()
        }
        return try snapshottable.snapshot()
    }

    mutating func restore(fromSnapshot bytes: [UInt8]) throws {
        guard var snapshottable = wrapped as? any SnapshottableValidator else { throw SnapshotUnavailable() }
        try snapshottable.restore(fromSnapshot: bytes)
        wrapped = snapshottable
        appliedCount = entriesBeforeAppend
        isRestored = true
    }

    /// The wrapped validator's tabled state; a validator without tables gives its whole state as the
    /// payload and no table area (such a base restores through `restore(fromSnapshot:tables:)` too).
    /// Without this, a fund validator's base (its registers in tables) could not be restored through
    /// the wrapper, and every `import` replayed the whole journal.
    func tabledSnapshot() throws -> (payload: [UInt8], tableArea: [UInt8]) {
        if let tabled = wrapped as? any TabledSnapshottableValidator { return try tabled.tabledSnapshot() }
        return (try snapshot(), [])
    }

    /// The wrapped validator's changes since its tables; nil when it has no tables.
    func deltaSnapshot() throws -> [UInt8]? {
        try (wrapped as? any TabledSnapshottableValidator)?.deltaSnapshot()
    }

    mutating func restore(fromSnapshot bytes: [UInt8], tables: StateSnapshotTables) throws {
        guard var tabled = wrapped as? any TabledSnapshottableValidator else {
            return try restore(fromSnapshot: bytes)
        }
        try tabled.restore(fromSnapshot: bytes, tables: tables)
        wrapped = tabled
        appliedCount = entriesBeforeAppend
        isRestored = true
    }

    /// The wrapped validator keeps no snapshot.
    struct SnapshotUnavailable: Error {}
}
