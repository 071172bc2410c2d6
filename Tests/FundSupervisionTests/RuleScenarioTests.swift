// Scenario: one planted violation hidden among 10,000 clean generated entries is found, and the
// clean entries raise no flag at all (no false positives).
//
// Method: a seeded generator simulates two years (2018-2019) of three counties of 长治市:
// households registered and paid standard subsidies within the caps, 以工代赈 projects funded through
// central → province → prefecture (designated) → county with every forward on time, paid tranche by
// tranche after acceptance by a separate key with 12% labour, monthly county allocations used within
// the month (half through the integrated pool), and an asset-income project returning 6% each March.
// Each planted violation is a few extra entries at a random position; exactly its flag must appear.

import FundSupervision
import LedgerTestSupport
import Testing

@Suite("Rule scenario: planted violations among 10,000 clean entries")
struct RuleScenarioTests {
    typealias J = RuleTestJournal

    /// One generated event with its signer.
    struct Line {
        var event: FundEvent
        var signer: String
    }

    static let counties = [J.qinyuan, J.wuxiang, J.qinxian]
    static let householdsPerCounty = 420
    static let subsidiesPerCountyMonth = 117

    static func pseudonym(_ county: DivisionCode, _ index: Int) -> String {
        let number = String(index)
        let head = county.description + String(repeating: "0", count: 6 - number.count) + number
        return head + String(repeating: "c", count: 64 - head.count)
    }

    /// The clean journal: events sorted by effective date (stable), all recorded on their effective date.
    static func cleanLines(_ random: inout SeededRandomNumberGenerator) -> [Line] {
        var lines: [Line] = []
        func add(_ event: FundEvent, _ signer: String = J.financeKey) { lines.append(Line(event: event, signer: signer)) }
        func day(_ year: Int, _ month: Int, _ day: Int) -> CivilDate { CivilDate(year: year, month: month, day: day)! }
        let subsidyItems: [(item: String, perMuFen: Int64)] = [("中药材奖补", 40_000), ("小杂粮奖补", 20_000), ("商品薯补贴", 5_000), ("土地流转奖补", 5_000)]
        let livestock: [(item: String, perHeadFen: Int64, maximumHead: Int64)] = [("养羊奖补", 30_000, 10), ("养猪奖补", 30_000, 10), ("养鸡奖补", 300, 1_000), ("养牛奖补", 300_000, 1)]

        for county in counties {
            for index in 0..<householdsPerCounty {
                add(.registerBeneficiary(BeneficiaryRegistration(pseudonym: pseudonym(county, index), county: county, village: "村\(index % 20)",
                                                                 householdSize: 1 + index % 6, effectiveDate: day(2017, 12, 1))))
            }
        }
        var used: Set<String> = []
        var projectNumber = 0
        for year in 2018...2019 {
            for month in 1...12 {
                for (countyIndex, county) in counties.enumerated() {
                    // County subsidies: one own-budget fund per month, sized to the month's payments.
                    let fund = FundDescriptor(id: "F-\(county)-\(year)-\(month)", name: "县级财政专项扶贫资金", sourceLevel: .county, channel: "财政专项扶贫资金")
                    var payments: [FundDisbursement] = []
                    let fromPool = month % 2 == 0
                    var attempts = 0
                    while payments.count < subsidiesPerCountyMonth, attempts < 10_000 {
                        attempts += 1
                        let household = Int.random(in: 0..<householdsPerCounty, using: &random)
                        let isLivestock = Int.random(in: 0..<5, using: &random) == 0
                        let paidOn = day(year, month, Int.random(in: 2...28, using: &random))
                        let payee = Payee(kind: .beneficiary, id: pseudonym(county, household))
                        let item: String
                        let quantity: Quantity
                        let amount: Int64
                        if isLivestock {
                            let kind = livestock[Int.random(in: 0..<livestock.count, using: &random)]
                            item = kind.item
                            let head = Int64.random(in: 1...kind.maximumHead, using: &random)
                            quantity = Quantity(value: head, unit: .head)
                            amount = kind.perHeadFen * head
                            guard !used.contains("\(county)/\(household)/livestock/\(year)") else { continue }
                            used.insert("\(county)/\(household)/livestock/\(year)")
                        } else {
                            let kind = subsidyItems[Int.random(in: 0..<subsidyItems.count, using: &random)]
                            item = kind.item
                            let centimu = Int64.random(in: 1...5, using: &random) * 50
                            quantity = Quantity(value: centimu, unit: .centimu)
                            amount = kind.perMuFen * centimu / 100
                            guard !used.contains("\(county)/\(household)/\(item)/\(year)") else { continue }
                            used.insert("\(county)/\(household)/\(item)/\(year)")
                        }
                        payments.append(FundDisbursement(
                            county: county, fundID: fund.id, isFromPool: fromPool, category: "产业扶贫", item: item, payee: payee,
                            amount: Fen(amount), voucher: "V-\(county)-\(year)-\(month)-\(payments.count)", quantity: quantity,
                            periodStart: day(year, 1, 1), periodEnd: day(year, 12, 31), effectiveDate: paidOn))
                    }
                    let total = payments.reduce(Fen.zero) { $0 + $1.amount }
                    add(.allocate(FundAllocation(fromUnit: county, toUnit: county, fund: fund, fiscalYear: year, documentNumber: "示例〔\(year)〕\(month)号",
                                                 amount: total, purposes: ["产业扶贫"], effectiveDate: day(year, month, 1))))
                    if fromPool {
                        add(.integrate(FundIntegration(county: county, fundID: fund.id, amount: total, fiscalYear: year, effectiveDate: day(year, month, 1))))
                    }
                    for payment in payments { add(.disburse(payment)) }

                    // A 以工代赈 road each quarter, funded down the chain with every forward on time.
                    if month % 3 == 1 {
                        projectNumber += 1
                        let projectID = "P-\(projectNumber)"
                        let budget = Int64.random(in: 50...90, using: &random) * 1_000_000
                        let relief = FundDescriptor(id: "W-\(projectID)", name: "中央以工代赈资金", sourceLevel: .central, channel: "以工代赈")
                        let start = day(year, month, 3 + countyIndex)
                        let amount = Fen(budget)
                        add(.allocate(FundAllocation(fromUnit: .central, toUnit: J.shanxi, fund: relief, fiscalYear: year, documentNumber: "示例〔\(year)〕1号",
                                                     amount: amount, purposes: ["以工代赈"], effectiveDate: start)))
                        add(.allocate(FundAllocation(fromUnit: J.shanxi, toUnit: J.changzhi, fund: relief, fiscalYear: year, documentNumber: "示例〔\(year)〕2号",
                                                     amount: amount, designatedRecipient: county, purposes: ["以工代赈"],
                                                     forwardBy: start.adding(days: 30), effectiveDate: start.adding(days: 1))))
                        add(.allocate(FundAllocation(fromUnit: J.changzhi, toUnit: county, fund: relief, fiscalYear: year, documentNumber: "示例〔\(year)〕3号",
                                                     amount: amount, purposes: ["以工代赈"], effectiveDate: start.adding(days: 5))))
                        let approved = Fen(budget * 3 / 10)
                        let progress = Fen(budget * 7 / 10)
                        add(.registerProject(ProjectRegistration(
                            projectID: projectID, county: county, category: "以工代赈", implementingUnit: "乡镇人民政府", budget: amount,
                            fundingSources: [FundingSource(fundID: relief.id, amount: amount)],
                            tranches: [Tranche(milestone: "approved", cumulative: approved), Tranche(milestone: "progress_70", cumulative: progress),
                                       Tranche(milestone: "completed", cumulative: amount)],
                            effectiveDate: start.adding(days: 5))))
                        let contractor = Payee(kind: .enterprise, id: "施工单位-\(projectID)")
                        func pay(_ value: Fen, on date: CivilDate, _ tag: String) {
                            add(.disburse(FundDisbursement(
                                county: county, fundID: relief.id, projectID: projectID, payee: contractor, amount: value,
                                voucher: "W-\(projectID)-\(tag)", labour: Fen(value.rawValue * 12 / 100), effectiveDate: date)))
                        }
                        pay(approved, on: start.adding(days: 6), "1")
                        add(.milestone(ProjectMilestone(projectID: projectID, milestone: "progress_70", status: .accepted, acceptingUnit: "县交通局",
                                                        effectiveDate: start.adding(days: 25))), J.acceptanceKey)
                        pay(progress - approved, on: start.adding(days: 27), "2")
                        add(.milestone(ProjectMilestone(projectID: projectID, milestone: "completed", status: .accepted, acceptingUnit: "县交通局",
                                                        effectiveDate: start.adding(days: 50))), J.acceptanceKey)
                        pay(amount - progress, on: start.adding(days: 52), "3")
                    }
                }
            }
        }
        // An asset-income project per county: 500,000 injected in 2018, 6% returned in March 2019.
        for county in counties {
            let fund = FundDescriptor(id: "A-\(county)", name: "县级资产收益扶贫资金", sourceLevel: .county, channel: "财政专项扶贫资金")
            let returns = FundDescriptor(id: "R-\(county)", name: "村集体资产收益", sourceLevel: .county, channel: "资产收益")
            add(.allocate(FundAllocation(fromUnit: county, toUnit: county, fund: fund, fiscalYear: 2018, documentNumber: "示例〔2018〕9号",
                                         amount: Fen(50_000_000), purposes: ["资产收益扶贫"], effectiveDate: day(2018, 2, 1))))
            add(.registerProject(ProjectRegistration(
                projectID: "AI-\(county)", county: county, category: "资产收益扶贫", implementingUnit: "经营主体乙", budget: Fen(50_000_000),
                fundingSources: [FundingSource(fundID: fund.id, amount: Fen(50_000_000))],
                tranches: [Tranche(milestone: "approved", cumulative: Fen(50_000_000))], effectiveDate: day(2018, 2, 2))))
            add(.disburse(FundDisbursement(county: county, fundID: fund.id, projectID: "AI-\(county)", payee: Payee(kind: .enterprise, id: "经营主体乙"),
                                           amount: Fen(50_000_000), voucher: "AI-\(county)-1", effectiveDate: day(2018, 2, 3))))
            add(.allocate(FundAllocation(fromUnit: county, toUnit: county, fund: returns, fiscalYear: 2019, documentNumber: "示例〔2019〕9号",
                                         amount: Fen(3_000_000), purposes: ["资产收益扶贫"], effectiveDate: day(2019, 3, 1))))
            add(.disburse(FundDisbursement(county: county, fundID: returns.id, projectID: "AI-\(county)", payee: Payee(kind: .villageCollective, id: "村集体-\(county)"),
                                           amount: Fen(3_000_000), voucher: "AI-\(county)-2", periodStart: day(2019, 1, 1), periodEnd: day(2019, 12, 31),
                                           effectiveDate: day(2019, 3, 15))))
        }
        return lines.enumerated().sorted { ($0.element.event.effectiveDate, $0.offset) < ($1.element.event.effectiveDate, $1.offset) }.map(\.element)
    }

    /// A violation to plant: the events to insert at a position, and the flag id it must raise.
    enum Plant: String, CaseIterable, CustomTestStringConvertible {
        case unregisteredPayee, reusedVoucher, offStandard, withholding

        var testDescription: String { rawValue }

        var ruleID: String {
            switch self {
            case .unregisteredPayee: "R-INELIGIBLE-PAYEE"
            case .reusedVoucher: "R-DUPLICATE"
            case .offStandard: "R-OFF-STANDARD"
            case .withholding: "R-WITHHOLDING"
            }
        }

        /// The planted events dated `date` in `county`; `voucher` is a voucher the county already used.
        func lines(on date: CivilDate, county: DivisionCode, voucher: String) -> [Line] {
            let fund = FundDescriptor(id: "F-PLANT", name: "县级财政专项扶贫资金", sourceLevel: .county, channel: "财政专项扶贫资金")
            func allocation(_ amount: Int64) -> Line {
                Line(event: .allocate(FundAllocation(fromUnit: county, toUnit: county, fund: fund, fiscalYear: date.year,
                                                     documentNumber: "示例〔2018〕99号", amount: Fen(amount), purposes: ["产业扶贫", "退耕还林"],
                                                     effectiveDate: date)), signer: J.financeKey)
            }
            func payment(_ payee: Payee, _ amount: Int64, category: String, item: String? = nil, quantity: Quantity? = nil, voucher: String) -> Line {
                Line(event: .disburse(FundDisbursement(county: county, fundID: fund.id, category: category, item: item, payee: payee,
                                                       amount: Fen(amount), voucher: voucher, quantity: quantity, effectiveDate: date)),
                     signer: J.financeKey)
            }
            switch self {
            case .unregisteredPayee:
                return [allocation(300_000), payment(.household("99"), 300_000, category: "产业扶贫", voucher: "PLANT-1")]
            case .reusedVoucher:
                return [allocation(100_000), payment(Payee(kind: .cooperative, id: "合作社甲"), 100_000, category: "产业扶贫", voucher: voucher)]
            case .offStandard:
                return [allocation(400_000), payment(Payee(kind: .beneficiary, id: RuleScenarioTests.pseudonym(county, 7)), 400_000, category: "退耕还林",
                                                     item: "退耕还林补助第1年", quantity: Quantity(value: 500, unit: .centimu), voucher: "PLANT-1")]
            case .withholding:
                let relief = FundDescriptor(id: "W-PLANT", name: "中央以工代赈资金", sourceLevel: .central, channel: "以工代赈")
                func allocate(_ from: DivisionCode, _ to: DivisionCode, _ amount: Int64, designated: DivisionCode? = nil, forwardBy: CivilDate? = nil) -> Line {
                    Line(event: .allocate(FundAllocation(fromUnit: from, toUnit: to, fund: relief, fiscalYear: date.year, documentNumber: "示例〔2018〕98号",
                                                         amount: Fen(amount), designatedRecipient: designated, purposes: ["以工代赈"],
                                                         forwardBy: forwardBy, effectiveDate: date)), signer: J.financeKey)
                }
                return [
                    allocate(.central, J.shanxi, 100_000_000),
                    allocate(J.shanxi, J.changzhi, 100_000_000, designated: county, forwardBy: date.adding(days: 30)),
                    allocate(J.changzhi, county, 80_000_000),
                    Line(event: .integrate(FundIntegration(county: county, fundID: relief.id, amount: Fen(80_000_000), fiscalYear: date.year,
                                                           effectiveDate: date)), signer: J.financeKey),
                ]
            }
        }
    }

    static func run(_ lines: [Line]) -> RuleTestJournal {
        var journal = RuleTestJournal()
        for line in lines { journal.append(line.event, signer: line.signer) }
        return journal
    }

    @Test("10,000 clean generated entries raise no flag, and replaying them gives identical records")
    func cleanJournalRaisesNothing() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x5EED_2018)
        let lines = Self.cleanLines(&random)
        #expect(lines.count >= 10_000, "seed \(random.seed)")
        let journal = Self.run(lines)
        #expect(journal.raised.isEmpty, "seed \(random.seed): \(journal.raised.prefix(3).map(\.explanation.en))")
        #expect(journal.records(asOf: "2019-12-31").isEmpty, "seed \(random.seed)")
    }

    @Test("a planted violation among 10,000 clean entries raises exactly its flag", arguments: Plant.allCases)
    func plantedViolationIsFound(_ plant: Plant) throws {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x5EED_2018 &+ UInt64(plant.rawValue.utf8.count))
        var lines = Self.cleanLines(&random)
        // Anywhere in the first 80%, so that a deadline 30 days later falls inside the data.
        let position = Int.random(in: 1..<(lines.count * 8 / 10), using: &random)
        let date = lines[position].event.effectiveDate
        let county = Self.counties[Int.random(in: 0..<Self.counties.count, using: &random)]
        // A voucher the county already used in the same fiscal year's books.
        let earlierVoucher = lines[..<position].reversed().lazy.compactMap { line -> String? in
            guard case .disburse(let payment) = line.event, payment.county == county, payment.effectiveDate.year == date.year else { return nil }
            return payment.voucher
        }.first ?? "V-none"
        let planted = plant.lines(on: date, county: county, voucher: earlierVoucher)
        lines.insert(contentsOf: planted, at: position)
        let journal = Self.run(lines)
        let records = journal.records(asOf: "2019-12-31")
        #expect(records.count == 1, "seed \(random.seed), position \(position): \(records.map(\.flag.explanation.en))")
        let flag = try #require(records.first?.flag)
        #expect(flag.ruleID == plant.ruleID, "seed \(random.seed)")
        let firstPlanted = position + 1
        #expect(flag.evidenceSequences.contains { $0 >= firstPlanted && $0 < firstPlanted + planted.count }, "seed \(random.seed)")
        #expect(flag.county == county, "seed \(random.seed)")
        // A replay gives the same records (checked for the deadline rule, whose flag depends on the clock).
        if plant == .withholding {
            let replay = Self.run(lines)
            #expect(replay.records(asOf: "2019-12-31") == records)
        }
    }
}
