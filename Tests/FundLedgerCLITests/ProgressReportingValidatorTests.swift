// ProgressReportingValidator (import's progress). Goal: it is snapshottable exactly when what it
// wraps is, so `import` restores the validator from JOURNAL.state instead of replaying the journal
// (issue #8), and its count still ends at the journal's entries plus the new ones. Method: a small
// snapshottable validator that records what it is given.
import LedgerJournal
import Testing
@testable import fundledger

@Suite("import progress validator")
struct ProgressReportingValidatorTests {
    /// Counts the entries applied; its snapshot is that count.
    struct CountingValidator: SnapshottableValidator {
        var appliedSequences: [Int] = []
        var snapshotFormat: String { "counting/1" }
        mutating func validate(_ candidate: JournalEntry, earlierEntries: any JournalEntryLookup) throws {}
        mutating func apply(_ entry: JournalEntry, earlierEntries: any JournalEntryLookup) {
            appliedSequences.append(entry.sequence)
        }
        func snapshot() throws -> [UInt8] { [UInt8(appliedSequences.count)] }
        mutating func restore(fromSnapshot bytes: [UInt8]) throws {
            appliedSequences = Array(0..<Int(bytes[0]))
        }
    }

    /// Earlier entries are never read by the counting validator.
    struct NoEntries: JournalEntryLookup {
        func entry(atSequence sequence: Int) throws -> JournalEntry? { nil }
    }

    static func entry(_ sequence: Int) -> JournalEntry {
        JournalEntry(sequence: sequence, previousHash: .zero, time: Timestamp(secondsSinceEpoch: 0), kind: "note.add",
                     id: "e\(sequence)", scope: nil, body: .object([:]), signerKeyID: "0011223344556677")
    }

    @Test("restored from a snapshot, it counts on from the journal's entries and only the new entries")
    func restoredCountResumes() throws {
        var counts: [Int] = []
        var validator = ProgressReportingValidator(wrapping: CountingValidator(), entriesBeforeAppend: 10,
                                                   applied: { counts.append($0) })
        #expect(validator.snapshotFormat == "counting/1")
        try validator.restore(fromSnapshot: [7])
        // Entries 7...9 lie between the stored state and the head: applied, not validated, not counted.
        for sequence in 7..<10 { validator.apply(Self.entry(sequence), earlierEntries: NoEntries()) }
        for sequence in 10..<13 {
            try validator.validate(Self.entry(sequence), earlierEntries: NoEntries())
            validator.apply(Self.entry(sequence), earlierEntries: NoEntries())
        }
        #expect(counts == [11, 12, 13])
        let wrapped = try #require(validator.wrapped as? CountingValidator)
        #expect(wrapped.appliedSequences == Array(0..<13))
        #expect(try validator.snapshot() == [13])
    }

    @Test("replaying the journal, it counts every entry applied")
    func replayCountsEveryEntry() throws {
        var counts: [Int] = []
        var validator = ProgressReportingValidator(wrapping: CountingValidator(), entriesBeforeAppend: 2,
                                                   applied: { counts.append($0) })
        validator.apply(Self.entry(0), earlierEntries: NoEntries())
        validator.apply(Self.entry(1), earlierEntries: NoEntries())
        try validator.validate(Self.entry(2), earlierEntries: NoEntries())
        validator.apply(Self.entry(2), earlierEntries: NoEntries())
        #expect(counts == [1, 2, 3])
    }

    /// A validator without snapshots.
    struct PlainValidator: JournalEventValidator {
        mutating func validate(_ candidate: JournalEntry, earlierEntries: any JournalEntryLookup) throws {}
        mutating func apply(_ entry: JournalEntry, earlierEntries: any JournalEntryLookup) {}
    }

    @Test("wrapping a validator without snapshots, it has no format and refuses to snapshot or restore")
    func plainValidatorHasNoSnapshot() {
        var validator = ProgressReportingValidator(wrapping: PlainValidator(), applied: { _ in })
        #expect(validator.snapshotFormat.isEmpty)
        #expect(throws: ProgressReportingValidator.SnapshotUnavailable.self) { try validator.snapshot() }
        #expect(throws: ProgressReportingValidator.SnapshotUnavailable.self) { try validator.restore(fromSnapshot: [1]) }
    }
}
