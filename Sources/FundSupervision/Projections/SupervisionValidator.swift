// SupervisionValidator: FundSupervision's append-time hook into the journal layer.
//
// The journal calls `apply` for every existing entry, then `validate` and `apply` for each new one.
// `validate` refuses only what cannot be a fact (docs/EVENTS.md "What append refuses"): malformed
// bodies, unknown division codes, scope mismatches, unknown references. Violations are recorded;
// the rules make them visible.
import LedgerJournal

/// Validates fund events on append against the journal replayed so far.
public struct SupervisionValidator: JournalEventValidator, Sendable, Codable {
    /// The unfiltered projection of every entry applied so far.
    public private(set) var projection = FundProjection()
    /// Money moved per month and unit, for checking `period.close` entries (SupervisionValidator+PeriodClose).
    public private(set) var periodTotals = PeriodTotals()
    // The last validated candidate, so that `apply` does not decode it a second time.
    private var lastValidated: (sequence: Int, id: String, event: FundEvent)?

    // Snapshot (`JOURNAL.state`): every learned member; the last candidate is transient.
    private enum CodingKeys: String, CodingKey { case projection, periodTotals }

    /// Creates a validator for an empty journal.
    public init() {}

    /// Throws a `SupervisionError` when `candidate` cannot be a fact. Journal-layer kinds
    /// (`journal.genesis`, `key.*`, `authority.*`) are left to the journal layer.
    public mutating func validate(_ candidate: JournalEntry) throws {
        guard !FundEventKind.isJournalLayerKind(candidate.kind) else { return }
        let event = try FundEvent(kind: candidate.kind, body: candidate.body, entryID: candidate.id)
        let context = try EntryContext(candidate)
        try projection.check(event, context)
        if case .closePeriod(let closing) = event { try checkClosing(closing, context) }
        lastValidated = (candidate.sequence, candidate.id, event)
    }

    /// Records the entry's effect. An entry that does not decode (only possible in a journal written
    /// without this validator) is remembered by kind and otherwise ignored.
    public mutating func apply(_ entry: JournalEntry) {
        if let cached = lastValidated, cached.sequence == entry.sequence, cached.id == entry.id,
           let context = try? EntryContext(entry) {
            periodTotals.record(cached.event, context, before: projection)
            projection.apply(cached.event, context)
            lastValidated = nil
            return
        }
        // Decoded once here for both the period totals and the projection; what does not decode
        // goes to `projection.apply(entry)`, which remembers it by kind.
        guard !FundEventKind.isJournalLayerKind(entry.kind), let context = try? EntryContext(entry),
              let event = try? FundEvent(kind: entry.kind, body: entry.body, entryID: entry.id) else {
            projection.apply(entry)
            return
        }
        periodTotals.record(event, context, before: projection)
        projection.apply(event, context)
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
    /// Applies one journal entry: decodes its body (one switch on the kind) and applies the event.
    /// Returns the decoding error for an entry that cannot be decoded, which is then skipped;
    /// journal-layer kinds return `nil`.
    @discardableResult
    public mutating func apply(_ entry: JournalEntry) -> SupervisionError? {
        apply(entry, isUndone: false)
    }

    @discardableResult
    mutating func apply(_ entry: JournalEntry, isUndone: Bool) -> SupervisionError? {
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
            apply(try FundEvent(kind: entry.kind, body: entry.body, entryID: entry.id), context, isUndone: isUndone)
            return nil
        } catch {
            applyForeign(context, kind: entry.kind)
            return error as? SupervisionError
        }
    }
}
