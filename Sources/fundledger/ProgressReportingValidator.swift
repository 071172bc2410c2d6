import LedgerJournal

/// A domain validator that passes every call through to the one doing the work and counts the
/// entries it is given, so that a long append (`import`) can draw its progress: the append applies
/// each existing entry while it replays the journal, then validates and applies each new one.
struct ProgressReportingValidator: JournalEventValidator {
    /// The validator doing the work (its state, e.g. the flags raised, is read back from here).
    var wrapped: any JournalEventValidator
    /// Called after every `apply` with the number of entries applied so far.
    let applied: (Int) -> Void
    private var appliedCount = 0

    /// Wraps `wrapped`, calling `applied` after each entry applied.
    init(wrapping wrapped: any JournalEventValidator, applied: @escaping (Int) -> Void) {
        self.wrapped = wrapped
        self.applied = applied
    }

    mutating func validate(_ candidate: JournalEntry, earlierEntries: any JournalEntryLookup) throws {
        try wrapped.validate(candidate, earlierEntries: earlierEntries)
    }

    mutating func apply(_ entry: JournalEntry, earlierEntries: any JournalEntryLookup) {
        wrapped.apply(entry, earlierEntries: earlierEntries)
        appliedCount += 1
        applied(appliedCount)
    }
}
