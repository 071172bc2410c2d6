// fund.return (收回/缴回): a unit hands money of a fund back to another unit (usually the one above).
import LedgerJournal

/// The body of a `fund.return` entry; the scope is `from_unit`, which must hold the fund.
public struct FundReturn: Hashable, Sendable, Codable {
    /// The unit giving the money back.
    public var fromUnit: DivisionCode
    /// The unit receiving it (`000000` for the central treasury).
    public var toUnit: DivisionCode
    /// The fund.
    public var fundID: String
    /// The amount returned.
    public var amount: Fen
    /// Why (e.g. 项目取消, 结余缴回).
    public var reason: String
    /// The document ordering the return, when there is one.
    public var documentNumber: String?
    /// The effective date.
    public var effectiveDate: CivilDate

    /// Creates a return body.
    public init(fromUnit: DivisionCode, toUnit: DivisionCode, fundID: String, amount: Fen, reason: String,
                documentNumber: String? = nil, effectiveDate: CivilDate) {
        self.fromUnit = fromUnit
        self.toUnit = toUnit
        self.fundID = fundID
        self.amount = amount
        self.reason = reason
        self.documentNumber = documentNumber
        self.effectiveDate = effectiveDate
    }

    init(reading reader: inout BodyReader) throws {
        fromUnit = try reader.divisionCode("from_unit")
        toUnit = try reader.divisionCode("to_unit", allowsCentral: true)
        fundID = try reader.text("fund_id")
        amount = try reader.amount("amount_fen")
        reason = try reader.text("reason", maximumByteCount: BodyReader.maximumLongTextByteCount)
        documentNumber = try reader.optionalText("document_number")
        effectiveDate = try reader.date("effective_date")
        try reader.finish()
    }

    /// The body as JSON.
    public var json: JSONValue {
        var writer = BodyWriter()
        writer.set("from_unit", fromUnit)
        writer.set("to_unit", toUnit)
        writer.set("fund_id", fundID)
        writer.set("amount_fen", amount)
        writer.set("reason", reason)
        writer.setIfPresent("document_number", documentNumber)
        writer.set("effective_date", effectiveDate)
        return writer.value
    }
}
