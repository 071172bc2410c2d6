/// The hook through which a domain layer (FundSupervision) checks events on append and on verify,
/// without the journal layer knowing anything about funds.
///
/// For each entry in journal order the journal calls `validate` and then `apply`. On append, an entry
/// whose `validate` throws is refused and the file is left untouched; on verify, it becomes a finding.
///
/// `earlierEntries` gives random access to the entries before the one at hand (and only those),
/// already checked by the journal in the same pass: a validator that needs an earlier entry (an
/// `entry.reverse` names the entry it undoes) looks it up there instead of keeping every entry in
/// memory. Looking up is the rare case; it costs O(log n) reads of the journal file.
public protocol JournalEventValidator {
    /// Throws when `candidate` cannot be a fact given the entries applied so far.
    mutating func validate(_ candidate: JournalEntry, earlierEntries: any JournalEntryLookup) throws
    /// Records the entry's effect so that later entries are validated against it.
    mutating func apply(_ entry: JournalEntry, earlierEntries: any JournalEntryLookup)
    /// The validator as a `SnapshottableValidator`, nil when it is not one (given by the protocols'
    /// extensions: a requirement, so that an append asks without a dynamic cast, which in a fresh
    /// process scans the binary's conformance records).
    var asSnapshottable: (any SnapshottableValidator)? { get }
}

extension JournalEventValidator {
    /// Nil: a validator whose state cannot be stored.
    public var asSnapshottable: (any SnapshottableValidator)? { nil }
}
