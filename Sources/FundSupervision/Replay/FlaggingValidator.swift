// FlaggingValidator: append-time validation plus the anomaly rules, so that `append` can show the
// clerk the flags that new entries raise at once, or refuse them (`--refuse-flagged`).
import LedgerJournal

/// Refusal of an append because new entries raised anomaly flags and the department chose to refuse them.
public struct FlaggedEntryRefusal: Error, Sendable {
    /// The flags the refused entry raised.
    public var flags: [AnomalyFlag]
}

/// Validates fund events (`SupervisionValidator`) and runs the anomaly rules over every entry.
public struct FlaggingValidator: TabledSnapshottableValidator, Sendable {
    /// The wrapped validator.
    public private(set) var validator = SupervisionValidator()
    /// The rules, fed with every entry in order.
    public private(set) var engine = RuleEngine()
    /// Flags raised by entries that were validated (the new ones of an append), in order.
    public private(set) var raisedByNewEntries: [AnomalyFlag] = []
    /// Whether a new entry that raises a flag is refused.
    public let refusesFlaggedEntries: Bool
    private var processedSequence: Int?

    /// Creates the validator; `refusesFlaggedEntries` makes `validate` throw `FlaggedEntryRefusal`.
    public init(refusesFlaggedEntries: Bool = false) {
        self.refusesFlaggedEntries = refusesFlaggedEntries
    }

    /// Validates `candidate` (`SupervisionValidator`) and runs the rules over it; throws
    /// `FlaggedEntryRefusal` when it raises flags and such entries are refused.
    public mutating func validate(_ candidate: JournalEntry, earlierEntries: any JournalEntryLookup) throws {
        try validator.validate(candidate, earlierEntries: earlierEntries)
        let flags = process(candidate, earlierEntries: earlierEntries)
        processedSequence = candidate.sequence
        if refusesFlaggedEntries, !flags.isEmpty { throw FlaggedEntryRefusal(flags: flags) }
        raisedByNewEntries += flags
    }

    /// Records the entry's effect in the projection and, unless `validate` already did, the rules.
    public mutating func apply(_ entry: JournalEntry, earlierEntries: any JournalEntryLookup) {
        validator.apply(entry, earlierEntries: earlierEntries)
        if processedSequence == entry.sequence {
            processedSequence = nil
            return
        }
        _ = process(entry, earlierEntries: earlierEntries)
    }

    /// The learned state (the projection and the rules' states) for `JOURNAL.state`; the flags raised
    /// by new entries and the refusal setting are left out. Format: `snapshotFormat`.
    public func snapshot() throws -> [UInt8] {
        try FlaggingValidatorState(validator: validator, engine: engine).encoded()
    }

    /// Replaces the learned state with one `snapshot()` wrote; keeps `refusesFlaggedEntries`.
    /// Throws `SnapshotDecodingError` or `RuleSetMismatch` for bytes of another format or rule set.
    public mutating func restore(fromSnapshot bytes: [UInt8]) throws {
        let state = try FlaggingValidatorState.decode(bytes)
        validator = state.validator
        engine = state.engine
        raisedByNewEntries = []
        processedSequence = nil
    }

    /// The learned state with the large registers (`SnapshotMap`s) as tables in a separate area, read
    /// by key after `restore(fromSnapshot:tables:)`.
    public func tabledSnapshot() throws -> (payload: [UInt8], tableArea: [UInt8]) {
        let sink = SnapshotByteSink()
        sink.tableArea = []
        // Restored from a base whose area may grow in place: only new and changed tables are written.
        if let old = validator.projection.beneficiaries.snapshotTables, old.beginExtension() {
            sink.tableAreaPrefix = old.byteCount
            sink.extendedTables = old
        }
        try FlaggingValidatorState(validator: validator, engine: engine).snapshotEncode(to: sink)
        return (sink.bytes, sink.tableArea ?? [])
    }

    /// The learned state as changes to the tables it was restored from; nil when it was not restored
    /// from tables (the projection's beneficiaries are then in memory).
    public func deltaSnapshot() throws -> [UInt8]? {
        guard validator.projection.beneficiaries.isTabled else { return nil }
        // A delta after a few appends is some 17 KB (100,000 entries): room for it at once.
        let sink = SnapshotByteSink(reservingCapacity: Self.deltaInitialCapacity)
        sink.writesDelta = true
        try FlaggingValidatorState(validator: validator, engine: engine).snapshotEncode(to: sink)
        return sink.bytes
    }

    /// The bytes `deltaSnapshot()` reserves before it writes.
    static let deltaInitialCapacity = 64 * 1024

    /// Replaces the learned state with one `tabledSnapshot()` or `deltaSnapshot()` wrote over `tables`.
    public mutating func restore(fromSnapshot bytes: [UInt8], tables: StateSnapshotTables) throws {
        let state = try FlaggingValidatorState.decode(bytes, tables: tables)
        validator = state.validator
        engine = state.engine
        raisedByNewEntries = []
        processedSequence = nil
    }

    private mutating func process(_ entry: JournalEntry, earlierEntries: any JournalEntryLookup) -> [AnomalyFlag] {
        // Journal-layer entries raise nothing; an undecodable body was already refused by `validate`.
        (try? engine.process(entry, earlierEntries: earlierEntries)) ?? []
    }
}
