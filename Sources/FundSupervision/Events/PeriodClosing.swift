// period.close (月结/年结): the totals of a fiscal period and the digest of its report, signed.
// The rules engineer defines which totals are recorded and how `verify` recomputes them.
import LedgerJournal

/// The body of a `period.close` entry. Scope: `unit` when present, otherwise unscoped.
public struct PeriodClosing: Hashable, Sendable, Codable {
    /// Most totals in one entry.
    public static let maximumTotalCount = 256

    /// Month or year.
    public var periodKind: PeriodKind
    /// `YYYY-MM` for a month, `YYYY` for a year.
    public var period: String
    /// The unit whose books close, when not nationwide.
    public var unit: DivisionCode?
    /// The journal size the totals cover: entries with sequence < `untilSequence`.
    public var untilSequence: Int
    /// SHA-256 (64 lowercase hex) of the report bytes the totals come from.
    public var reportDigest: String
    /// Total name → amount in fen (may be negative, e.g. an overdrawn balance).
    public var totals: [String: Int64]
    /// The closing date.
    public var effectiveDate: CivilDate

    /// Creates a closing body.
    public init(periodKind: PeriodKind, period: String, unit: DivisionCode? = nil, untilSequence: Int,
                reportDigest: String, totals: [String: Int64], effectiveDate: CivilDate) {
        self.periodKind = periodKind
        self.period = period
        self.unit = unit
        self.untilSequence = untilSequence
        self.reportDigest = reportDigest
        self.totals = totals
        self.effectiveDate = effectiveDate
    }

    init(reading reader: inout BodyReader) throws {
        periodKind = try reader.enumeration("period_kind", as: PeriodKind.self)
        period = try reader.rawString("period")
        let isWellFormed: Bool
        switch periodKind {
        case .year: isWellFormed = CivilDate(parsing: period + "-01-01") != nil && period.utf8.count == 4
        case .month: isWellFormed = CivilDate(parsing: period + "-01") != nil && period.utf8.count == 7
        }
        guard isWellFormed else { throw reader.invalid("period", .invalidDate(actual: period)) }
        unit = try reader.optionalDivisionCode("unit")
        untilSequence = Int(try reader.integer("until_seq", in: 0...Int64(Int32.max)))
        reportDigest = try reader.rawString("report_digest")
        guard BodyReader.isLowercaseHex64(reportDigest) else { throw reader.invalid("report_digest", .invalidDigest(actual: reportDigest)) }
        let totalsReader = try reader.object("totals")
        guard totalsReader.members.count <= Self.maximumTotalCount else {
            throw reader.invalid("totals", .tooManyElements(count: totalsReader.members.count, maximumCount: Self.maximumTotalCount))
        }
        var totals: [String: Int64] = [:]
        for (name, value) in totalsReader.members.sorted(by: { $0.key < $1.key }) {
            try totalsReader.checkText(name, key: name, maximumByteCount: BodyReader.maximumShortTextByteCount)
            guard case .integer(let amount) = value else {
                throw SupervisionError.wrongType(entryID: reader.entryID, path: totalsReader.fieldPath(name), expected: .integer, actual: value.jsonType)
            }
            totals[name] = amount
        }
        self.totals = totals
        effectiveDate = try reader.date("effective_date")
        try reader.finish()
    }

    /// The body as JSON.
    public var json: JSONValue {
        var writer = BodyWriter()
        writer.set("period_kind", periodKind.rawValue)
        writer.set("period", period)
        writer.setIfPresent("unit", unit)
        writer.set("until_seq", untilSequence)
        writer.set("report_digest", reportDigest)
        writer.set("totals", .object(totals.mapValues { .integer($0) }))
        writer.set("effective_date", effectiveDate)
        return writer.value
    }
}
