// Random valid fund journals for property tests: every generated entry passes `check`, so the
// stream is one a validating append would accept. Seeded; the seed is printed on failure.
import LedgerTestSupport
@testable import FundSupervision

struct RandomJournal {
    static let counties = ["140431", "140429", "140430"].map { DivisionCode($0)! }
    static let prefecture = DivisionCode("140400")!
    static let province = DivisionCode("140000")!
    static let categories = ["以工代赈", "产业扶贫", "退耕还林"]
    static let funds = [
        FundDescriptor(id: "C1", name: "中央以工代赈", sourceLevel: .central, channel: "以工代赈"),
        FundDescriptor(id: "C2", name: "中央专项扶贫", sourceLevel: .central, channel: "财政专项扶贫资金"),
        FundDescriptor(id: "P1", name: "省级配套", sourceLevel: .province, channel: "涉农整合资金"),
        FundDescriptor(id: "K1", name: "县级专项", sourceLevel: .county, channel: "财政专项扶贫资金"),
    ]

    var generator: SeededRandomNumberGenerator
    var lines: [JournalLine] = []
    var state = FundProjection()
    var projectCounter = 0
    let pseudonyms = (0..<6).map { String(repeating: String(format: "%02x", $0 * 37 + 11), count: 32) }

    init(seed: UInt64) { generator = SeededRandomNumberGenerator(seed: seed) }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &generator) }
    mutating func pick<T>(_ values: [T]) -> T { values[int(0...(values.count - 1))] }
    mutating func day() -> CivilDate { CivilDate(parsing: "2018-01-01")!.adding(days: int(0...364)) }
    mutating func amount() -> Fen { Fen(Int64(int(1...500_000)) * 100 + Int64(int(0...99))) }

    /// Appends `count` entries (fewer when a candidate fails the checks, which is then skipped).
    mutating func generate(count: Int) {
        for _ in 0..<(count * 3) where lines.count < count {
            guard let (event, scope) = candidate() else { continue }
            let sequence = lines.count
            let recorded = event.effectiveDate.adding(days: int(0...1) == 0 ? 0 : int(0...90))
            let context = EntryContext(sequence: sequence, id: "r\(sequence)", scope: scope, recordedDate: recorded)
            let target = lines.reversalTarget(of: event)
            guard (try? state.check(event, context, reversing: target)) != nil else { continue }
            state.apply(event, context, reversing: target)
            lines.append(JournalLine(event: event, context: context))
        }
    }

    mutating func allocatedCounties(of fundID: String) -> [DivisionCode] {
        Self.counties.filter { state.funds[fundID]?.accounts[$0]?.isAllocated == true }
    }

    mutating func candidate() -> (FundEvent, DivisionCode?)? {
        let roll = int(0...99)
        let effective = day()
        switch roll {
        case 0..<30:
            let fund = pick(Self.funds)
            let county = pick(Self.counties)
            let (from, to): (DivisionCode, DivisionCode)
            switch (fund.sourceLevel, int(0...2)) {
            case (.central, 0): (from, to) = (.central, Self.province)
            case (.central, 1), (.province, 0), (.province, 1): (from, to) = (fund.sourceLevel == .central ? Self.province : Self.province, Self.prefecture)
            case (.county, _): (from, to) = (county, county)
            default: (from, to) = (Self.prefecture, county)
            }
            let designated: DivisionCode? = to == Self.prefecture && int(0...1) == 0 ? county : nil
            let allocation = FundAllocation(fromUnit: from, toUnit: to, fund: fund, fiscalYear: 2018, documentNumber: "示例〔2018〕1号",
                                            amount: amount(), designatedRecipient: designated, purposes: [pick(Self.categories)],
                                            effectiveDate: effective)
            return (.allocate(allocation), from == .central ? nil : from)
        case 30..<40:
            let fund = pick(Self.funds)
            guard let county = allocatedCounties(of: fund.id).randomElement(using: &generator) else { return nil }
            return (.integrate(FundIntegration(county: county, fundID: fund.id, amount: amount(), fiscalYear: 2017 + int(1...2),
                                               effectiveDate: effective)), county)
        case 40..<47:
            projectCounter += 1
            let county = pick(Self.counties)
            let budget = Fen(Int64(int(10...1_000)) * 100_000)
            let registration = ProjectRegistration(
                projectID: "X\(projectCounter)", county: county, category: pick(Self.categories), implementingUnit: "乡镇",
                budget: budget, fundingSources: [FundingSource(fundID: pick(Self.funds).id, amount: budget)],
                tranches: [Tranche(milestone: "approved", cumulative: Fen(budget.rawValue * 3 / 10)),
                           Tranche(milestone: "half", cumulative: Fen(budget.rawValue * 7 / 10)),
                           Tranche(milestone: "done", cumulative: budget)],
                effectiveDate: effective)
            return (.registerProject(registration), county)
        case 47..<57:
            guard let project = state.projects.values.sorted(by: { $0.registration.projectID < $1.registration.projectID }).randomElement(using: &generator) else { return nil }
            let status = pick(MilestoneStatus.allCases)
            return (.milestone(ProjectMilestone(projectID: project.registration.projectID, milestone: pick(["half", "done"]), status: status,
                                                progressBasisPoints: Int64(int(0...10_000)), acceptingUnit: status == .reached ? nil : "县验收组",
                                                effectiveDate: effective)), project.registration.county)
        case 57..<80:
            let fund = pick(Self.funds)
            guard let county = allocatedCounties(of: fund.id).randomElement(using: &generator) else { return nil }
            let projectsHere = state.projects.values.filter { $0.registration.county == county }.map(\.registration.projectID).sorted()
            let projectID: String? = !projectsHere.isEmpty && int(0...2) > 0 ? pick(projectsHere) : nil
            let payee = int(0...1) == 0 ? Payee(kind: .beneficiary, id: pick(pseudonyms)) : Payee(kind: pick([.enterprise, .cooperative, .villageCollective]), id: "单位\(int(1...4))")
            return (.disburse(FundDisbursement(county: county, fundID: fund.id, isFromPool: int(0...1) == 0, projectID: projectID,
                                               category: projectID == nil ? pick(Self.categories) : nil, payee: payee, amount: amount(),
                                               voucher: "V\(lines.count)", effectiveDate: effective)), county)
        case 80..<85:
            let fund = pick(Self.funds)
            guard let county = allocatedCounties(of: fund.id).randomElement(using: &generator) else { return nil }
            return (.returnFunds(FundReturn(fromUnit: county, toUnit: fund.sourceLevel == .county ? Self.prefecture : Self.prefecture,
                                            fundID: fund.id, amount: amount(), reason: "缴回", effectiveDate: effective)), county)
        case 85..<90:
            let county = pick(Self.counties)
            let pseudonym = pick(pseudonyms)
            if state.beneficiaries[BeneficiaryKey(county: county, pseudonym: pseudonym)]?.isRegistered == true {
                return (.exitBeneficiary(BeneficiaryExit(pseudonym: pseudonym, county: county, reason: pick(BeneficiaryExitReason.allCases),
                                                         effectiveDate: effective)), county)
            }
            return (.registerBeneficiary(BeneficiaryRegistration(pseudonym: pseudonym, county: county, village: "村", householdSize: int(1...8),
                                                                 effectiveDate: effective)), county)
        default:
            let reversible = lines.filter { $0.event.kind.isReversible && state.reversingSequence(of: $0.context.sequence) == nil }
            guard let target = reversible.randomElement(using: &generator) else { return nil }
            // A correction takes effect on or after the fact it corrects.
            let date = max(effective, target.event.effectiveDate)
            return (.reverse(EntryReversal(reversedSequence: target.context.sequence, reversedID: target.context.id, reason: "冲正",
                                           effectiveDate: date)), target.context.scope)
        }
    }
}
