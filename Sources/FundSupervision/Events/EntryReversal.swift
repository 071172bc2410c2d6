// entry.reverse (冲正): a correction that undoes one earlier entry. Nothing is ever edited.
import LedgerJournal

/// The body of an `entry.reverse` entry; its scope must equal the reversed entry's scope.
public struct EntryReversal: Hashable, Sendable, Codable {
    /// The sequence number of the entry undone.
    public var reversedSequence: Int
    /// The id of the entry undone (must match the entry at `reversedSequence`).
    public var reversedID: String
    /// Why.
    public var reason: String
    /// The effective date of the correction.
    public var effectiveDate: CivilDate

    /// Creates a reversal body.
    public init(reversedSequence: Int, reversedID: String, reason: String, effectiveDate: CivilDate) {
        self.reversedSequence = reversedSequence
        self.reversedID = reversedID
        self.reason = reason
        self.effectiveDate = effectiveDate
    }

    init(reading reader: inout BodyReader) throws {
        reversedSequence = Int(try reader.integer("reversed_seq", in: 0...Int64(Int32.max)))
        reversedID = try reader.text("reversed_id")
        reason = try reader.text("reason", maximumByteCount: BodyReader.maximumLongTextByteCount)
        effectiveDate = try reader.date("effective_date")
        try reader.finish()
    }

    /// The body as JSON.
    public var json: JSONValue {
        ["reversed_seq": .integer(Int64(reversedSequence)), "reversed_id": .string(reversedID),
         "reason": .string(reason), "effective_date": .string(effectiveDate.description)]
    }
}
