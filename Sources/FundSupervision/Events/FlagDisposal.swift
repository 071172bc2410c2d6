// flag.dispose: what an inspector did about an anomaly flag. The rules engine defines flag ids
// and what each disposition does to a flag; this file defines only the body.
import LedgerJournal

/// The body of a `flag.dispose` entry. Scope: `unit` when present, otherwise unscoped.
public struct FlagDisposal: Hashable, Sendable, Codable {
    /// The flag's id as the rules engine prints it.
    public var flagID: String
    /// Confirmed, rectified or dismissed.
    public var disposition: FlagDisposition
    /// Why; required when dismissed.
    public var reason: String?
    /// The sequence number of the correcting entry; required when rectified.
    public var correctingSequence: Int?
    /// The inspector or unit disposing of the flag, when recorded.
    public var inspector: String?
    /// The county (or other unit) the flag concerns, when it concerns one.
    public var unit: DivisionCode?
    /// The effective date.
    public var effectiveDate: CivilDate

    /// Creates a disposal body.
    public init(flagID: String, disposition: FlagDisposition, reason: String? = nil, correctingSequence: Int? = nil,
                inspector: String? = nil, unit: DivisionCode? = nil, effectiveDate: CivilDate) {
        self.flagID = flagID
        self.disposition = disposition
        self.reason = reason
        self.correctingSequence = correctingSequence
        self.inspector = inspector
        self.unit = unit
        self.effectiveDate = effectiveDate
    }

    init(reading reader: inout BodyReader) throws {
        flagID = try reader.text("flag_id")
        disposition = try reader.enumeration("disposition", as: FlagDisposition.self)
        reason = try reader.optionalText("reason", maximumByteCount: BodyReader.maximumLongTextByteCount)
        correctingSequence = try reader.optionalInteger("correcting_seq", in: 0...Int64(Int32.max)).map { Int($0) }
        inspector = try reader.optionalText("inspector")
        unit = try reader.optionalDivisionCode("unit")
        effectiveDate = try reader.date("effective_date")
        try reader.finish()
        if disposition == .dismissed, reason == nil {
            throw SupervisionError.missingField(entryID: reader.entryID, path: reader.fieldPath("reason"))
        }
        if disposition == .rectified, correctingSequence == nil {
            throw SupervisionError.missingField(entryID: reader.entryID, path: reader.fieldPath("correcting_seq"))
        }
    }

    /// The body as JSON.
    public var json: JSONValue {
        var writer = BodyWriter()
        writer.set("flag_id", flagID)
        writer.set("disposition", disposition.rawValue)
        writer.setIfPresent("reason", reason)
        writer.setIfPresent("correcting_seq", correctingSequence.map { Int64($0) })
        writer.setIfPresent("inspector", inspector)
        writer.setIfPresent("unit", unit)
        writer.set("effective_date", effectiveDate)
        return writer.value
    }
}
