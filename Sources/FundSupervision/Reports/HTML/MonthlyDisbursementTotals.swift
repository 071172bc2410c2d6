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
    private var totals: [Int: Fen] = [:]

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
        let (year, month, _) = payment.effectiveDate.components
        let amount = sign < 0 ? Fen.zero - payment.amount : payment.amount
        totals[year * 12 + month - 1, default: .zero] += amount
    }

    /// Applies one entry's event, in sequence order. For an `entry.reverse` that the projection
    /// applied, pass the event it reverses and its sequence (`SupervisionReplay` reads it back from
    /// the journal); a reversed payment is removed from its month when both it and the reversal
    /// pass the filters.
    public mutating func apply(_ event: FundEvent, sequence: Int, reversed: (event: FundEvent, sequence: Int)? = nil) {
        switch event {
        case .disburse(let payment):
            if isIncluded(sequence: sequence, effectiveDate: payment.effectiveDate) { add(payment, sign: 1) }
        case .reverse(let reversal):
            guard isIncluded(sequence: sequence, effectiveDate: reversal.effectiveDate),
                  let reversed, case .disburse(let payment) = reversed.event,
                  isIncluded(sequence: reversed.sequence, effectiveDate: payment.effectiveDate) else { return }
            add(payment, sign: -1)
        default:
            break
        }
    }

    /// The months with payments (a net total other than zero), in chronological order.
    public var months: [HTMLReportInput.MonthlyAmount] {
        totals.keys.sorted().compactMap { key in
            guard let amount = totals[key], amount != .zero else { return nil }
            return HTMLReportInput.MonthlyAmount(year: key / 12, month: key % 12 + 1, amount: amount)
        }
    }
}
