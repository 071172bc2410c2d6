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
    /// For a payment prepared by replay, what the rules derive from it alone (computed on the
    /// preparing core); nil otherwise, and then the rules compute it themselves. Not part of the
    /// event's identity: equality, hashing and coding ignore it.
    package var paymentKeys: PaymentKeys?

    /// Creates a rule event.
    public init(sequence: Int, entryID: String, signerKeyID: String, recordedDate: CivilDate, event: FundEvent) {
        self.init(sequence: sequence, entryID: entryID, signerKeyID: signerKeyID, recordedDate: recordedDate, event: event,
                  paymentKeys: nil)
    }

    /// Creates an event with the keys replay computed from its payment (`paymentKeys` must be
    /// `PaymentKeys(payment)` of the event's payment).
    package init(sequence: Int, entryID: String, signerKeyID: String, recordedDate: CivilDate, event: FundEvent,
                 paymentKeys: PaymentKeys?) {
        self.sequence = sequence
        self.entryID = entryID
        self.signerKeyID = signerKeyID
        self.recordedDate = recordedDate
        self.event = event
        self.paymentKeys = paymentKeys
    }

    /// The effective (business) date of the event.
    public var effectiveDate: CivilDate { event.effectiveDate }
}

extension RuleEvent {
    // The event's identity is its five public properties; `paymentKeys` is derived from `event`.
    private enum CodingKeys: String, CodingKey {
        case sequence, entryID, signerKeyID, recordedDate, event
    }

    /// Equal when the five public properties are.
    public static func == (lhs: RuleEvent, rhs: RuleEvent) -> Bool {
        lhs.sequence == rhs.sequence && lhs.entryID == rhs.entryID && lhs.signerKeyID == rhs.signerKeyID
            && lhs.recordedDate == rhs.recordedDate && lhs.event == rhs.event
    }

    /// Hashes the five public properties.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(sequence)
        hasher.combine(entryID)
        hasher.combine(signerKeyID)
        hasher.combine(recordedDate)
        hasher.combine(event)
    }
}
