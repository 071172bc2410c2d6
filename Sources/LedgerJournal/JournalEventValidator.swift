/// The hook through which a domain layer (FundSupervision) checks events on append and on verify,
/// without the journal layer knowing anything about funds.
///
/// For each entry in journal order the journal calls `validate` and then `apply`. On append, an entry
/// whose `validate` throws is refused and the file is left untouched; on verify, it becomes a finding.
public protocol JournalEventValidator {
    /// Throws when `candidate` cannot be a fact given the entries applied so far.
    mutating func validate(_ candidate: JournalEntry) throws
    /// Records the entry's effect so that later entries are validated against it.
    mutating func apply(_ entry: JournalEntry)
}
