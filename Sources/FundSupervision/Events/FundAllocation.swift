// fund.allocate (资金下达): money moving down the administrative chain, one unit to the next.
import LedgerJournal

/// The body of a `fund.allocate` entry: `from_unit` passes `amount` of `fund` to `to_unit`.
///
/// `from_unit` may be `000000` (central). `from_unit == to_unit` records a unit's own budget
/// appropriation (本级安排). The envelope's scope is `from_unit` (unscoped when central): the
/// allocating unit records what it sent.
public struct FundAllocation: Hashable, Sendable, Codable {
    /// The allocating unit (`000000` for central).
    public var fromUnit: DivisionCode
    /// The receiving unit.
    public var toUnit: DivisionCode
    /// The fund allocated.
    public var fund: FundDescriptor
    /// The fiscal year the money belongs to (= calendar year).
    public var fiscalYear: Int
    /// The allocating document's number (文号), e.g. 黔府办发〔2018〕1号.
    public var documentNumber: String
    /// The amount allocated.
    public var amount: Fen
    /// The final recipient a higher level earmarked this amount for (指定最终接收单位), inside `toUnit`.
    public var designatedRecipient: DivisionCode?
    /// Project categories the money may be spent on.
    public var purposes: [String]
    /// The date by which `toUnit` must forward the money (转拨期限).
    public var forwardBy: CivilDate?
    /// The date by which the money must be put to use (使用期限).
    public var useBy: CivilDate?
    /// The effective date of the allocation.
    public var effectiveDate: CivilDate

    /// Creates an allocation body.
    public init(fromUnit: DivisionCode, toUnit: DivisionCode, fund: FundDescriptor, fiscalYear: Int,
                documentNumber: String, amount: Fen, designatedRecipient: DivisionCode? = nil,
                purposes: [String], forwardBy: CivilDate? = nil, useBy: CivilDate? = nil,
                effectiveDate: CivilDate) {
        self.fromUnit = fromUnit
        self.toUnit = toUnit
        self.fund = fund
        self.fiscalYear = fiscalYear
        self.documentNumber = documentNumber
        self.amount = amount
        self.designatedRecipient = designatedRecipient
        self.purposes = purposes
        self.forwardBy = forwardBy
        self.useBy = useBy
        self.effectiveDate = effectiveDate
    }

    init(reading reader: inout BodyReader) throws {
        fromUnit = try reader.divisionCode("from_unit", allowsCentral: true)
        toUnit = try reader.divisionCode("to_unit")
        var fundReader = try reader.object("fund")
        fund = try FundDescriptor(reading: &fundReader)
        fiscalYear = Int(try reader.integer("fiscal_year", in: Int64(CivilDate.minimumYear)...Int64(CivilDate.maximumYear)))
        documentNumber = try reader.text("document_number")
        amount = try reader.amount("amount_fen")
        designatedRecipient = try reader.optionalDivisionCode("designated_recipient")
        purposes = try reader.textList("purposes")
        forwardBy = try reader.optionalDate("forward_by")
        useBy = try reader.optionalDate("use_by")
        effectiveDate = try reader.date("effective_date")
        try reader.finish()
        if let designatedRecipient, !toUnit.contains(designatedRecipient) {
            throw reader.invalid("designated_recipient", .outsideUnit(actual: designatedRecipient.description, unitPath: reader.fieldPath("to_unit")))
        }
        if let forwardBy, forwardBy < effectiveDate {
            throw reader.invalid("forward_by", .earlierThan(actual: forwardBy.description, limit: effectiveDate.description, limitPath: reader.fieldPath("effective_date")))
        }
        if let useBy, useBy < effectiveDate {
            throw reader.invalid("use_by", .earlierThan(actual: useBy.description, limit: effectiveDate.description, limitPath: reader.fieldPath("effective_date")))
        }
    }

    /// The body as JSON, with the schema's member names.
    public var json: JSONValue {
        var writer = BodyWriter()
        writer.set("from_unit", fromUnit)
        writer.set("to_unit", toUnit)
        writer.set("fund", fund.json)
        writer.set("fiscal_year", fiscalYear)
        writer.set("document_number", documentNumber)
        writer.set("amount_fen", amount)
        writer.setIfPresent("designated_recipient", designatedRecipient)
        writer.set("purposes", purposes)
        writer.setIfPresent("forward_by", forwardBy)
        writer.setIfPresent("use_by", useBy)
        writer.set("effective_date", effectiveDate)
        return writer.value
    }
}
