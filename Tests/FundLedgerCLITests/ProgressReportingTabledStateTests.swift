// ProgressReportingValidator over a validator whose state has tables (the fund validator). Goal:
// `import` restores it from a tabled JOURNAL.state (and its delta) instead of replaying the whole
// journal (issue #8: every import replayed while the wrapper was only a `SnapshottableValidator`), and
// its progress count resumes at the journal's entry count. Method: a small tabled validator that
// records how it was restored, appended to through the wrapper twice with `JournalAppender`.
import LedgerCrypto
import LedgerJournal
import LedgerTestSupport
import Testing
@testable import fundledger

@Suite("import progress validator over tabled state")
struct ProgressReportingTabledStateTests {
    /// Counts the entries applied; its payload is the count, its table area one fixed block.
    struct TabledCountingValidator: TabledSnapshottableValidator {
        static let area = [UInt8](repeating: 7, count: 5_000)
        var appliedCount = 0
        var restoredFromTables = false
        var snapshotFormat: String { "test.tabled-counting/1" }
        mutating func validate(_ candidate: JournalEntry, earlierEntries: any JournalEntryLookup) throws {}
        mutating func apply(_ entry: JournalEntry, earlierEntries: any JournalEntryLookup) { appliedCount += 1 }
        func snapshot() throws -> [UInt8] { Array(String(appliedCount).utf8) }
        mutating func restore(fromSnapshot bytes: [UInt8]) throws {
            guard let count = Int(String(decoding: bytes, as: UTF8.self)) else { throw ProgressReportingValidator.SnapshotUnavailable() }
            appliedCount = count
        }
        func tabledSnapshot() throws -> (payload: [UInt8], tableArea: [UInt8]) { (try snapshot(), Self.area) }
        func deltaSnapshot() throws -> [UInt8]? { restoredFromTables ? try snapshot() : nil }
        mutating func restore(fromSnapshot bytes: [UInt8], tables: StateSnapshotTables) throws {
            try restore(fromSnapshot: bytes)
            guard try tables.read(0..<tables.byteCount) == Self.area else { throw ProgressReportingValidator.SnapshotUnavailable() }
            restoredFromTables = true
        }
    }

    private static func note(_ index: Int) -> EventDraft {
        EventDraft(id: "note-\(index)", kind: "note.add", scope: nil, body: .object(["n": .integer(Int64(index))]))
    }

    @Test("appending through it restores a tabled state and counts on from the journal's entries")
    func restoresTabledState() throws {
        let scratch = try TemporaryDirectory(prefix: "fundledger-progress")
        defer { scratch.remove() }
        let path = scratch.file("journal.jsonl")
        let authority = try Curve25519.Signing.PrivateKey(rawRepresentation: [UInt8](repeating: 1, count: 32))
        _ = try JournalAppender.create(path: path, origin: "fundledger.example.gov.cn/140431", authority: authority)
        var entryCount = 1
        for round in 0..<3 {
            var counts: [Int] = []
            let validator = ProgressReportingValidator(wrapping: TabledCountingValidator(), entriesBeforeAppend: entryCount,
                                                       applied: { counts.append($0) })
            let drafts = (0..<3).map { Self.note(round * 3 + $0) }
            let outcome = try JournalAppender.append(path: path, drafts: drafts, signer: authority, validator: validator)
            let wrapped = try #require((outcome.validator as? ProgressReportingValidator)?.wrapped as? TabledCountingValidator)
            #expect(wrapped.appliedCount == entryCount + 3, "round \(round)")
            if round == 0 {
                // No state yet: the journal is replayed, every entry counted.
                #expect(counts == Array(1...entryCount + 3))
            } else {
                #expect(wrapped.restoredFromTables, "round \(round): not restored from the tabled state")
                #expect(counts == Array(entryCount + 1...entryCount + 3), "round \(round): the journal was replayed")
            }
            entryCount += 3
        }
    }
}
