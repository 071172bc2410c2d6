// period.close end to end through the real journal: a closing computed by PeriodClose is appended
// and verifies; a closing whose totals, digest, until_seq or date disagree with the journal is
// refused at append (file unchanged) and, written straight into the file with a valid signature,
// reported by `verify` at its seq, line and byte offset. Expected totals are computed by hand from
// HandBuiltJournal (amounts there are yuan; here fen).
import Foundation
import Testing
import LedgerCrypto
import LedgerJournal
@testable import FundSupervision

@Suite("period.close: closing totals and report digest")
struct PeriodCloseTests {
    typealias Totals = [String: Int64]

    static func totals(allocated: Int64 = 0, integrated: Int64 = 0, disbursed: Int64 = 0, returned: Int64 = 0) -> Totals {
        ["allocated_fen": allocated, "integrated_fen": integrated, "disbursed_fen": disbursed, "returned_fen": returned]
    }

    /// (period, unit, totals by hand).
    static let closings: [(String, String?, Totals)] = [
        // March: 长治市 → 沁源 800,000 and 沁源's own 700,000 allocated; 500,000 + 300,000 integrated.
        ("2018-03", "140431", totals(allocated: 150_000_000, integrated: 80_000_000)),
        // May: 3,000 paid, then 30,000 paid and reversed within the month.
        ("2018-05", "140431", totals(disbursed: 300_000)),
        // February nationwide: only the central issue of 3,000,000 (the province forwards, not issues).
        ("2018-02", nil, totals(allocated: 300_000_000)),
        // February for 长治市: the two forwards it received, 1,000,000 + 2,000,000.
        ("2018-02", "140400", totals(allocated: 300_000_000)),
        // 2018 for 沁源: paid 195,000 + 260,000 + 3,000 (+30,000 −30,000); returned 10,000.
        ("2018", "140431", totals(allocated: 150_000_000, integrated: 80_000_000, disbursed: 45_800_000, returned: 1_000_000)),
        // 2018 nationwide: issued 3,000,000 (central) + 700,000 (沁源 county fund); 武乡 paid 100,000 more.
        ("2018", nil, totals(allocated: 370_000_000, integrated: 80_000_000, disbursed: 55_800_000, returned: 1_000_000)),
    ]

    @Test("a closing computed from the journal is accepted, has the hand-computed totals, and verifies", arguments: 0..<closings.count)
    func acceptedClosing(index: Int) throws {
        let (period, unit, expected) = Self.closings[index]
        let fixture = try PeriodCloseFixture()
        let before = fixture.entryCount
        let (outcome, closing) = try fixture.close(period, unit: unit)
        #expect(closing.totals == expected, "\(period) \(unit ?? "nationwide")")
        #expect(closing.untilSequence == before)
        #expect(closing.periodKind == (period.count == 4 ? .year : .month))
        #expect(closing.effectiveDate == FiscalPeriod(parsing: period)!.lastDay)
        #expect(outcome.appended.map(\.sequence) == [before])
        #expect(outcome.appended.first?.id == "period-close/\(period)/\(unit ?? "all")/\(before)")
        let report = try fixture.verify()
        #expect(report.isValid, "\(report.findings)")
        #expect(report.entryCount == before + 1)
    }

    @Test("the digest is that of report balances and counties --until-seq N --format json, also after later entries")
    func digestIsTheReplayReport() throws {
        let fixture = try PeriodCloseFixture()
        let (_, closing) = try fixture.close("2018", unit: "140431")
        // More entries after the closing must not change what `report --until-seq N` prints.
        try fixture.append([EventDraft(id: "late-pay", kind: "fund.disburse", scope: "140431", body: [
            "county": "140431", "fund_id": "F2", "category": "产业扶贫", "payee": ["kind": "cooperative", "id": "合作社乙"],
            "amount_fen": 12_345, "voucher": "记-1230", "effective_date": "2018-12-30"])])
        let replay = try SupervisionReplay.replay(journalPath: fixture.path, untilSequence: closing.untilSequence)
        let bytes = Report.balances(replay.projection).rendered(as: .json, language: .chinese)
            + Report.counties(replay.projection).rendered(as: .json, language: .chinese)
        #expect(Report.digest(of: bytes) == closing.reportDigest)
        #expect(String(decoding: bytes, as: UTF8.self).contains("\"until_seq\":\(closing.untilSequence)"))
    }

    /// (name, mutation of the computed closing, expected refusal given the computed closing).
    static let tamperings: [(String, @Sendable (inout PeriodClosing) -> Void, @Sendable (PeriodClosing) -> SupervisionError)] = [
        ("one fen more disbursed", { $0.totals["disbursed_fen"]! += 1 },
         { .periodTotalMismatch(entryID: "forged", total: "disbursed_fen", expected: $0.totals["disbursed_fen"]!, recorded: $0.totals["disbursed_fen"]! + 1) }),
        ("a total left out", { $0.totals["returned_fen"] = nil },
         { .periodTotalMismatch(entryID: "forged", total: "returned_fen", expected: $0.totals["returned_fen"]!, recorded: nil) }),
        ("an extra total", { $0.totals["overdrawn_fen"] = -5 },
         { _ in .periodTotalMismatch(entryID: "forged", total: "overdrawn_fen", expected: nil, recorded: -5) }),
        ("another report digest", { $0.reportDigest = String(repeating: "0f", count: 32) },
         { .periodReportDigestMismatch(entryID: "forged", expected: $0.reportDigest, recorded: String(repeating: "0f", count: 32)) }),
        ("until_seq of an older journal", { $0.untilSequence -= 1 },
         { .periodCloseStale(entryID: "forged", untilSequence: $0.untilSequence - 1, sequence: $0.untilSequence) }),
        ("dated before the period ends", { $0.effectiveDate = CivilDate(parsing: "2018-12-30")! },
         { _ in .invalidValue(entryID: "forged", path: "body.effective_date",
                              problem: .earlierThan(actual: "2018-12-30", limit: "2018-12-31", limitPath: "body.period")) }),
    ]

    static func forgedDraft(_ fixture: PeriodCloseFixture, _ index: Int) throws -> (EventDraft, SupervisionError) {
        let (_, mutate, expectedError) = tamperings[index]
        var closing = try PeriodClose.draft(journalPath: fixture.path, period: FiscalPeriod(year: 2018)!, unit: DivisionCode("140431")).closing
        let expected = expectedError(closing)
        mutate(&closing)
        return (EventDraft(id: "forged", kind: "period.close", scope: "140431", body: closing.json), expected)
    }

    @Test("a closing that disagrees with the journal is refused at append and the file is unchanged", arguments: 0..<tamperings.count)
    func refusedAtAppend(index: Int) throws {
        let fixture = try PeriodCloseFixture()
        let (draft, expected) = try Self.forgedDraft(fixture, index)
        let before = fixture.bytes
        let error = try #require(throws: AppendRefusal.self, "\(Self.tamperings[index].0) was accepted") { try fixture.append([draft]) }
        #expect(error.underlying as? SupervisionError == expected, "\(Self.tamperings[index].0): \(error.underlying)")
        #expect(fixture.bytes == before)
    }

    @Test("a forged closing written into the file with a valid signature is reported by verify at its seq and offset",
          arguments: 0..<tamperings.count)
    func reportedByVerify(index: Int) throws {
        let fixture = try PeriodCloseFixture()
        let (draft, expected) = try Self.forgedDraft(fixture, index)
        let (sequence, byteOffset) = try fixture.forceAppend(draft)
        // A correct closing after the forged one still verifies: the forged entry changes no figure.
        try fixture.close("2018-12", unit: "140431")
        let report = try fixture.verify()
        #expect(report.findings.count == 1, "\(report.findings)")
        let finding = try #require(report.findings.first)
        #expect(finding.sequence == sequence)
        #expect(finding.lineNumber == sequence + 1)
        #expect(finding.byteOffset == byteOffset)
        #expect(finding.problem == .refusedByValidator(reason: "\(expected)"))
        // The typed error travels with the finding, so that `verify` words it in the user's language.
        #expect(finding.refusal as? SupervisionError == expected)
    }

    @Test("a closing after a late-recorded entry counts it; the earlier closing still verifies; a later reversal is booked in its own month")
    func lateEntryAndReversal() throws {
        let fixture = try PeriodCloseFixture()
        let first = try fixture.close("2018-03", unit: "140431").closing
        #expect(first.totals["integrated_fen"] == 80_000_000)
        // Integrated on 2018-03-20, recorded in January 2019: late, but in March's figures.
        let late = try fixture.append([EventDraft(id: "late-integrate", kind: "fund.integrate", scope: "140431", body: [
            "county": "140431", "fund_id": "F1", "amount_fen": 10_000_000, "fiscal_year": 2018, "effective_date": "2018-03-20"])])
        let lateSequence = try #require(late.appended.first?.sequence)
        let second = try fixture.close("2018-03", unit: "140431").closing
        #expect(second.totals["integrated_fen"] == 90_000_000)
        #expect(second.reportDigest != first.reportDigest)
        // Reversed with effect 2018-04-02: March keeps it, April books −100,000 yuan.
        try fixture.append([EventDraft(id: "undo-late", kind: "entry.reverse", scope: "140431", body: [
            "reversed_seq": .integer(Int64(lateSequence)), "reversed_id": "late-integrate", "reason": "重复录入", "effective_date": "2018-04-02"])])
        #expect(try fixture.close("2018-03", unit: "140431").closing.totals["integrated_fen"] == 90_000_000)
        #expect(try fixture.close("2018-04", unit: "140431").closing.totals["integrated_fen"] == -10_000_000)
        #expect(try fixture.close("2018", unit: "140431").closing.totals["integrated_fen"] == 80_000_000)
        let report = try fixture.verify()
        #expect(report.isValid, "\(report.findings)")
    }

    @Test("only a key granted period.close for the unit may close it; nationwide needs 'all'")
    func grants() throws {
        let fixture = try PeriodCloseFixture()
        let before = fixture.bytes
        let payerKeyID = KeyID(publicKey: fixture.payer.publicKey).hex
        let closerKeyID = KeyID(publicKey: fixture.closer.publicKey).hex
        let sequence = fixture.entryCount
        #expect(throws: JournalError.kindNotGranted(sequence: sequence, signer: payerKeyID, kind: "period.close")) {
            try fixture.close("2018-06", unit: "140431", signer: fixture.payer)
        }
        #expect(throws: JournalError.scopeNotGranted(sequence: sequence, signer: closerKeyID, scope: nil)) {
            try fixture.close("2018-06", signer: fixture.closer)
        }
        #expect(throws: JournalError.scopeNotGranted(sequence: sequence, signer: closerKeyID, scope: "140429")) {
            try fixture.close("2018-06", unit: "140429", signer: fixture.closer)
        }
        #expect(fixture.bytes == before)
        try fixture.close("2018-06", unit: "140431", signer: fixture.closer)
        #expect(try fixture.verify().isValid)
    }

    @Test("periods parse as YYYY-MM or YYYY and span whole months and years")
    func fiscalPeriods() {
        #expect(FiscalPeriod(parsing: "2018-02")?.lastDay == CivilDate(parsing: "2018-02-28"))
        #expect(FiscalPeriod(parsing: "2020-02")?.lastDay == CivilDate(parsing: "2020-02-29"))
        #expect(FiscalPeriod(parsing: "2018-12")?.lastDay == CivilDate(parsing: "2018-12-31"))
        #expect(FiscalPeriod(parsing: "2018")?.firstDay == CivilDate(parsing: "2018-01-01"))
        #expect(FiscalPeriod(parsing: "2018")?.lastDay == CivilDate(parsing: "2018-12-31"))
        #expect(FiscalPeriod(parsing: "2018-06")?.description == "2018-06")
        for bad in ["2018-13", "2018-6", "18", "1948", "2018-06-30", "", "２０１８"] {
            #expect(FiscalPeriod(parsing: bad) == nil, "\(bad)")
        }
        #expect(FiscalPeriod(kind: .year, text: "2018-06") == nil)
        #expect(FiscalPeriod(kind: .month, text: "2018-06")?.contains(CivilDate(parsing: "2018-06-30")!) == true)
        #expect(FiscalPeriod(kind: .month, text: "2018-06")?.contains(CivilDate(parsing: "2018-07-01")!) == false)
    }
}
