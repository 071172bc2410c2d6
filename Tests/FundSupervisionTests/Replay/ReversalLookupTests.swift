// Reversals whose target is read back from the journal file (`JournalLineLookup`) rather than
// remembered: far back in the file, in the same append batch, and a second reversal refused.
// Method: the hand-built journal appended through the validator, then a payment, 600 beneficiary
// registrations (≈ 300 KiB, so the lookup bisects) and its reversal; the replayed figures must
// equal those of the same journal without the payment.
import Foundation
import Testing
import LedgerCrypto
import LedgerJournal
@testable import FundSupervision

@Suite("Reversals read back from the journal")
struct ReversalLookupTests {
    typealias Fixture = SupervisionValidatorTests.Fixture

    static let payment = EventDraft(id: "x", kind: FundEventKind.fundDisburse.rawValue, scope: "140431",
                                    body: SampleBodies.replacing(SampleBodies.replacing(SampleBodies.disburse, at: "fund_id", with: "F1"),
                                                                 at: "project_id", with: "P1"))

    static func reversal(of sequence: Int, id: String = "x", eventID: String) -> EventDraft {
        EventDraft(id: eventID, kind: FundEventKind.entryReverse.rawValue, scope: "140431",
                   body: ["reversed_seq": .integer(Int64(sequence)), "reversed_id": .string(id), "reason": "金额录入错误",
                          "effective_date": "2018-05-02"])
    }

    static let fillers: [EventDraft] = (0..<600).map { index in
        EventDraft(id: "h\(index)", kind: FundEventKind.beneficiaryRegister.rawValue, scope: "140431",
                   body: SampleBodies.replacing(SampleBodies.registerBeneficiary, at: "pseudonym",
                                                with: .string(String(repeating: "0", count: 56) + String(format: "%08x", index))))
    }

    static func append(_ fixture: Fixture, _ drafts: [EventDraft]) throws -> AppendOutcome {
        try JournalAppender.append(path: fixture.path, drafts: drafts, signer: fixture.clerk, validator: FlaggingValidator(),
                                   now: Fixture.time)
    }

    @Test("reversing a payment 600 entries back restores every figure, verifies, and a second reversal is refused")
    func farBack() throws {
        let reversed = try Fixture()
        let paid = try Self.append(reversed, [Self.payment]).appended[0].sequence
        _ = try Self.append(reversed, Self.fillers)
        let first = try Self.append(reversed, [Self.reversal(of: paid, eventID: "r1")]).appended[0].sequence
        let untouched = try Fixture()
        _ = try Self.append(untouched, Self.fillers)

        let replayed = try SupervisionReplay.replay(journalPath: reversed.path)
        let expected = try SupervisionReplay.replay(journalPath: untouched.path)
        #expect(replayed.projection.figures == expected.projection.figures)
        #expect(replayed.projection.reversingSequence(of: paid) == first)
        #expect(replayed.monthlyDisbursements.months == expected.monthlyDisbursements.months)
        // The flags the payment raised are marked reversed.
        let flagged = replayed.flagRecords().filter { $0.flag.anchorSequence == paid }
        #expect(flagged.allSatisfy { $0.status == .reversed(sequence: first) })
        let report = try JournalVerification.verify(path: reversed.path, validator: FlaggingValidator())
        #expect(report.findings.isEmpty, "\(report.findings.prefix(3))")

        let before = reversed.bytes
        #expect(throws: AppendRefusal.self) { _ = try Self.append(reversed, [Self.reversal(of: paid, eventID: "r2")]) }
        do {
            _ = try Self.append(reversed, [Self.reversal(of: paid, eventID: "r2")])
        } catch let refusal as AppendRefusal {
            #expect("\(refusal.underlying)" == "\(SupervisionError.entryAlreadyReversed(entryID: "r2", reversedSequence: paid, reversingSequence: first))")
        }
        // A reversal naming the right sequence with the wrong id is refused as unknown.
        #expect(throws: AppendRefusal.self) { _ = try Self.append(reversed, [Self.reversal(of: paid, id: "y", eventID: "r3")]) }
        #expect(reversed.bytes == before)
    }

    @Test("an entry reversed in the same append batch is undone; a second reversal in that batch is refused")
    func sameBatch() throws {
        let fixture = try Fixture()
        let baseline = try SupervisionReplay.replay(journalPath: fixture.path)
        let next = try #require(try JournalReader(path: fixture.path).tail().lastLine).bytes
        let paid = try JournalEntry(parsing: CanonicalJSON.parseCanonical(next)).sequence + 1
        let before = fixture.bytes
        #expect(throws: AppendRefusal.self) {
            _ = try Self.append(fixture, [Self.payment, Self.reversal(of: paid, eventID: "r1"), Self.reversal(of: paid, eventID: "r2")])
        }
        #expect(fixture.bytes == before)
        _ = try Self.append(fixture, [Self.payment, Self.reversal(of: paid, eventID: "r1")])
        let replayed = try SupervisionReplay.replay(journalPath: fixture.path)
        #expect(replayed.projection.figures == baseline.projection.figures)
        #expect(replayed.projection.reversingSequence(of: paid) == paid + 1)
        #expect(try JournalVerification.verify(path: fixture.path, validator: SupervisionValidator()).findings.isEmpty)
    }
}
