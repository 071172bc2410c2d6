// Properties of the projection over random valid journals (seeded; the seed is in every message):
// - incremental replay equals an independent oracle that first drops reversed entries and then sums;
// - `asOf: D` equals replaying only the entries effective on or before D;
// - `untilSequence: N` equals replaying the first N entries;
// - appending an entry and then its reversal restores every figure.
import Testing
import LedgerTestSupport
@testable import FundSupervision

@Suite("Projection properties")
struct ProjectionPropertyTests {
    static let seeds: [UInt64] = Array(1...12).map { 0xF00D_0000 + UInt64($0) }

    static func journal(seed: UInt64, count: Int = 250) -> [JournalLine] {
        var journal = RandomJournal(seed: seed)
        journal.generate(count: count)
        return journal.lines
    }

    /// The oracle: collect reversed sequences first, then replay only the surviving entries (with
    /// every fund descriptor known, as a reversed allocation still names its fund).
    static func oracle(_ lines: [JournalLine]) -> FundProjection {
        var reversed = Set<Int>()
        for line in lines { if case .reverse(let reversal) = line.event { reversed.insert(reversal.reversedSequence) } }
        var projection = FundProjection()
        for line in lines { if case .allocate(let allocation) = line.event { projection.noteFund(allocation.fund) } }
        for line in lines where !reversed.contains(line.context.sequence) {
            if case .reverse = line.event { continue }
            projection.apply(line.event, line.context)
        }
        return projection
    }

    @Test("incremental replay with reversals equals replaying only the surviving entries", arguments: seeds)
    func incrementalEqualsOracle(seed: UInt64) {
        let lines = Self.journal(seed: seed)
        #expect(lines.count > 200, "seed \(seed)")
        let projection = HandBuiltJournal.replay(lines)
        let oracle = Self.oracle(lines)
        let (actual, expected) = (projection.figures, oracle.figures)
        #expect(actual == expected, "seed \(seed): \(actual.filter { expected[$0.key] != $0.value }.sorted { $0.key < $1.key }.prefix(5))")
        #expect(projection.invariantViolation() == nil, "seed \(seed)")
    }

    @Test("as-of a date equals replaying the entries effective by then", arguments: seeds)
    func asOfEqualsFilteredReplay(seed: UInt64) {
        let lines = Self.journal(seed: seed)
        var generator = SeededRandomNumberGenerator(seed: seed)
        for _ in 0..<4 {
            let cutoff = CivilDate(parsing: "2018-01-01")!.adding(days: Int.random(in: 0...364, using: &generator))
            // Funds are known from their first allocation's entry on, whatever its effective date.
            var filtered = FundProjection()
            for line in lines { if case .allocate(let allocation) = line.event { filtered.noteFund(allocation.fund) } }
            for line in lines where line.event.effectiveDate <= cutoff {
                filtered.apply(line.event, line.context, reversing: lines.reversalTarget(of: line.event))
            }
            let asOf = HandBuiltJournal.replay(lines, asOf: cutoff)
            #expect(asOf.figures == filtered.figures, "seed \(seed), as of \(cutoff)")
            #expect(asOf.invariantViolation() == nil, "seed \(seed), as of \(cutoff)")
        }
    }

    @Test("until-seq N equals replaying the first N entries", arguments: seeds)
    func untilSequenceEqualsPrefix(seed: UInt64) {
        let lines = Self.journal(seed: seed)
        for size in [0, 1, lines.count / 3, lines.count / 2, lines.count] {
            #expect(HandBuiltJournal.replay(lines, untilSequence: size).figures == HandBuiltJournal.replay(Array(lines.prefix(size))).figures,
                    "seed \(seed), size \(size)")
        }
    }

    @Test("appending an entry and its reversal restores every figure", arguments: seeds)
    func reversalRestores(seed: UInt64) throws {
        let lines = Self.journal(seed: seed)
        let base = HandBuiltJournal.replay(lines)
        // Use the next random candidates as the entries to add and reverse.
        var extra = RandomJournal(seed: seed ^ 0xABCD)
        extra.state = base
        extra.lines = lines
        var checked = 0
        for _ in 0..<60 where checked < 15 {
            guard let (event, scope) = extra.candidate(), event.kind.isReversible else { continue }
            var projection = base
            let added = EntryContext(sequence: lines.count, id: "added", scope: scope, recordedDate: event.effectiveDate)
            guard (try? projection.check(event, added)) != nil else { continue }
            projection.apply(event, added)
            let reversal = FundEvent.reverse(EntryReversal(reversedSequence: lines.count, reversedID: "added", reason: "冲正",
                                                           effectiveDate: event.effectiveDate))
            let reversing = EntryContext(sequence: lines.count + 1, id: "reversal", scope: scope, recordedDate: event.effectiveDate)
            let target = ReversalTarget(context: added, kind: event.kind.rawValue, event: event)
            try projection.check(reversal, reversing, reversing: target)
            projection.apply(reversal, reversing, reversing: target)
            #expect(projection.figures == base.figures, "seed \(seed), \(event.kind.rawValue)")
            checked += 1
        }
        #expect(checked > 5, "seed \(seed)")
    }
}
