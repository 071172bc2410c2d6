// PeriodTotals: the money each month moved, by unit and nationwide, kept up to date entry by entry
// so that a `period.close` is checked without a second pass over the journal.
//
// docs/EVENTS.md `period.close` defines the totals; what must never change without a format note:
//   - an entry counts in the month of its own `effective_date` (China Standard Time calendar date);
//   - an `entry.reverse` that takes effect subtracts its target's amounts, with the target's unit,
//     in the month of the *reversal's* `effective_date` (a correction is booked when it is made, so
//     a closed period's figures never change afterwards);
//   - per unit: `allocated_fen` = allocations whose `to_unit` is the unit, `integrated_fen` and
//     `disbursed_fen` = entries whose `county` is the unit, `returned_fen` = returns whose `from_unit`
//     is the unit; exact code match, no roll-up of counties into their prefecture or province;
//   - nationwide (no `unit`): `allocated_fen` counts only allocations that issue money (the sending
//     unit's level equals the fund's `source_level`, the balances report's "allocated"), the other
//     three count every entry.
// Memory: one bucket per (month, unit) that saw money move, never per entry.

/// Per-month money totals of the entries applied so far.
public struct PeriodTotals: Sendable, Codable {
    /// The names of the totals a closing records, in canonical order.
    public static let totalNames = ["allocated_fen", "disbursed_fen", "integrated_fen", "returned_fen"]

    /// The four amounts of one bucket.
    struct Amounts: Sendable, Codable {
        var allocated = Fen.zero
        var integrated = Fen.zero
        var disbursed = Fen.zero
        var returned = Fen.zero

        static func + (lhs: Amounts, rhs: Amounts) -> Amounts {
            Amounts(allocated: lhs.allocated + rhs.allocated, integrated: lhs.integrated + rhs.integrated,
                    disbursed: lhs.disbursed + rhs.disbursed, returned: lhs.returned + rhs.returned)
        }
    }

    /// A month (`year * 12 + month - 1`) and a unit (`nil`: the nationwide bucket).
    struct BucketKey: Hashable, Sendable, Codable {
        var monthIndex: Int32
        var unit: DivisionCode?
    }

    @SnapshotSection private(set) var buckets: [BucketKey: Amounts] = [:]

    /// No entries yet.
    public init() {}

    static func monthIndex(year: Int, month: Int) -> Int32 { Int32(year * 12 + month - 1) }

    static func monthIndex(of date: CivilDate) -> Int32 {
        let (year, month, _) = date.components
        return monthIndex(year: year, month: month)
    }

    /// Records the entry's effect. Call it before `projection` applies the entry: a reversal counts
    /// only when the projection will undo its `target` (the entry it names, read back from the
    /// journal: same id, earlier sequence, not yet reversed, counted by the projection's filters).
    public mutating func record(_ event: FundEvent, _ context: EntryContext, reversing target: ReversalTarget?,
                                before projection: FundProjection) {
        switch event {
        case .reverse(let reversal):
            guard reversal.reversedSequence < context.sequence, let target,
                  target.context.sequence == reversal.reversedSequence, target.context.id == reversal.reversedID,
                  projection.reversingSequence(of: reversal.reversedSequence) == nil,
                  let reversed = target.event,
                  projection.isIncluded(target.context, effectiveDate: reversed.effectiveDate) else { return }
            add(reversed, monthIndex: Self.monthIndex(of: reversal.effectiveDate), sign: -1)
        default:
            add(event, monthIndex: Self.monthIndex(of: event.effectiveDate), sign: 1)
        }
    }

    private mutating func add(_ event: FundEvent, monthIndex: Int32, sign: Int64) {
        func signed(_ amount: Fen) -> Fen { sign < 0 ? Fen.zero - amount : amount }
        func update(_ unit: DivisionCode?, _ body: (inout Amounts) -> Void) {
            body(&buckets[BucketKey(monthIndex: monthIndex, unit: unit), default: Amounts()])
        }
        switch event {
        case .allocate(let allocation):
            let amount = signed(allocation.amount)
            update(allocation.toUnit) { $0.allocated += amount }
            // An allocation issues money where the sending unit's level is the fund's source level.
            if allocation.fromUnit.level == allocation.fund.sourceLevel {
                update(nil) { $0.allocated += amount }
            }
        case .integrate(let integration):
            let amount = signed(integration.amount)
            update(integration.county) { $0.integrated += amount }
            update(nil) { $0.integrated += amount }
        case .disburse(let payment):
            let amount = signed(payment.amount)
            update(payment.county) { $0.disbursed += amount }
            update(nil) { $0.disbursed += amount }
        case .returnFunds(let fundReturn):
            let amount = signed(fundReturn.amount)
            update(fundReturn.fromUnit) { $0.returned += amount }
            update(nil) { $0.returned += amount }
        case .registerProject, .milestone, .registerBeneficiary, .exitBeneficiary, .reverse, .setPolicy, .disposeFlag, .closePeriod:
            break
        }
    }

    /// The totals of `period` for `unit` (nationwide when `nil`), by name (`totalNames`), in fen.
    public func totals(of period: FiscalPeriod, unit: DivisionCode?) -> [String: Int64] {
        let months = period.month.map { [$0] } ?? Array(1...12)
        var sum = Amounts()
        for month in months {
            if let amounts = buckets[BucketKey(monthIndex: Self.monthIndex(year: period.year, month: month), unit: unit)] {
                sum = sum + amounts
            }
        }
        return ["allocated_fen": sum.allocated.rawValue, "integrated_fen": sum.integrated.rawValue,
                "disbursed_fen": sum.disbursed.rawValue, "returned_fen": sum.returned.rawValue]
    }
}

// The snapshot form (`JOURNAL.state`), by hand: per bucket its month index, unit (optional) and four
// amounts. Bump `FlaggingValidator.snapshotFormatVersion` with any change here.
extension PeriodTotals: SnapshotSpecialCoding {
    package func snapshotEncode(to sink: SnapshotByteSink) throws {
        // One section (`SnapshotSection`): a delta copies it when an append changed no bucket.
        try _buckets.snapshotEncode(to: sink) { buckets in
            sink.writeDictionary(buckets) { key, amounts in
                sink.writeSigned(Int64(key.monthIndex))
                sink.writeOptional(key.unit, sink.writeDivisionCode)
                for amount in [amounts.allocated, amounts.integrated, amounts.disbursed, amounts.returned] { sink.writeFen(amount) }
            }
        }
    }

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> PeriodTotals {
        var totals = PeriodTotals()
        totals._buckets = try .snapshotDecode(from: source, empty: [:]) { source in
            try source.readDictionary {
                let key = BucketKey(monthIndex: try source.narrow(try source.readSigned(), Int32.self),
                                    unit: try source.readOptional(source.readDivisionCode))
                return (key, Amounts(allocated: try source.readFen(), integrated: try source.readFen(),
                                     disbursed: try source.readFen(), returned: try source.readFen()))
            }
        }
        return totals
    }
}
