// fund.integrate (统筹整合): a county pools allocated money into its integrated plan
// ("多个渠道引水、一个龙头放水", 002_48a3f09b502b8565.txt).
import LedgerJournal

/// The body of a `fund.integrate` entry: `county` moves `amount` of `fundID` into its pool.
public struct FundIntegration: Hashable, Sendable, Codable {
    /// The integrating county (the envelope's scope).
    public var county: DivisionCode
    /// The fund whose money is pooled; it must have been allocated to `county`.
    public var fundID: String
    /// The amount pooled.
    public var amount: Fen
    /// The fiscal year of the integrated plan.
    public var fiscalYear: Int
    /// The integration plan's document number (整合方案), when it has one.
    public var planDocument: String?
    /// The effective date.
    public var effectiveDate: CivilDate

    /// Creates an integration body.
    public init(county: DivisionCode, fundID: String, amount: Fen, fiscalYear: Int, planDocument: String? = nil,
                effectiveDate: CivilDate) {
        self.county = county
        self.fundID = fundID
        self.amount = amount
        self.fiscalYear = fiscalYear
        self.planDocument = planDocument
        self.effectiveDate = effectiveDate
    }

    init(reading reader: inout BodyReader) throws {
        county = try reader.divisionCode("county")
        fundID = try reader.text("fund_id")
        amount = try reader.amount("amount_fen")
        fiscalYear = Int(try reader.integer("fiscal_year", in: Int64(CivilDate.minimumYear)...Int64(CivilDate.maximumYear)))
        planDocument = try reader.optionalText("plan_document")
        effectiveDate = try reader.date("effective_date")
        try reader.finish()
    }

    /// The body as JSON.
    public var json: JSONValue {
        var writer = BodyWriter()
        writer.set("county", county)
        writer.set("fund_id", fundID)
        writer.set("amount_fen", amount)
        writer.set("fiscal_year", fiscalYear)
        writer.setIfPresent("plan_document", planDocument)
        writer.set("effective_date", effectiveDate)
        return writer.value
    }
}
