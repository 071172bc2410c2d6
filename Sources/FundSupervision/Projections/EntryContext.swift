// EntryContext: the envelope facts a projection needs from a journal entry.

/// What a projection needs to know about an entry besides its event: position, id, scope and
/// the recording day. Built from a `JournalEntry` (see `FundProjection+Journal.swift`) or directly in tests.
public struct EntryContext: Sendable, Equatable {
    /// The entry's 0-based sequence number.
    public var sequence: Int
    /// The entry's id.
    public var id: String
    /// The envelope's scope (`nil` when unscoped).
    public var scope: DivisionCode?
    /// The recording day: the entry's `time` as a China Standard Time date.
    public var recordedDate: CivilDate

    /// Creates a context.
    public init(sequence: Int, id: String, scope: DivisionCode?, recordedDate: CivilDate) {
        self.sequence = sequence
        self.id = id
        self.scope = scope
        self.recordedDate = recordedDate
    }
}
