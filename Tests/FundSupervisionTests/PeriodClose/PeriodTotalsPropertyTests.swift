// Properties of PeriodTotals over random valid journals of fiscal 2018 (seeded; the seed is in every
// message), checked against FundProjection, which computes the same money by other code:
// - the year's totals per county equal the county's received, integrated, disbursed and returned-out
//   amounts, and nationwide ones equal the funds' issued ("allocated"), integrated, disbursed and returned;
// - the twelve months' totals add up to the year's, for every unit and nationwide.
// Every reversal in these journals is dated in 2018, so booking it in its own month changes no year total.
import Testing
import LedgerTestSupport
@testable import FundSupervision

@Suite("Period totals properties")
struct PeriodTotalsPropertyTests {
    static let seeds: [UInt64] = Array(1...8).map { 0x0C10_5E00 + UInt64($0) }
    static let year = FiscalPeriod(year: 2018)!

    static func replay(seed: UInt64) -> (PeriodTotals, FundProjection, Int) {
        var journal = RandomJournal(seed: seed)
        journal.generate(count: 250)
        var totals = PeriodTotals()
        var projection = FundProjection()
        for line in journal.lines {
            let target = journal.lines.reversalTarget(of: line.event)
            totals.record(line.event, line.context, reversing: target, before: projection)
            projection.apply(line.event, line.context, reversing: target)
        }
        return (totals, projection, journal.lines.count)
    }

    @Test("a year's totals equal the projection's figures, per county and nationwide", arguments: seeds)
    func yearEqualsProjection(seed: UInt64) {
        let (totals, projection, count) = Self.replay(seed: seed)
        #expect(count > 200, "seed \(seed)")
        for county in RandomJournal.counties {
            let figures = projection.units[county] ?? CountyTotals()
            let expected: [String: Int64] = [
                "allocated_fen": figures.received.rawValue, "integrated_fen": figures.integrated.rawValue,
                "disbursed_fen": figures.disbursed.rawValue, "returned_fen": figures.returnedOut.rawValue,
            ]
            #expect(totals.totals(of: Self.year, unit: county) == expected, "seed \(seed) county \(county)")
        }
        let funds = projection.funds.values
        let nationwide: [String: Int64] = [
            "allocated_fen": funds.reduce(Fen.zero) { $0 + $1.allocated }.rawValue,
            "integrated_fen": funds.reduce(Fen.zero) { $0 + $1.integrated }.rawValue,
            "disbursed_fen": funds.reduce(Fen.zero) { $0 + $1.disbursed }.rawValue,
            "returned_fen": projection.units.values.reduce(Fen.zero) { $0 + $1.returnedOut }.rawValue,
        ]
        #expect(totals.totals(of: Self.year, unit: nil) == nationwide, "seed \(seed)")
        #expect(nationwide["disbursed_fen"]! > 0, "seed \(seed): a journal without payments tests little")
    }

    @Test("the twelve months add up to the year for every unit and nationwide", arguments: seeds)
    func monthsAddUpToYear(seed: UInt64) {
        let (totals, _, _) = Self.replay(seed: seed)
        let units: [DivisionCode?] = [nil, RandomJournal.province, RandomJournal.prefecture] + RandomJournal.counties.map { $0 }
        for unit in units {
            var sum: [String: Int64] = [:]
            for month in 1...12 {
                for (name, amount) in totals.totals(of: FiscalPeriod(year: 2018, month: month)!, unit: unit) {
                    sum[name, default: 0] += amount
                }
            }
            #expect(sum == totals.totals(of: Self.year, unit: unit), "seed \(seed) unit \(unit?.description ?? "nationwide")")
        }
    }
}
