// Append-time refusals through the real journal: the hand-built journal is appended with
// SupervisionValidator; then each event that cannot be a fact is refused with its structured
// error, and the journal file stays byte-for-byte unchanged.
import Foundation
import Testing
import LedgerCrypto
import LedgerJournal
import LedgerTestSupport
@testable import FundSupervision

@Suite("Supervision validator on append")
struct SupervisionValidatorTests {
    struct Fixture {
        /// The journal's directory, removed when the last copy of the fixture goes away.
        let scratch: TemporaryDirectory
        let path: String
        let clerk: Curve25519.Signing.PrivateKey
        static let time = Timestamp(secondsSinceEpoch: 1_545_955_200) // 2018-12-28T00:00:00Z

        init() throws {
            scratch = try TemporaryDirectory(prefix: "fundledger-domain")
            path = scratch.file("journal.jsonl")
            let authority = try Curve25519.Signing.PrivateKey(rawRepresentation: [UInt8](repeating: 1, count: 32))
            clerk = try Curve25519.Signing.PrivateKey(rawRepresentation: [UInt8](repeating: 2, count: 32))
            _ = try JournalAppender.create(path: path, origin: "fundledger.example.gov.cn/140431", authority: authority, time: Self.time)
            let grant = EventDraft(id: "grant-clerk", kind: "key.grant", body: .object([
                "counties": ["all"], "name": "山西省财政厅（测试）",
                "public_key": .string(Hex.encode(clerk.publicKey.rawRepresentation)), "roles": ["all"]]))
            _ = try JournalAppender.append(path: path, drafts: [grant], signer: authority, now: Self.time)
            // The hand-built journal starts at seq 2 here (genesis and grant come first).
            let drafts = HandBuiltJournal.lines.map { line -> EventDraft in
                var event = line.event
                if case .reverse(var reversal) = event { reversal.reversedSequence += 2; event = .reverse(reversal) }
                return EventDraft(id: line.context.id, kind: line.kind, scope: line.context.scope?.description, body: event.body)
            }
            _ = try JournalAppender.append(path: path, drafts: drafts, signer: clerk, validator: SupervisionValidator(), now: Self.time)
        }

        var bytes: [UInt8] { Array(FileManager.default.contents(atPath: path) ?? Data()) }

        /// Appends one draft with the validator and returns the error it raised.
        func refusal(_ draft: EventDraft) -> (any Error)? {
            do {
                _ = try JournalAppender.append(path: path, drafts: [draft], signer: clerk, validator: SupervisionValidator(), now: Self.time)
                return nil
            } catch {
                return error
            }
        }
    }

    static func draft(_ kind: FundEventKind, _ body: JSONValue, scope: String? = "140431", id: String = "bad") -> EventDraft {
        EventDraft(id: id, kind: kind.rawValue, scope: scope, body: body)
    }

    static let cases: [(String, EventDraft, SupervisionError)] = [
        ("malformed body", draft(.fundDisburse, SampleBodies.replacing(SampleBodies.disburse, at: "amount_fen", with: 0)),
         .invalidValue(entryID: "bad", path: "body.amount_fen", problem: .notPositive(actual: 0))),
        ("non-integer amount", draft(.fundDisburse, SampleBodies.replacing(SampleBodies.disburse, at: "amount_fen", with: "12.50")),
         .wrongType(entryID: "bad", path: "body.amount_fen", expected: .integer, actual: .string)),
        ("fund never allocated to the county",
         draft(.fundDisburse, SampleBodies.replacing(SampleBodies.replacing(SampleBodies.disburse, at: "fund_id", with: "F2"), at: "county", with: "140429"), scope: "140429"),
         .fundNotAllocatedToUnit(entryID: "bad", fundID: "F2", unit: "140429")),
        ("milestone of an unknown project", draft(.projectMilestone, SampleBodies.replacing(SampleBodies.milestone, at: "project_id", with: "P9")),
         .unknownProject(entryID: "bad", projectID: "P9")),
        ("scope mismatch", draft(.fundIntegrate, SampleBodies.replacing(SampleBodies.integrate, at: "fund_id", with: "F1"), scope: "140429"),
         .scopeMismatch(entryID: "bad", expected: "140431", actual: "140429")),
        ("unknown division code", draft(.beneficiaryRegister, SampleBodies.replacing(SampleBodies.registerBeneficiary, at: "county", with: "140499"), scope: "140499"),
         .unknownDivision(entryID: "bad", path: "body.county", code: "140499")),
        ("reversal of an unknown entry", draft(.entryReverse, SampleBodies.reverse),
         .unknownEntry(entryID: "bad", reversedSequence: 7, reversedID: "qy-2018-0007")),
        ("unknown kind", EventDraft(id: "bad", kind: "fund.steal", scope: "140431", body: [:]),
         .unknownKind(entryID: "bad", kind: "fund.steal")),
    ]

    @Test("the hand-built journal appends through the validator and replays to the same figures")
    func appendsAndReplays() throws {
        let fixture = try Fixture()
        var projection = FundProjection()
        var failures: [SupervisionError] = []
        try JournalReader(path: fixture.path).forEachLine { line, _ in
            let entry = try JournalEntry(parsing: try CanonicalJSON.parseCanonical(line))
            if let error = projection.apply(entry, earlierEntries: JournalLineLookup(path: fixture.path)) { failures.append(error) }
        }
        #expect(failures.isEmpty)
        #expect(projection.funds["F1"]?.available == Fen(244_500_000))
        #expect(projection.units[HandBuiltJournal.qinyuan]?.available == Fen(103_200_000))
        // Recorded on 2018-12-28 (CST): every entry effective before 2018-11-28 is late, that is all
        // but the return of 2018-12-20 (seq 16 of the hand-built journal).
        #expect(projection.lateEntries.count == 17)
    }

    @Test("each refusal names its cause and leaves the file unchanged", arguments: 0..<cases.count)
    func refusal(index: Int) throws {
        let (name, draft, expected) = Self.cases[index]
        let fixture = try Fixture()
        let before = fixture.bytes
        let error = try #require(fixture.refusal(draft), "\(name) was accepted")
        guard let refusal = error as? AppendRefusal else {
            Issue.record("\(name): unexpected error \(error)"); return
        }
        #expect(refusal.id == "bad")
        #expect("\(refusal.underlying)" == "\(expected)", "\(name)")
        #expect(fixture.bytes == before, "\(name): file changed")
    }

    @Test("a violation that could be a fact is appended: paying far beyond the tranche plan")
    func violationIsRecorded() throws {
        let fixture = try Fixture()
        var body = SampleBodies.replacing(SampleBodies.disburse, at: "fund_id", with: "F1")
        body = SampleBodies.replacing(body, at: "project_id", with: "P1")
        // 600,000 yuan: P1 has 455,000 paid and 455,000 allowed; 沁源's F1 pool holds 45,000.
        let overpay = Self.draft(.fundDisburse, SampleBodies.replacing(body, at: "amount_fen", with: 60_000_000), id: "overpay")
        #expect(fixture.refusal(overpay) == nil)
    }
}
