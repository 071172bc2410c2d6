// beneficiary.exit (脱贫 / 自然减员 / 调整出列): a household leaves the register.
import LedgerJournal

/// The body of a `beneficiary.exit` entry. The policy texts keep support for 3 years after a
/// poverty exit (R27); the rules read `effectiveDate` and `reason` for that.
public struct BeneficiaryExit: Hashable, Sendable, Codable {
    /// The household's pseudonym; it must be registered in `county`.
    public var pseudonym: String
    /// The county (the envelope's scope).
    public var county: DivisionCode
    /// Why it leaves.
    public var reason: BeneficiaryExitReason
    /// The exit date.
    public var effectiveDate: CivilDate

    /// Creates an exit body.
    public init(pseudonym: String, county: DivisionCode, reason: BeneficiaryExitReason, effectiveDate: CivilDate) {
        self.pseudonym = pseudonym
        self.county = county
        self.reason = reason
        self.effectiveDate = effectiveDate
    }

    init(reading reader: inout BodyReader) throws {
        pseudonym = try reader.rawString("pseudonym")
        guard BodyReader.isLowercaseHex64(pseudonym) else { throw reader.invalid("pseudonym", .invalidPseudonym(actual: pseudonym)) }
        county = try reader.divisionCode("county")
        reason = try reader.enumeration("reason", as: BeneficiaryExitReason.self)
        effectiveDate = try reader.date("effective_date")
        try reader.finish()
    }

    /// The body as JSON.
    public var json: JSONValue {
        ["pseudonym": .string(pseudonym), "county": .string(county.description), "reason": .string(reason.rawValue),
         "effective_date": .string(effectiveDate.description)]
    }
}
