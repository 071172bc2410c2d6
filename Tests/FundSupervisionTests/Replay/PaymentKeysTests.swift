// PaymentKeys: what replay computes from a payment on the preparing cores, for the rules.
// Goal: the keys hold exactly what the rules would compute themselves, and a replay that uses them
// raises the same flags, with the same texts and statuses, as the engine fed entries without them;
// a membership test by hash agrees with the plain one, with and without a `policy.set`.
// Method: the synthetic journal (3,000 entries with planted anomalies) and the demo journal (a
// policy.set, a reversal, dispositions), written into temporary directories.
import Foundation
import LedgerJournal
import LedgerTestSupport
import Testing
@testable import FundSupervision

@Suite("Payment keys")
struct PaymentKeysTests {
    /// The lines of the journal at `path` (without their newlines).
    static func lines(ofJournalAt path: String) throws -> [[UInt8]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return data.split(separator: UInt8(ascii: "\n")).map { Array($0) }
    }

    /// The journals compared: a synthetic one and the demo.
    static func journals(in scratch: TemporaryDirectory) throws -> [String] {
        let synthetic = try SyntheticJournal.write(events: 3_000, seed: 7, directory: scratch.path, batchSize: 700)
        let demoDirectory = scratch.path + "/demo"
        try FileManager.default.createDirectory(atPath: demoDirectory, withIntermediateDirectories: false)
        try DemoJournal.make(inDirectory: demoDirectory)
        return [synthetic.journalPath, demoDirectory + "/" + DemoJournal.journalFileName]
    }

    @Test("a prepared payment's keys are the voucher fingerprint, standard and hashes the rules compute")
    func keysMatchTheRules() throws {
        let scratch = try TemporaryDirectory(prefix: "fundledger-keys")
        defer { scratch.remove() }
        var payments = 0
        for path in try Self.journals(in: scratch) {
            for line in try Self.lines(ofJournalAt: path) {
                let prepared = try line.withUnsafeBytes { try SupervisionReplay.PreparedEntry(canonicalLine: $0) }
                let entry = try line.withUnsafeBytes { try JournalEntry(canonicalLine: $0) }
                guard entry.kind == FundEventKind.fundDisburse.rawValue else {
                    #expect(prepared.paymentKeys == nil, "seq \(entry.sequence)")
                    continue
                }
                guard case .disburse(let payment)? = try RuleEngine.ruleEvent(of: entry)?.event,
                    let keys = prepared.paymentKeys
                else {
                    Issue.record("seq \(entry.sequence): no payment or no keys")
                    continue
                }
                payments += 1
                let fingerprint = PaidTwice.voucherFingerprint(county: payment.county, voucher: payment.voucher)
                #expect(keys.voucherFingerprint.high == fingerprint.high && keys.voucherFingerprint.low == fingerprint.low,
                        "seq \(entry.sequence)")
                #expect(keys.standardIndex == payment.item.flatMap { AmountOffStandard.standardIndex(ofItem: $0) })
                #expect(keys.itemHash == payment.item?.hashValue)
                #expect(keys.categoryHash == payment.category?.hashValue)
                #expect(keys.payeeKey == PayeeKey(payment.payee))
                #expect(keys.fundIDHash == payment.fundID.hashValue)
            }
        }
        #expect(payments > 1_000)
    }

    @Test("replay with the keys flags exactly what the engine flags from the entries alone")
    func replayAgreesWithTheEngine() throws {
        let scratch = try TemporaryDirectory(prefix: "fundledger-keys")
        defer { scratch.remove() }
        var flagCount = 0
        for path in try Self.journals(in: scratch) {
            let entries = try Self.lines(ofJournalAt: path).map { line in
                try line.withUnsafeBytes { try JournalEntry(canonicalLine: $0) }
            }
            let withoutKeys = try RuleEngine.evaluate(entries)
            let withKeys = try SupervisionReplay.replay(journalPath: path).flagRecords()
            #expect(withKeys == withoutKeys, "\(path)")
            flagCount += withKeys.count
        }
        // The demo raises flags (of several rules), so the comparison is not between two empty lists.
        #expect(flagCount > 0)
    }

    @Test("membership by hash agrees with the plain test, before and after a policy.set, for equivalent texts")
    func membershipByHash() {
        let rule = HouseholdCapExceeded.descriptor
        let date = CivilDate(year: 2019, month: 6, day: 1)!
        let county = DivisionCode("140431")!
        // "é" precomposed and decomposed are the same text to Swift (and hash alike).
        let texts = ["扶贫贷款", "养鸡奖补", "小额信贷", "café", "cafe\u{301}", ""]
        var context = RuleContext()
        func check(_ label: String) {
            for parameter in ["loan_items", "cap_items"] {
                for text in texts {
                    let plain = context.texts(parameter, of: rule, on: date, for: county).contains(text)
                    let byHash = context.texts(parameter, of: rule, on: date, for: county, contain: text, textHash: text.hashValue)
                    let unhashed = context.texts(parameter, of: rule, on: date, for: county, contain: text, textHash: nil)
                    #expect(plain == byHash && plain == unhashed, "\(label): \(parameter) \(text)")
                }
            }
        }
        check("defaults")
        context.parameters.apply(
            PolicySetting(ruleID: rule.id, parameters: ["loan_items": .array([.string("小额信贷"), .string("cafe\u{301}")])],
                          document: "示例〔2019〕1号", unit: nil, effectiveDate: CivilDate(year: 2019, month: 1, day: 1)!),
            sequence: 10)
        check("after policy.set")
        #expect(context.texts("loan_items", of: rule, on: date, for: county, contain: "café", textHash: "café".hashValue))
    }
}
