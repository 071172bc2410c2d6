// fund.disburse (拨付): a payment out of a fund, for a project or a subsidy item, to one payee.
import LedgerJournal

/// The body of a `fund.disburse` entry.
///
/// Exactly one of `projectID` and `category` is present: a project payment takes the project's
/// category, a subsidy payment outside any project names its own. `labour` and `poorLabour`
/// split out the labour remuneration within the amount (以工代赈 ≥10%, 造林合作社 ≥45%).
public struct FundDisbursement: Hashable, Sendable, Codable {
    /// The paying unit (the envelope's scope); `fundID` must have been allocated to it.
    public var county: DivisionCode
    /// The fund paid from.
    public var fundID: String
    /// Whether the money comes out of the county's integrated pool (统筹整合资金) rather than
    /// directly from the fund; absent means `false`.
    public var isFromPool: Bool
    /// The project paid for, when the payment belongs to one.
    public var projectID: String?
    /// The category of a payment outside any project.
    public var category: String?
    /// The subsidy item (补助项目), e.g. 养殖奖补, when recorded.
    public var item: String?
    /// Who is paid.
    public var payee: Payee
    /// The amount paid.
    public var amount: Fen
    /// The payment voucher number (凭证号).
    public var voucher: String
    /// The quantity the payment is for, where a standard applies.
    public var quantity: Quantity?
    /// The first day of the period the payment covers.
    public var periodStart: CivilDate?
    /// The last day of the period the payment covers (inclusive).
    public var periodEnd: CivilDate?
    /// Labour remuneration within `amount` (劳务报酬), when relevant; ≤ amount.
    public var labour: Fen?
    /// Labour paid to registered poor households within `labour`; ≤ labour.
    public var poorLabour: Fen?
    /// The payment date.
    public var effectiveDate: CivilDate

    /// Creates a disbursement body.
    public init(county: DivisionCode, fundID: String, isFromPool: Bool = false, projectID: String? = nil,
                category: String? = nil, item: String? = nil, payee: Payee, amount: Fen, voucher: String,
                quantity: Quantity? = nil, periodStart: CivilDate? = nil, periodEnd: CivilDate? = nil,
                labour: Fen? = nil, poorLabour: Fen? = nil, effectiveDate: CivilDate) {
        self.county = county
        self.fundID = fundID
        self.isFromPool = isFromPool
        self.projectID = projectID
        self.category = category
        self.item = item
        self.payee = payee
        self.amount = amount
        self.voucher = voucher
        self.quantity = quantity
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.labour = labour
        self.poorLabour = poorLabour
        self.effectiveDate = effectiveDate
    }

    /// `pointer.initialize(to: FundDisbursement(...))` (all parts given), each stored property
    /// written in place: a value made by the initializer (written in the struct, not the memberwise
    /// one) was built in a local, copied whole where it was stored (a retain of each of its texts)
    /// and the local destroyed (a release of each), about 300 instructions per payment (measured).
    /// Every stored property must be written: debug builds check that the last one written ends the
    /// struct and that the value equals the initializer's.
    @inline(__always)
    static func initialize(
        _ pointer: UnsafeMutablePointer<FundDisbursement>, county: DivisionCode, fundID: consuming String, isFromPool: Bool,
        projectID: consuming String?, category: consuming String?, item: consuming String?, payee: consuming Payee,
        amount: Fen, voucher: consuming String, quantity: Quantity?, periodStart: CivilDate?, periodEnd: CivilDate?,
        labour: Fen?, poorLabour: Fen?, effectiveDate: CivilDate
    ) {
        pointer.pointer(to: \.county)!.initialize(to: county)
        pointer.pointer(to: \.fundID)!.initialize(to: fundID)
        pointer.pointer(to: \.isFromPool)!.initialize(to: isFromPool)
        pointer.pointer(to: \.projectID)!.initialize(to: projectID)
        pointer.pointer(to: \.category)!.initialize(to: category)
        pointer.pointer(to: \.item)!.initialize(to: item)
        pointer.pointer(to: \.payee)!.initialize(to: payee)
        pointer.pointer(to: \.amount)!.initialize(to: amount)
        pointer.pointer(to: \.voucher)!.initialize(to: voucher)
        pointer.pointer(to: \.quantity)!.initialize(to: quantity)
        pointer.pointer(to: \.periodStart)!.initialize(to: periodStart)
        pointer.pointer(to: \.periodEnd)!.initialize(to: periodEnd)
        pointer.pointer(to: \.labour)!.initialize(to: labour)
        pointer.pointer(to: \.poorLabour)!.initialize(to: poorLabour)
        pointer.pointer(to: \.effectiveDate)!.initialize(to: effectiveDate)
        assert(MemoryLayout<FundDisbursement>.size == Self.fieldsEndOffset, "every stored property is written")
        assert(pointer.pointee == FundDisbursement(
            county: pointer.pointee.county, fundID: pointer.pointee.fundID, isFromPool: pointer.pointee.isFromPool,
            projectID: pointer.pointee.projectID, category: pointer.pointee.category, item: pointer.pointee.item,
            payee: pointer.pointee.payee, amount: pointer.pointee.amount, voucher: pointer.pointee.voucher,
            quantity: pointer.pointee.quantity, periodStart: pointer.pointee.periodStart, periodEnd: pointer.pointee.periodEnd,
            labour: pointer.pointee.labour, poorLabour: pointer.pointee.poorLabour, effectiveDate: pointer.pointee.effectiveDate))
    }

    /// Where the last stored property written by `initialize` ends (the struct's size, when they are all of them).
    static var fieldsEndOffset: Int {
        MemoryLayout<FundDisbursement>.offset(of: \.effectiveDate)! + MemoryLayout<CivilDate>.size
    }

    init(reading reader: inout BodyReader) throws {
        county = try reader.divisionCode("county")
        fundID = try reader.text("fund_id")
        isFromPool = try reader.optionalBool("from_pool") ?? false
        projectID = try reader.optionalText("project_id")
        category = try reader.optionalText("category")
        item = try reader.optionalText("item")
        var payeeReader = try reader.object("payee")
        payee = try Payee(reading: &payeeReader)
        amount = try reader.amount("amount_fen")
        voucher = try reader.text("voucher")
        if var quantityReader = try reader.optionalObject("quantity") {
            quantity = try Quantity(reading: &quantityReader)
        }
        periodStart = try reader.optionalDate("period_start")
        periodEnd = try reader.optionalDate("period_end")
        labour = try reader.optionalAmount("labour_fen")
        poorLabour = try reader.optionalAmount("poor_labour_fen")
        effectiveDate = try reader.date("effective_date")
        try reader.finish()
        if projectID != nil, category != nil {
            throw reader.invalid("category", .conflictsWith(otherPath: reader.fieldPath("project_id")))
        }
        if projectID == nil, category == nil {
            throw SupervisionError.missingField(entryID: reader.entryID, path: reader.fieldPath("category"))
        }
        switch (periodStart, periodEnd) {
        case (nil, nil): break
        case (nil, _): throw SupervisionError.missingField(entryID: reader.entryID, path: reader.fieldPath("period_start"))
        case (_, nil): throw SupervisionError.missingField(entryID: reader.entryID, path: reader.fieldPath("period_end"))
        case (let start?, let end?):
            if end < start {
                throw reader.invalid("period_end", .earlierThan(actual: end.description, limit: start.description, limitPath: reader.fieldPath("period_start")))
            }
        }
        if let labour, labour > amount {
            throw reader.invalid("labour_fen", .exceeds(actual: labour.rawValue, limit: amount.rawValue, limitPath: reader.fieldPath("amount_fen")))
        }
        if let poorLabour {
            guard let labour else { throw SupervisionError.missingField(entryID: reader.entryID, path: reader.fieldPath("labour_fen")) }
            if poorLabour > labour {
                throw reader.invalid("poor_labour_fen", .exceeds(actual: poorLabour.rawValue, limit: labour.rawValue, limitPath: reader.fieldPath("labour_fen")))
            }
        }
    }

    /// The body as JSON.
    public var json: JSONValue {
        var writer = BodyWriter()
        writer.set("county", county)
        writer.set("fund_id", fundID)
        if isFromPool { writer.set("from_pool", true) }
        writer.setIfPresent("project_id", projectID)
        writer.setIfPresent("category", category)
        writer.setIfPresent("item", item)
        writer.set("payee", payee.json)
        writer.set("amount_fen", amount)
        writer.set("voucher", voucher)
        if let quantity { writer.set("quantity", quantity.json) }
        writer.setIfPresent("period_start", periodStart)
        writer.setIfPresent("period_end", periodEnd)
        writer.setIfPresent("labour_fen", labour)
        writer.setIfPresent("poor_labour_fen", poorLabour)
        writer.set("effective_date", effectiveDate)
        return writer.value
    }
}
