// RuleEvent: one decoded fund event with the envelope facts rules need (sequence, signer, recording day).

import LedgerJournal

/// A fund event as the rules see it: the typed event plus its entry's sequence, id, signer and recording day.
public struct RuleEvent: Sendable, Hashable, Codable {
    /// The entry's sequence (`seq`).
    public var sequence: Int
    /// The entry's event id.
    public var entryID: String
    /// The key id that signed the entry.
    public var signerKeyID: String
    /// The day (China Standard Time) on which the entry was recorded.
    public var recordedDate: CivilDate
    /// The decoded event.
    public var event: FundEvent

    /// Creates a rule event.
    public init(sequence: Int, entryID: String, signerKeyID: String, recordedDate: CivilDate, event: FundEvent) {
        self.sequence = sequence
        self.entryID = entryID
        self.signerKeyID = signerKeyID
        self.recordedDate = recordedDate
        self.event = event
    }

    /// The effective (business) date of the event.
    public var effectiveDate: CivilDate { event.effectiveDate }
}
