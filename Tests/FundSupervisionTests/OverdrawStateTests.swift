// R-OVERDRAW's state after payments: a payment reads the unit's receipts without writing them, but a
// unit that never received the fund still gets its (zero) receipts entry, as when the payment added
// zero to it: the snapshot (`JOURNAL.state`) keeps its bytes.

@testable import FundSupervision
import Testing

@Suite("R-OVERDRAW state after payments")
struct OverdrawStateTests {
    typealias J = RuleTestJournal

    private static func payment(_ sequence: Int, county: DivisionCode, fund: String, yuan: Int64) -> RuleEvent {
        RuleEvent(
            sequence: sequence, entryID: "e\(sequence)", signerKeyID: J.financeKey, recordedDate: J.date("2018-04-01"),
            event: .disburse(FundDisbursement(
                county: county, fundID: fund, isFromPool: false, projectID: nil, category: "以工代赈", item: nil,
                payee: .roadCompany, amount: J.yuan(yuan), voucher: "记-\(sequence)", quantity: nil, periodStart: nil,
                periodEnd: nil, labour: nil, poorLabour: nil, effectiveDate: J.date("2018-04-01"))))
    }

    private static func occurrences(of text: String, in bytes: [UInt8]) -> Int {
        let needle = Array(text.utf8)
        guard bytes.count >= needle.count else { return 0 }
        return (0...(bytes.count - needle.count)).filter { Array(bytes[$0..<($0 + needle.count)]) == needle }.count
    }

    @Test("a payment at a unit that received nothing is flagged whole, and leaves a receipts entry (zero) and a uses entry")
    func unreceivedUnitKeepsZeroReceipts() throws {
        var rule = FundOverdrawn()
        let context = RuleContext()
        var raised: [AnomalyFlag] = []
        rule.observe(payment: Self.payment(1, county: J.qinyuan, fund: "FZ-UNRECEIVED", yuan: 700), payment: (), context, &raised)
        #expect(raised.count == 1)
        #expect(raised.first?.amountAtStake == J.yuan(700))
        rule.observe(payment: Self.payment(2, county: J.qinyuan, fund: "FZ-UNRECEIVED", yuan: 300), payment: (), context, &raised)
        #expect(raised.count == 2)
        #expect(raised.last?.amountAtStake == J.yuan(300))
        let sink = SnapshotByteSink()
        try rule.snapshotEncode(to: sink)
        // Once in the receipts (zero), once in the uses.
        #expect(Self.occurrences(of: "FZ-UNRECEIVED", in: sink.bytes) == 2)
        let decoded = try FundOverdrawn.snapshotDecode(from: SnapshotByteSource(sink.bytes))
        let again = SnapshotByteSink()
        try decoded.snapshotEncode(to: again)
        #expect(again.bytes == sink.bytes)
    }
}

extension FundOverdrawn {
    fileprivate mutating func observe(payment event: RuleEvent, payment _: Void, _ context: RuleContext,
                                      _ raised: inout [AnomalyFlag]) {
        guard case .disburse(let payment) = event.event else { return }
        observe(payment: payment, of: event, in: context, into: &raised)
    }
}
