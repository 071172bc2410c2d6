// BeneficiaryRegistration+CanonicalBody: replay's fast path for a `beneficiary.register` body, read
// straight from its canonical line (about one entry in twenty of a county journal; the two-pass path
// cost them about 30,000 instructions each, half again a payment's).
//
// The same contract as `FundDisbursement+CanonicalBody.swift`: the members are walked once, in
// canonical order, each value checked on its bytes with the strict parser's and `BodyReader`'s rules
// (`CanonicalMemberCursor`); on anything else (an unknown member, an escape, a value of another type,
// a household size out of range, a date that is no day) it answers nil and the caller decodes with
// the strict decoder, which then reports exactly as before. The differential tests
// (Tests/FundSupervisionTests/Events/CanonicalBodyDecodingTests.swift) hold it to that.
import LedgerJournal

extension BeneficiaryRegistration {
    /// The body's member names in canonical (sorted) order.
    static let canonicalMemberNames = CanonicalMemberNames([
        "able_to_work", "county", "effective_date", "household_size", "pseudonym", "township", "village",
    ])

    /// `init(reading:)` on the body whose `{` is at `bodyStart` in a line that no one validated yet
    /// (every byte is checked as it is read), with the offset just past the body's `}`; nil when the
    /// strict decoder must decide. The township and village come from `textCache`.
    static func decode(canonicalLine line: UnsafeRawBufferPointer, bodyStart: Int, textCache: DecodedTextCache)
        -> (registration: BeneficiaryRegistration, bodyEnd: Int)?
    {
        guard var body = CanonicalMemberCursor(line: line, objectStart: bodyStart) else { return nil }
        var isAbleToWork: Bool?
        var county: DivisionCode?
        var effectiveDate: CivilDate?
        var householdSize: Int64?
        var pseudonym: String?
        var township: String?
        var village: String?
        var nextName = 0
        let names = Self.canonicalMemberNames
        while let field = body.nextMember(in: names, from: &nextName) {
            switch field {
            case 0: guard let value = body.bool() else { return nil }; isAbleToWork = value
            case 1: guard let value = body.divisionCode(), value != .central else { return nil }; county = value
            case 2: guard let value = body.date(cachedIn: textCache) else { return nil }; effectiveDate = value
            case 3:
                guard let value = body.integer(), (1...Self.maximumHouseholdSize).contains(value) else { return nil }
                householdSize = value
            case 4:
                // `BodyReader.isLowercaseHex64`: 64 lowercase hex digits (unique to the household: not cached).
                guard let value = body.lowercaseHexString(digitCount: 64) else { return nil }
                pseudonym = String(decoding: value, as: UTF8.self)
            case 5: guard let value = body.text(cachedIn: textCache) else { return nil }; township = value.text
            default: guard let value = body.text(cachedIn: textCache) else { return nil }; village = value.text
            }
        }
        guard body.hasEnded, let county, let effectiveDate, let householdSize, let pseudonym, let village else { return nil }
        let registration = BeneficiaryRegistration(
            pseudonym: pseudonym, county: county, township: township, village: village, householdSize: Int(householdSize),
            isAbleToWork: isAbleToWork, effectiveDate: effectiveDate)
        return (registration, body.position)
    }
}
