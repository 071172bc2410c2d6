// LateEntry: an entry recorded well after the fact it records took effect.

/// An entry whose recording day is later than its effective date by more than the projection's
/// `lateRecordingThresholdDays` (补录). Reports show them so that back-dating is visible.
public struct LateEntry: Sendable, Equatable, Codable {
    /// The entry's sequence number.
    public var sequence: Int
    /// The entry's id.
    public var id: String
    /// The event kind.
    public var kind: FundEventKind
    /// The entry's scope.
    public var scope: DivisionCode?
    /// The effective date of the fact.
    public var effectiveDate: CivilDate
    /// The day it was recorded (China Standard Time).
    public var recordedDate: CivilDate
    /// The amount the entry moves, when it moves money.
    public var amount: Fen?

    /// Days between the effective date and the recording day.
    public var delayDays: Int { effectiveDate.days(to: recordedDate) }
}
