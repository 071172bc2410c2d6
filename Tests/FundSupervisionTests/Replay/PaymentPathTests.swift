// Replay's path for payments: `SupervisionReplay` matches a payment's case once and lends the payment
// to the projection (`FundProjection.apply(payment:_:paymentKeys:)`), the monthly totals
// (`MonthlyDisbursementTotals.apply(payment:sequence:)`) and the rules (`RuleEngine.process(payment:of:)`)
// instead of passing the event through their general entry points.
// Goal: the path changes nothing: entry by entry the same flags, and at the end the same projection
// (its snapshot bytes: balances, payee-years, late entries, counts), monthly totals and rule state
// (snapshot bytes) as the general entry points give, with and without the as-of and sequence filters.
// Method: the synthetic journal (3,000 entries with planted anomalies) and the demo journal, each line
// prepared as replay does; the reference applies the same decoded events through the general entry
// points, as replay did before the payment path (reversal targets looked up the same way).
import Foundation
import LedgerJournal
import LedgerTestSupport
import Testing
@testable import FundSupervision

@Suite("Payment path")
struct PaymentPathTests {
    /// The general entry points, fed as `SupervisionReplay.apply` fed them before payments had a path.
    struct Reference {
        var projection: FundProjection
        var monthly: MonthlyDisbursementTotals
        var engine = RuleEngine()
        let asOf: CivilDate?
        let untilSequence: Int?

        init(asOf: CivilDate?, untilSequence: Int?) {
            self.asOf = asOf
            self.untilSequence = untilSequence
            projection = FundProjection(asOf: asOf, untilSequence: untilSequence)
            monthly = MonthlyDisbursementTotals(asOf: asOf, untilSequence: untilSequence)
        }

        mutating func apply(_ event: RuleEvent, _ context: EntryContext, earlier: any JournalEntryLookup) -> [AnomalyFlag] {
            if let untilSequence, context.sequence >= untilSequence { return [] }
            var target: ReversalTarget?
            if case .reverse = event.event { target = try? ReversalTarget.of(event.event, in: earlier) }
            projection.apply(event.event, context, reversing: target, paymentKeys: event.paymentKeys)
            if case .reverse(let reversal) = event.event, let target, let reversed = target.event,
               projection.reversingSequence(of: reversal.reversedSequence) == context.sequence {
                monthly.apply(event.event, sequence: context.sequence, reversed: (reversed, target.context.sequence))
            } else {
                monthly.apply(event.event, sequence: context.sequence)
            }
            if let asOf, event.effectiveDate > asOf { return [] }
            var processedTarget = target?.ruleEvent
            if let asOf, let candidate = processedTarget, candidate.effectiveDate > asOf { processedTarget = nil }
            return engine.process(event, reversing: processedTarget)
        }
    }

    /// Whether two projections hold the same registers and counts (their snapshot bytes follow each
    /// dictionary's iteration order, which differs between two dictionaries of the same entries).
    static func areEqual(_ lhs: FundProjection, _ rhs: FundProjection) -> Bool {
        lhs.funds == rhs.funds && lhs.projects == rhs.projects && lhs.units == rhs.units
            && lhs.payeeYears == rhs.payeeYears && lhs.beneficiaries == rhs.beneficiaries
            && lhs.lateEntries == rhs.lateEntries && lhs.appliedEntryCount == rhs.appliedEntryCount
            && lhs.lastSequence == rhs.lastSequence && lhs.reversingSequences == rhs.reversingSequences
    }

    @Test("payments lent to the projection, monthly totals and rules change them as the general entry points do",
          arguments: [(nil, nil), (6, nil), (nil, 1_700), (11, 2_500)] as [(Int?, Int?)])
    func paymentPathMatchesGeneralEntryPoints(asOfMonth: Int?, untilSequence: Int?) throws {
        let scratch = try TemporaryDirectory(prefix: "fundledger-paymentpath")
        defer { scratch.remove() }
        // The synthetic journal starts in 2018, about half its entries in that year.
        let asOf = asOfMonth.map { CivilDate(year: SyntheticEventSource.firstYear, month: $0, day: 28)! }
        var payments = 0
        var flagged = 0
        var filteredOut = 0
        var lateEntries = 0
        for path in try PaymentKeysTests.journals(in: scratch) {
            let lines = try PaymentKeysTests.lines(ofJournalAt: path)
            let entries = try lines.map { line in try line.withUnsafeBytes { try JournalEntry(canonicalLine: $0) } }
            var replay = SupervisionReplay(asOf: asOf, untilSequence: untilSequence)
            var reference = Reference(asOf: asOf, untilSequence: untilSequence)
            let slot = UnsafeMutablePointer<SupervisionReplay.PreparedEntry>.allocate(capacity: 1)
            defer { slot.deallocate() }
            for (index, line) in lines.enumerated() {
                line.withUnsafeBytes { SupervisionReplay.PreparedEntry.prepare($0, into: slot) }
                defer { slot.deinitialize(count: 1) }
                let earlier = EarlierEntries(entries, count: index)
                let prepared = slot.pointee
                let flags = replay.apply(preparedAt: slot, lookingUpIn: { earlier })
                if let untilSequence, index >= untilSequence {
                    #expect(flags.isEmpty)
                    continue
                }
                guard let event = prepared.ruleEvent, let context = prepared.context else {
                    _ = reference.projection.apply(prepared.entry, earlierEntries: earlier)
                    continue
                }
                if case .disburse(let payment) = event.event {
                    payments += 1
                    if let asOf, payment.effectiveDate > asOf { filteredOut += 1 }
                }
                #expect(flags == reference.apply(event, context, earlier: earlier), "\(path) seq \(index)")
                flagged += flags.count
            }
            #expect(Self.areEqual(replay.projection, reference.projection), "\(path)")
            lateEntries += replay.projection.lateEntries.count
            #expect(replay.projection.figures == reference.projection.figures, "\(path)")
            #expect(replay.monthlyDisbursements == reference.monthly, "\(path)")
            #expect(replay.flagRecords() == reference.engine.records(asOf: asOf), "\(path)")
            // Deadlines judged long after the last entry read the rules' pending state too.
            let later = CivilDate(year: 2100, month: 1, day: 1)!
            #expect(replay.engine.records(asOf: later) == reference.engine.records(asOf: later), "\(path)")
        }
        // Payments were applied and flagged (the comparison is not of empty lists), and an as-of date
        // left some out.
        #expect(payments > 1_000)
        #expect(lateEntries > 0, "no late entry compared")
        #expect(flagged > 0)
        if asOf != nil { #expect(filteredOut > 0) }
    }
}
