// PeriodClose: the report digest a `period.close` entry records, and the making of such an entry
// (`fundledger close-period`). The check at append and `verify` is SupervisionValidator+PeriodClose.
//
// Digest (docs/EVENTS.md `period.close`, docs/FORMAT.md §9), which must never change without a new
// format version: SHA-256, in lowercase hex, of the canonical JSON balances report followed by the
// canonical JSON counties report (each one line ending in "\n", as `fundledger report … --format
// json` prints them) of the journal's entries with seq < until_seq, without an as-of date. It is the
// report that `report JOURNAL balances --until-seq N --format json` and `report JOURNAL counties
// --until-seq N --format json` print, byte for byte; there is no second rendering of it here.
import LedgerCrypto
import LedgerJournal

/// Computes and appends `period.close` entries.
public enum PeriodClose {
    /// The `report_digest` of the entries the projection holds, all of them with seq < `untilSequence`.
    /// Requires an unfiltered projection (no as-of date) or one filtered at `untilSequence`.
    /// Cost: renders the balances and counties reports (funds × units, projects, payees).
    public static func reportDigest(of projection: FundProjection, untilSequence: Int) -> String {
        precondition(projection.asOf == nil, "a closing's report has no as-of date")
        precondition(projection.untilSequence == nil || projection.untilSequence == untilSequence, "projection filtered at another size")
        precondition(projection.lastSequence < untilSequence, "projection holds entries at or after until_seq")
        var balances = Report.balances(projection)
        var counties = Report.counties(projection)
        // An unfiltered projection of the entries before `untilSequence` equals one filtered at
        // `untilSequence` except for the parameter that names the filter; print it as the filtered
        // replay (`report --until-seq N`) does.
        if projection.untilSequence == nil {
            for index in balances.parameters.indices where balances.parameters[index].key == "until_seq" {
                balances.parameters[index].value = .integer(Int64(untilSequence))
            }
            for index in counties.parameters.indices where counties.parameters[index].key == "until_seq" {
                counties.parameters[index].value = .integer(Int64(untilSequence))
            }
        }
        // JSON is language-independent; the language argument does not change its bytes.
        return Report.digest(of: balances.rendered(as: .json, language: .english) + counties.rendered(as: .json, language: .english))
    }

    /// The closing that an entry appended after the entries `validator` has applied must carry:
    /// `until_seq` = `entryCount` (the journal's size), the period's totals and the report digest.
    /// `effectiveDate` defaults to the period's last day.
    public static func closing(of period: FiscalPeriod, unit: DivisionCode?, effectiveDate: CivilDate? = nil,
                               after validator: SupervisionValidator, entryCount: Int) -> PeriodClosing {
        PeriodClosing(periodKind: period.kind, period: period.description, unit: unit, untilSequence: entryCount,
                      reportDigest: reportDigest(of: validator.projection, untilSequence: entryCount),
                      totals: validator.periodTotals.totals(of: period, unit: unit),
                      effectiveDate: effectiveDate ?? period.lastDay)
    }

    /// The event id of a closing: `period-close/PERIOD/UNIT/UNTIL_SEQ` (`all` when nationwide), unique
    /// because two entries never share a sequence.
    public static func eventID(of closing: PeriodClosing) -> String {
        "period-close/\(closing.period)/\(closing.unit?.description ?? "all")/\(closing.untilSequence)"
    }

    /// The draft of the closing for the journal at `journalPath` as it is now: reads it once with a
    /// `SupervisionValidator`. Throws `StorageError` for I/O failures and `JournalError` for a line
    /// that is not an entry (run `verify`).
    public static func draft(journalPath path: String, period: FiscalPeriod, unit: DivisionCode?,
                             effectiveDate: CivilDate? = nil) throws -> (draft: EventDraft, closing: PeriodClosing) {
        var validator = SupervisionValidator()
        var entryCount = 0
        // Reversed entries are read back from the lines this loop has already read in sequence.
        let lines = JournalLineLookup(path: path)
        try JournalReader(path: path).forEachLine { line, location in
            let entry: JournalEntry
            do {
                entry = try JournalEntry(parsing: try CanonicalJSON.parseCanonical(line))
            } catch let error as JournalError {
                throw error
            } catch {
                throw JournalError.notCanonicalJSON(sequence: entryCount, byteOffset: Int(location.byteOffset), reason: "\(error)")
            }
            guard entry.sequence == entryCount else {
                throw JournalError.sequenceMismatch(expected: entryCount, found: entry.sequence)
            }
            validator.apply(entry, earlierEntries: EarlierEntries(lines, count: entry.sequence))
            entryCount += 1
        }
        let closing = closing(of: period, unit: unit, effectiveDate: effectiveDate, after: validator, entryCount: entryCount)
        let draft = EventDraft(id: eventID(of: closing), kind: FundEventKind.periodClose.rawValue,
                               scope: unit?.description, body: closing.json)
        return (draft, closing)
    }

    /// Computes the closing and appends it signed by `signer`.
    ///
    /// The closing is computed from one read of the journal and then appended under the journal's
    /// lock, where `validator` (which must contain a `SupervisionValidator`) checks it again against
    /// the journal it locked. If another append came in between, `until_seq` no longer equals the
    /// entry's sequence and the append is refused (`AppendRefusal` wrapping
    /// `SupervisionError.periodCloseStale`) without writing anything: run it again.
    public static func append(
        journalPath path: String, period: FiscalPeriod, unit: DivisionCode?, effectiveDate: CivilDate? = nil,
        signer: Curve25519.Signing.PrivateKey, validator: any JournalEventValidator = SupervisionValidator(),
        now: Timestamp = .now()
    ) throws -> (outcome: AppendOutcome, closing: PeriodClosing) {
        let (draft, closing) = try draft(journalPath: path, period: period, unit: unit, effectiveDate: effectiveDate)
        let outcome = try JournalAppender.append(path: path, drafts: [draft], signer: signer, validator: validator, now: now)
        return (outcome, closing)
    }
}
