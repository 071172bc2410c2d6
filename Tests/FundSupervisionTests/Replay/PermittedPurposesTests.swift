// `RuleFacts.permits`: whether a fund's allocations permit a purpose, read from the union of their lists
// (`PurposeLists`) instead of from each allocation's list.
// Goal: the answer is the one the allocations' lists give (true when some non-reversed allocation lists
// the purpose, by `==`; false when none does but some lists purposes; nil when none lists any or the
// fund is unknown), after any sequence of allocations and reversals, and after the facts' snapshot
// round trip; texts canonically equivalent but written with other bytes count as equal.
// Method: seeded random allocations (lists empty or of a few purposes drawn from a pool holding "é"
// both precomposed and decomposed) and reversals of earlier ones, each answer compared with one
// computed from the lists kept by the test.
import Foundation
import LedgerTestSupport
import Testing
@testable import FundSupervision

@Suite("Permitted purposes")
struct PermittedPurposesTests {
    static let purposes = ["产业扶贫", "以工代赈", "caf\u{E9}", "cafe\u{301}", "教育扶贫", "易地扶贫搬迁安置补助"]
    static let funds = ["C-2018-ZX", "C-2018-YGDZ", "K-2019-140431"]

    static func allocation(fund: String, purposes: [String]) -> FundAllocation {
        FundAllocation(fromUnit: .central, toUnit: DivisionCode("140000")!,
                       fund: FundDescriptor(id: fund, name: "资金", sourceLevel: .central, channel: "渠道"),
                       fiscalYear: 2018, documentNumber: "文号", amount: Fen(100), purposes: purposes,
                       effectiveDate: CivilDate(year: 2018, month: 1, day: 5)!)
    }

    /// The answer the test's own lists give.
    static func expected(_ lists: [Int: [String]]?, _ purpose: String) -> Bool? {
        guard let lists else { return nil }
        if lists.values.contains(where: { $0.contains(purpose) }) { return true }
        return lists.values.contains(where: { !$0.isEmpty }) ? false : nil
    }

    @Test("a fund permits a purpose exactly when a non-reversed allocation lists it, through allocations, reversals and a round trip")
    func permitsAsTheListsSay() throws {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x7075_7270_6F73)
        var answers: [Bool?: Int] = [:]
        for _ in 0..<60 {
            var facts = RuleFacts()
            var lists: [String: [Int: [String]]] = [:]
            var allocations: [(sequence: Int, event: RuleEvent)] = []
            for sequence in 0..<Int.random(in: 1...14, using: &random) {
                if !allocations.isEmpty, Int.random(in: 0..<4, using: &random) == 0 {
                    let (reversed, event) = allocations.remove(at: Int.random(in: 0..<allocations.count, using: &random))
                    facts.retract(event)
                    guard case .allocate(let allocation) = event.event else { continue }
                    lists[allocation.fund.id]?[reversed] = nil
                } else {
                    let fund = Self.funds.randomElement(using: &random)!
                    let chosen = (0..<Int.random(in: 0...3, using: &random)).map { _ in Self.purposes.randomElement(using: &random)! }
                    let event = RuleEvent(sequence: sequence, entryID: "e\(sequence)", signerKeyID: "k", recordedDate: CivilDate(year: 2018, month: 1, day: 5)!,
                                          event: .allocate(Self.allocation(fund: fund, purposes: chosen)))
                    facts.apply(event)
                    allocations.append((sequence, event))
                    lists[fund, default: [:]][sequence] = chosen
                }
                let sink = SnapshotByteSink()
                try facts.snapshotEncode(to: sink)
                let restored = try RuleFacts.snapshotDecode(from: SnapshotByteSource(sink.bytes))
                for fund in Self.funds + ["unknown"] {
                    for purpose in Self.purposes + ["其他"] {
                        let answer = Self.expected(lists[fund], purpose)
                        #expect(facts.permits(purpose: purpose, ofFund: fund) == answer, "\(fund) \(purpose) \(random)")
                        #expect(facts.permits(purpose: purpose, ofFund: fund, fundIDHash: fund.hashValue) == answer)
                        #expect(restored.permits(purpose: purpose, ofFund: fund) == answer, "restored: \(fund) \(purpose)")
                        answers[answer, default: 0] += 1
                    }
                    #expect(facts.permittedPurposes(ofFund: fund) == Array(Set((lists[fund] ?? [:]).values.joined())).sorted())
                }
            }
        }
        // Every kind of answer was compared, and "café" written both ways is one purpose.
        #expect(answers[true, default: 0] > 0 && answers[false, default: 0] > 0 && answers[nil, default: 0] > 0)
        #expect("caf\u{E9}" == "cafe\u{301}")
    }
}
