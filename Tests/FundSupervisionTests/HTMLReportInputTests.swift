// HTMLReportInput from a replay: a hand-built journal of allocation, integration, three payments
// and a reversal, replayed through FundProjection and MonthlyDisbursementTotals; every figure the
// report shows is computed by hand in the comments. Also the as-of and until-seq filters.
import LedgerJournal
import Testing
@testable import FundSupervision

@Suite("HTML report input from a replay")
struct HTMLReportInputTests {
    static let qinyuan = DivisionCode("140431")!
    static let changzhi = DivisionCode("140400")!

    static func date(_ month: Int, _ day: Int) -> CivilDate { CivilDate(year: 2018, month: month, day: day)! }

    static func payment(_ voucher: String, _ fen: Int64, _ date: CivilDate) -> FundEvent {
        .disburse(FundDisbursement(county: qinyuan, fundID: "F5", isFromPool: true, projectID: "P3",
                                   payee: Payee(kind: .enterprise, id: "某路桥公司"), amount: Fen(fen), voucher: voucher,
                                   effectiveDate: date))
    }

    /// seq 0 allocate 8,000,000.00 from 长治市 to 沁源县; seq 1 integrate 5,000,000.00;
    /// seq 2 pay 1,950,000.00 on 04-20; seq 3 pay 1,000,000.00 on 04-28; seq 4 pay 500,000.00 on 06-02;
    /// seq 5 reverse seq 3 (on 05-02).
    static let events: [FundEvent] = [
        .allocate(FundAllocation(fromUnit: changzhi, toUnit: qinyuan,
                                 fund: FundDescriptor(id: "F5", name: "中央以工代赈资金", sourceLevel: .prefecture, channel: "以工代赈"),
                                 fiscalYear: 2018, documentNumber: "示例〔2018〕1号", amount: Fen(800_000_000),
                                 purposes: ["以工代赈"], effectiveDate: date(3, 15))),
        .integrate(FundIntegration(county: qinyuan, fundID: "F5", amount: Fen(500_000_000), fiscalYear: 2018, effectiveDate: date(4, 1))),
        payment("记-2018-04-012", 195_000_000, date(4, 20)),
        payment("记-2018-04-020", 100_000_000, date(4, 28)),
        payment("记-2018-06-002", 50_000_000, date(6, 2)),
        .reverse(EntryReversal(reversedSequence: 3, reversedID: "e3", reason: "金额录入错误", effectiveDate: date(5, 2))),
    ]

    static func context(_ sequence: Int) -> EntryContext {
        EntryContext(sequence: sequence, id: "e\(sequence)", scope: sequence == 0 ? changzhi : qinyuan,
                     recordedDate: events[sequence].effectiveDate)
    }

    static func replay(asOf: CivilDate? = nil, untilSequence: Int? = nil) -> (FundProjection, MonthlyDisbursementTotals) {
        var projection = FundProjection(asOf: asOf, untilSequence: untilSequence)
        var monthly = MonthlyDisbursementTotals(asOf: asOf, untilSequence: untilSequence)
        for (sequence, event) in events.enumerated() {
            var reversed: (event: FundEvent, sequence: Int)?
            var target: ReversalTarget?
            if case .reverse(let reversal) = event {
                target = ReversalTarget(context: context(reversal.reversedSequence), kind: events[reversal.reversedSequence].kind.rawValue,
                                        event: events[reversal.reversedSequence])
                reversed = (events[reversal.reversedSequence], reversal.reversedSequence)
            }
            monthly.apply(event, sequence: sequence, reversed: reversed)
            projection.apply(event, context(sequence), reversing: target)
        }
        return (projection, monthly)
    }

    /// The same events as unsigned journal entries, recorded on their effective dates.
    static var entries: [JournalEntry] {
        events.enumerated().map { sequence, event in
            JournalEntry(sequence: sequence, previousHash: .zero, time: Timestamp(rfc3339: "\(event.effectiveDate)T02:00:00Z")!,
                         kind: event.kind.rawValue, id: "e\(sequence)", scope: context(sequence).scope?.description,
                         body: event.body, signerKeyID: "f1f1f1f1f1f1f1f1")
        }
    }

    @Test("monthly totals follow payments and undo a reversed one in its month")
    func monthly() {
        // April: 1,950,000.00 + 1,000,000.00 − 1,000,000.00 (reversed) = 1,950,000.00; June: 500,000.00.
        #expect(Self.replay().1.months == [
            .init(year: 2018, month: 4, amount: Fen(195_000_000)),
            .init(year: 2018, month: 6, amount: Fen(50_000_000)),
        ])
        // As of 04-30 the reversal (05-02) has not happened yet: April holds both payments.
        #expect(Self.replay(asOf: Self.date(4, 30)).1.months == [.init(year: 2018, month: 4, amount: Fen(295_000_000))])
        // Until seq 3: only the first payment.
        #expect(Self.replay(untilSequence: 3).1.months == [.init(year: 2018, month: 4, amount: Fen(195_000_000))])
        // A replay of the journal entries, reading the reversed payment back, gives the same totals
        // and projection under every filter.
        for (asOf, until) in [(nil, nil), (Self.date(4, 30), nil), (nil, 3), (nil, 6), (Self.date(5, 2), nil), (Self.date(4, 20), 5)] as [(CivilDate?, Int?)] {
            let (projection, streamed) = Self.replay(asOf: asOf, untilSequence: until)
            var replay = SupervisionReplay(asOf: asOf, untilSequence: until)
            for entry in Self.entries { replay.apply(entry, earlierEntries: EarlierEntries(Self.entries, count: entry.sequence)) }
            let note = "as of \(String(describing: asOf)), until \(String(describing: until))"
            #expect(replay.monthlyDisbursements.months == streamed.months, "\(note)")
            #expect(replay.projection.funds == projection.funds, "\(note)")
        }
    }

    @Test("counties, balances and flags come from the projection and the rule engine's records")
    func fromProjection() {
        let (projection, monthly) = Self.replay()
        let flag = AnomalyFlag(id: "R-TEST#4", ruleID: "R-TEST", anchorSequence: 4, severity: .major, county: Self.qinyuan,
                               projectID: "P3", fundID: "F5", payee: nil, amountAtStake: Fen(50_000_000), evidenceSequences: [4, 1],
                               effectiveDate: Self.date(6, 2), raisedAtSequence: 4,
                               explanation: BilingualText(zh: "测试", en: "test"))
        let rule = RuleDescriptor(id: "R-TEST", name: BilingualText(zh: "测试规则", en: "Test rule"), sources: [], parameters: [],
                                  severity: .major, summary: BilingualText(zh: "", en: ""))
        var minorFlag = flag
        minorFlag.id = "R-MINOR#2"
        minorFlag.severity = .minor
        var criticalFlag = flag
        criticalFlag.id = "R-CRITICAL#3"
        criticalFlag.severity = .critical
        let ordered = HTMLReportInput(
            journalPath: "j.jsonl", projection: projection, monthlyDisbursements: monthly,
            flagRecords: [FlagRecord(flag: minorFlag, status: .open), FlagRecord(flag: flag, status: .open),
                          FlagRecord(flag: criticalFlag, status: .open)],
            rules: [], verification: .init(isVerified: true, entryCount: 6), checkpoint: nil)
        // Most serious first; a rule missing from `rules` is named by its id.
        #expect(ordered.flags.map(\.id) == ["R-CRITICAL#3", "R-TEST#4", "R-MINOR#2"])
        #expect(ordered.flags[0].ruleTitle == BilingualText(zh: "R-TEST", en: "R-TEST"))
        let input = HTMLReportInput(
            journalPath: "j.jsonl", projection: projection, monthlyDisbursements: monthly,
            flagRecords: [FlagRecord(flag: flag, status: .open)], rules: [rule],
            verification: .init(isVerified: true, entryCount: 6), checkpoint: nil)
        // Pool: 5,000,000.00 integrated; spent 1,950,000.00 + 500,000.00 = 2,450,000.00 after the reversal.
        #expect(input.counties == [.init(code: "140431", name: "沁源县", integrated: Fen(500_000_000), spent: Fen(245_000_000))])
        // 长治市 forwarded the fund (received 8,000,000.00 as issuer, forwarded all): available 0;
        // 沁源县 received 8,000,000.00, paid 2,450,000.00: available 5,550,000.00.
        let qinyuan = input.balances.first { $0.unit == "沁源县 140431" }
        #expect(qinyuan == .init(unit: "沁源县 140431", fundID: "F5", fundName: "中央以工代赈资金", channel: "以工代赈",
                                 allocated: Fen(800_000_000), integrated: Fen(500_000_000), disbursed: Fen(245_000_000),
                                 returned: .zero, available: Fen(555_000_000)))
        #expect(input.flags == [.init(id: "R-TEST#4", ruleTitle: BilingualText(zh: "测试规则", en: "Test rule"), severity: .major,
                                      status: .open, unit: "沁源县 140431", amountAtStake: Fen(50_000_000),
                                      explanation: BilingualText(zh: "测试", en: "test"), evidenceSequences: [1, 4])])
        #expect(input.monthlyDisbursements.count == 2)
    }
}
