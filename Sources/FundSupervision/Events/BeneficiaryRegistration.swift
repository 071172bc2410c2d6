// beneficiary.register (建档立卡): a registered poor household, by pseudonym only.
import LedgerJournal

/// The body of a `beneficiary.register` entry. Names and ID numbers never enter the journal:
/// `pseudonym` is HMAC-SHA256 of the national ID under a county-held secret (see `Pseudonym`).
public struct BeneficiaryRegistration: Hashable, Sendable, Codable {
    /// The largest household accepted; larger numbers are typing errors.
    public static let maximumHouseholdSize: Int64 = 50

    /// The household's pseudonym (64 lowercase hex).
    public var pseudonym: String
    /// The county that registers it (the envelope's scope).
    public var county: DivisionCode
    /// The township, when recorded.
    public var township: String?
    /// The village.
    public var village: String
    /// Household members (1...50).
    public var householdSize: Int
    /// Whether the household has members able to work (有劳动能力), when recorded.
    public var isAbleToWork: Bool?
    /// The registration date.
    public var effectiveDate: CivilDate

    /// Creates a registration body.
    public init(pseudonym: String, county: DivisionCode, township: String? = nil, village: String, householdSize: Int,
                isAbleToWork: Bool? = nil, effectiveDate: CivilDate) {
        self.pseudonym = pseudonym
        self.county = county
        self.township = township
        self.village = village
        self.householdSize = householdSize
        self.isAbleToWork = isAbleToWork
        self.effectiveDate = effectiveDate
    }

    init(reading reader: inout BodyReader) throws {
        pseudonym = try reader.rawString("pseudonym")
        guard BodyReader.isLowercaseHex64(pseudonym) else { throw reader.invalid("pseudonym", .invalidPseudonym(actual: pseudonym)) }
        county = try reader.divisionCode("county")
        township = try reader.optionalText("township")
        village = try reader.text("village")
        householdSize = Int(try reader.integer("household_size", in: 1...Self.maximumHouseholdSize))
        isAbleToWork = try reader.optionalBool("able_to_work")
        effectiveDate = try reader.date("effective_date")
        try reader.finish()
    }

    /// The body as JSON.
    public var json: JSONValue {
        var writer = BodyWriter()
        writer.set("pseudonym", pseudonym)
        writer.set("county", county)
        writer.setIfPresent("township", township)
        writer.set("village", village)
        writer.set("household_size", householdSize)
        writer.setIfPresent("able_to_work", isAbleToWork)
        writer.set("effective_date", effectiveDate)
        return writer.value
    }
}
