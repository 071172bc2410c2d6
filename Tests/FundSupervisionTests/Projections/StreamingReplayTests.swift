// The two-pass streaming replay (memory without per-entry records) equals the single-pass
// projection: same figures, same counts, same late entries, byte-identical reports.
import Testing
import LedgerJournal
@testable import FundSupervision

@Suite("Streaming replay")
struct StreamingReplayTests {
    static func entries(_ lines: [JournalLine]) -> [JournalEntry] {
        lines.map { line in
            // Midnight UTC is 08:00 in China Standard Time, the same calendar day.
            JournalEntry(sequence: line.context.sequence, previousHash: .zero,
                         time: Timestamp(secondsSinceEpoch: Int64(line.context.recordedDate.dayNumber) * 86_400),
                         kind: line.kind, id: line.context.id, scope: line.context.scope?.description, body: line.event.body,
                         signerKeyID: "")
        }
    }

    static func compare(_ lines: [JournalLine], asOf: CivilDate? = nil, untilSequence: Int? = nil, _ note: String) throws {
        let entries = Self.entries(lines)
        var single = FundProjection(asOf: asOf, untilSequence: untilSequence)
        for entry in entries { #expect(single.apply(entry) == nil, "\(note)") }
        let (streamed, skipped) = try StreamingReplay.projection(asOf: asOf, untilSequence: untilSequence) { body in
            for entry in entries { try body(entry) }
        }
        #expect(skipped == 0, "\(note)")
        #expect(streamed.figures == single.figures, "\(note)")
        #expect(streamed.appliedEntryCount == single.appliedEntryCount, "\(note)")
        #expect(streamed.lateEntries == single.lateEntries, "\(note)")
        #expect(streamed.recordedEntries.isEmpty, "\(note)")
        for format in ReportFormat.allCases {
            #expect(Report.balances(streamed).rendered(as: format, language: .chinese) == Report.balances(single).rendered(as: format, language: .chinese), "\(note) \(format)")
            #expect(Report.counties(streamed).rendered(as: format, language: .english) == Report.counties(single).rendered(as: format, language: .english), "\(note) \(format)")
        }
    }

    @Test("the hand-built journal, whole, as of mid-year and until seq 15")
    func handBuilt() throws {
        try Self.compare(HandBuiltJournal.lines, "hand-built")
        try Self.compare(HandBuiltJournal.lines, asOf: CivilDate(parsing: "2018-06-30"), "hand-built as of 2018-06-30")
        try Self.compare(HandBuiltJournal.lines, untilSequence: 15, "hand-built until 15")
    }

    @Test("random journals with reversals, with and without filters", arguments: ProjectionPropertyTests.seeds.prefix(6))
    func random(seed: UInt64) throws {
        let lines = ProjectionPropertyTests.journal(seed: seed)
        try Self.compare(lines, "seed \(seed)")
        try Self.compare(lines, asOf: CivilDate(parsing: "2018-07-01"), "seed \(seed) as of 2018-07-01")
        try Self.compare(lines, untilSequence: lines.count / 2, "seed \(seed) until half")
    }
}
