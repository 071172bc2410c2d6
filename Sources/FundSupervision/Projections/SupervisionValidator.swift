// SupervisionValidator: FundSupervision's append-time hook into the journal layer.
//
// The journal calls `apply` for every existing entry, then `validate` and `apply` for each new one.
// `validate` refuses only what cannot be a fact (docs/EVENTS.md "What append refuses"): malformed
// bodies, unknown division codes, scope mismatches, unknown references. Violations are recorded;
// the rules make them visible.
//
// Memory: the projection's, never per entry. The entry an `entry.reverse` names is read back from
// the journal through the lookup the journal layer passes (`JournalEntryLookup`).
import LedgerJournal

/// Validates fund events on append against the journal replayed so far.
public struct SupervisionValidator: JournalEventValidator, Sendable, Codable {
    /// The unfiltered projection of every entry applied so far.
    public private(set) var projection = FundProjection()
    /// Money moved per month and unit, for checking `period.close` entries (SupervisionValidator+PeriodClose).
    public private(set) var periodTotals = PeriodTotals()
    // The last validated candidate, so that `apply` does not decode it (or look up its target) again.
    private var lastValidated: (sequence: Int, id: String, event: FundEvent, target: ReversalTarget?)?

    // Snapshot (`JOURNAL.state`): every learned member; the last candidate is transient.
    private enum CodingKeys: String, CodingKey { case projection, periodTotals }

    /// Creates a validator for an empty journal.
    public init() {}

    /// Throws a `SupervisionError` when `candidate` cannot be a fact. Journal-layer kinds
    /// (`journal.genesis`, `key.*`, `authority.*`) are left to the journal layer.
    /// The entry an `entry.reverse` names is looked up in `earlierEntries`; a failing lookup throws.
    public mutating func validate(_ candidate: JournalEntry, earlierEntries: any JournalEntryLookup) throws {
        guard !FundEventKind.isJournalLayerKind(candidate.kind) else { return }
        let event = try FundEvent(kind: candidate.kind, body: candidate.body, entryID: candidate.id)
        let context = try EntryContext(candidate)
        let target = try ReversalTarget.of(event, in: earlierEntries)
        try projection.check(event, context, reversing: target)
        if case .closePeriod(let closing) = event { try checkClosing(closing, context) }
        lastValidated = (candidate.sequence, candidate.id, event, target)
    }

    /// Records the entry's effect. An entry that does not decode (only possible in a journal written
    /// without this validator) is ignored.
    public mutating func apply(_ entry: JournalEntry, earlierEntries: any JournalEntryLookup) {
        if let cached = lastValidated, cached.sequence == entry.sequence, cached.id == entry.id,
           let context = try? EntryContext(entry) {
            periodTotals.record(cached.event, context, reversing: cached.target, before: projection)
            projection.apply(cached.event, context, reversing: cached.target)
            lastValidated = nil
            return
        }
        // Decoded once here for both the period totals and the projection; what does not decode
        // goes to `projection.apply(entry, earlierEntries:)`, which skips it.
        guard !FundEventKind.isJournalLayerKind(entry.kind), let context = try? EntryContext(entry),
              let event = try? FundEvent(kind: entry.kind, body: entry.body, entryID: entry.id) else {
            projection.apply(entry, earlierEntries: earlierEntries)
            return
        }
        // Only a reversal looks anything up; a target that cannot be read leaves it without effect.
        let target = try? ReversalTarget.of(event, in: earlierEntries)
        periodTotals.record(event, context, reversing: target, before: projection)
        projection.apply(event, context, reversing: target)
    }
}

extension EntryContext {
    /// The context of a journal entry: its scope parsed as a division code and its recording time as
    /// a China Standard Time date. Throws `invalidValue` at path `scope` for a scope that is not six digits.
    public init(_ entry: JournalEntry) throws {
        var scope: DivisionCode?
        if let text = entry.scope {
            guard let code = DivisionCode(text) else {
                throw SupervisionError.invalidValue(entryID: entry.id, path: "scope", problem: .invalidDivisionCode(actual: text))
            }
            scope = code
        }
        self.init(sequence: entry.sequence, id: entry.id, scope: scope,
                  recordedDate: CivilDate(chinaStandardTimeOf: entry.time.secondsSinceEpoch))
    }
}

extension FundProjection {
    /// Applies one journal entry: decodes its body (one switch on the kind) and applies the event;
    /// the target of an `entry.reverse` is looked up in `earlierEntries` (a failing lookup leaves
    /// the reversal without effect). Returns the decoding error for an entry that cannot be
    /// decoded, which is then skipped; journal-layer kinds return `nil`.
    @discardableResult
    public mutating func apply(_ entry: JournalEntry, earlierEntries: any JournalEntryLookup) -> SupervisionError? {
        let context: EntryContext
        do {
            context = try EntryContext(entry)
        } catch {
            applyForeign(EntryContext(sequence: entry.sequence, id: entry.id, scope: nil,
                                      recordedDate: CivilDate(chinaStandardTimeOf: entry.time.secondsSinceEpoch)), kind: entry.kind)
            return error as? SupervisionError
        }
        guard !FundEventKind.isJournalLayerKind(entry.kind) else {
            applyForeign(context, kind: entry.kind)
            return nil
        }
        do {
            let event = try FundEvent(kind: entry.kind, body: entry.body, entryID: entry.id)
            apply(event, context, reversing: try? ReversalTarget.of(event, in: earlierEntries))
            return nil
        } catch {
            applyForeign(context, kind: entry.kind)
            return error as? SupervisionError
        }
    }
}

// The snapshot form (`JOURNAL.state`), by hand: the projection, then the period totals (the last
// candidate is transient). Bump `FlaggingValidator.snapshotFormatVersion` with any change here.
extension SupervisionValidator: SnapshotSpecialCoding {
    package func snapshotEncode(to sink: SnapshotByteSink) throws {
        try projection.snapshotEncode(to: sink)
        try periodTotals.snapshotEncode(to: sink)
    }

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> SupervisionValidator {
        var validator = SupervisionValidator()
        validator.projection = try FundProjection.snapshotDecode(from: source)
        validator.periodTotals = try PeriodTotals.snapshotDecode(from: source)
        return validator
    }
}
