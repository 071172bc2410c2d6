// MonthlyDisbursementTotals: disbursements per calendar month for the HTML report's time chart.
//
// The projections total payments by year only; this accumulator runs beside `FundProjection` in
// the same replay, with the same filters (`--as-of` on the effective date, `--until-seq` on the
// sequence), and undoes a reversed payment in the month it was paid. Memory grows with the
// number of months, never with the number of entries.

/// Disbursed amounts per calendar month (by payment date), built during a replay.
public struct MonthlyDisbursementTotals: Sendable, Equatable {
    /// Only payments effective on or before this date count (`--as-of`), when set.
    public let asOf: CivilDate?
    /// Only entries with a smaller sequence count (`--until-seq`), when set.
    public let untilSequence: Int?
    /// Totals keyed by `year * 12 + month - 1`.
    private var totals: [MonthKey: Fen] = [:]
    /// The month of the last payment added: its key and its days (consecutive payments mostly fall in
    /// one month, whose key is then found without converting the date to a year and month).
    private var lastMonth = MonthSpan(key: MonthKey(value: 0), days: 0..<0)

    /// `year * 12 + month - 1`, hashed by mixing it with a dictionary's seed (`PrehashedString.mix`):
    /// an `Int` key would be hashed through a `Hasher` for every payment.
    private struct MonthKey: Hashable, Sendable {
        var value: Int

        func _rawHashValue(seed: Int) -> Int { PrehashedString.mix(value, seed: seed) }
    }

    /// A calendar month's key and the day numbers it spans.
    private struct MonthSpan: Sendable {
        var key: MonthKey
        var days: Range<Int32>
    }

    /// Creates empty totals with the report's filters.
    public init(asOf: CivilDate? = nil, untilSequence: Int? = nil) {
        self.asOf = asOf
        self.untilSequence = untilSequence
    }

    private func isIncluded(sequence: Int, effectiveDate: CivilDate) -> Bool {
        if let untilSequence, sequence >= untilSequence { return false }
        if let asOf, effectiveDate > asOf { return false }
        return true
    }

    private mutating func add(_ payment: FundDisbursement, sign: Int64) {
        let day = payment.effectiveDate.dayNumber
        if !lastMonth.days.contains(day) {
            let (year, month, dayOfMonth) = payment.effectiveDate.components
            let first = day - Int32(dayOfMonth - 1)
            let next = month == 12 ? CivilDate(year: year + 1, month: 1, day: 1) : CivilDate(year: year, month: month + 1, day: 1)
            lastMonth = MonthSpan(key: MonthKey(value: year * 12 + month - 1), days: first..<(next?.dayNumber ?? first + 1))
        }
        let amount = sign < 0 ? Fen.zero - payment.amount : payment.amount
        totals[lastMonth.key, default: .zero] += amount
    }

    /// Equal when the filters and the totals are (the remembered last month is not compared).
    public static func == (lhs: MonthlyDisbursementTotals, rhs: MonthlyDisbursementTotals) -> Bool {
        lhs.asOf == rhs.asOf && lhs.untilSequence == rhs.untilSequence && lhs.totals == rhs.totals
    }

    /// Applies one entry's event, in sequence order. For an `entry.reverse` that the projection
    /// applied, pass the event it reverses and its sequence (`SupervisionReplay` reads it back from
    /// the journal); a reversed payment is removed from its month when both it and the reversal
    /// pass the filters.
    public mutating func apply(_ event: FundEvent, sequence: Int, reversed: (event: FundEvent, sequence: Int)? = nil) {
        switch event {
        case .disburse(let payment):
            apply(payment: payment, sequence: sequence)
        case .reverse(let reversal):
            guard isIncluded(sequence: sequence, effectiveDate: reversal.effectiveDate),
                  let reversed, case .disburse(let payment) = reversed.event,
                  isIncluded(sequence: reversed.sequence, effectiveDate: payment.effectiveDate) else { return }
            add(payment, sign: -1)
        default:
            break
        }
    }

    /// `apply(_:sequence:reversed:)` for the event `.disburse(payment)` (replay matches the case once
    /// per entry).
    mutating func apply(payment: borrowing FundDisbursement, sequence: Int) {
        if isIncluded(sequence: sequence, effectiveDate: payment.effectiveDate) { add(payment, sign: 1) }
    }

    /// The months with payments (a net total other than zero), in chronological order.
    public var months: [HTMLReportInput.MonthlyAmount] {
        totals.keys.map(\.value).sorted().compactMap { key in
            guard let amount = totals[MonthKey(value: key)], amount != .zero else { return nil }
            return HTMLReportInput.MonthlyAmount(year: key / 12, month: key % 12 + 1, amount: amount)
        }
    }
}
