// A hand-built journal of 18 entries (沁源县 140431, 武乡县 140429, 长治市 140400, 山西省 140000,
// fiscal year 2018) whose every figure is computed by hand in ProjectionScenarioTests and the
// report golden tests. Amounts below are in yuan × 100 = fen.
import LedgerJournal
@testable import FundSupervision

struct JournalLine {
    var event: FundEvent
    var context: EntryContext
    var kind: String { event.kind.rawValue }
}

enum HandBuiltJournal {
    static let central = DivisionCode.central
    static let shanxi = DivisionCode("140000")!
    static let changzhi = DivisionCode("140400")!
    static let qinyuan = DivisionCode("140431")!
    static let wuxiang = DivisionCode("140429")!
    static let pseudonymH01 = String(repeating: "a1", count: 32)
    static let pseudonymH02 = String(repeating: "b2", count: 32)

    static let workForRelief = FundDescriptor(id: "F1", name: "中央以工代赈资金", sourceLevel: .central, channel: "以工代赈")
    static let countyFund = FundDescriptor(id: "F2", name: "县级财政专项扶贫资金", sourceLevel: .county, channel: "财政专项扶贫资金")
    static let roadCompany = Payee(kind: .enterprise, id: "某路桥公司")
    static let cooperative = Payee(kind: .cooperative, id: "合作社甲")

    static func date(_ text: String) -> CivilDate { CivilDate(parsing: text)! }
    static func yuan(_ amount: Int64) -> Fen { Fen(amount * 100) }

    /// The events in sequence order, each with the scope its entry carries and its recording day.
    static let lines: [JournalLine] = {
        var events: [(FundEvent, DivisionCode?, String?)] = []
        func allocate(_ from: DivisionCode, _ to: DivisionCode, _ fund: FundDescriptor, _ amount: Int64, _ day: String,
                      designated: DivisionCode? = nil) {
            events.append((.allocate(FundAllocation(fromUnit: from, toUnit: to, fund: fund, fiscalYear: 2018,
                                                    documentNumber: "示例〔2018〕\(events.count + 1)号", amount: yuan(amount),
                                                    designatedRecipient: designated, purposes: [fund.channel == "以工代赈" ? "以工代赈" : "产业扶贫"],
                                                    forwardBy: nil, useBy: nil, effectiveDate: date(day))),
                           from == .central ? nil : from, nil))
        }
        allocate(central, shanxi, workForRelief, 3_000_000, "2018-02-01")                         // 0
        allocate(shanxi, changzhi, workForRelief, 1_000_000, "2018-02-20", designated: qinyuan)    // 1
        allocate(shanxi, changzhi, workForRelief, 2_000_000, "2018-02-20", designated: wuxiang)    // 2
        allocate(changzhi, qinyuan, workForRelief, 800_000, "2018-03-01")                          // 3 (200,000 withheld)
        allocate(changzhi, wuxiang, workForRelief, 2_000_000, "2018-03-01")                        // 4
        allocate(qinyuan, qinyuan, countyFund, 700_000, "2018-03-01")                              // 5
        events.append((.integrate(FundIntegration(county: qinyuan, fundID: "F1", amount: yuan(500_000), fiscalYear: 2018,
                                                  planDocument: "示例〔2018〕7号", effectiveDate: date("2018-03-10"))), qinyuan, nil)) // 6
        events.append((.integrate(FundIntegration(county: qinyuan, fundID: "F2", amount: yuan(300_000), fiscalYear: 2018,
                                                  effectiveDate: date("2018-03-10"))), qinyuan, nil)) // 7
        events.append((.registerProject(ProjectRegistration(
            projectID: "P1", name: "村A1道路", county: qinyuan, township: "乡镇A", village: "村A1", category: "以工代赈",
            implementingUnit: "乡镇A人民政府", budget: yuan(650_000), fundingSources: [FundingSource(fundID: "F1", amount: yuan(650_000))],
            tranches: [Tranche(milestone: "approved", cumulative: yuan(195_000)),
                       Tranche(milestone: "progress_70", cumulative: yuan(455_000)),
                       Tranche(milestone: "completed", cumulative: yuan(650_000))],
            effectiveDate: date("2018-04-10"))), qinyuan, nil)) // 8
        events.append((.disburse(FundDisbursement(county: qinyuan, fundID: "F1", isFromPool: true, projectID: "P1", payee: roadCompany,
                                                  amount: yuan(195_000), voucher: "记-0409", effectiveDate: date("2018-04-20"))), qinyuan, nil)) // 9
        events.append((.milestone(ProjectMilestone(projectID: "P1", milestone: "progress_70", status: .accepted, progressBasisPoints: 7_000,
                                                   acceptingUnit: "沁源县交通局", effectiveDate: date("2018-08-01"))), qinyuan, nil)) // 10
        events.append((.disburse(FundDisbursement(county: qinyuan, fundID: "F1", isFromPool: true, projectID: "P1", payee: roadCompany,
                                                  amount: yuan(260_000), voucher: "记-0815", effectiveDate: date("2018-08-15"))), qinyuan, nil)) // 11
        // Registered on 2015-12-31 but recorded on 2018-05-01: a late entry.
        events.append((.registerBeneficiary(BeneficiaryRegistration(pseudonym: pseudonymH01, county: qinyuan, village: "村A1",
                                                                    householdSize: 4, effectiveDate: date("2015-12-31"))), qinyuan, "2018-05-01")) // 12
        events.append((.disburse(FundDisbursement(county: qinyuan, fundID: "F2", category: "产业扶贫", item: "养殖奖补",
                                                  payee: Payee(kind: .beneficiary, id: pseudonymH01), amount: yuan(3_000), voucher: "记-0510",
                                                  quantity: Quantity(value: 1, unit: .head), effectiveDate: date("2018-05-10"))), qinyuan, nil)) // 13
        events.append((.disburse(FundDisbursement(county: qinyuan, fundID: "F2", category: "产业扶贫", item: "养殖奖补",
                                                  payee: Payee(kind: .beneficiary, id: pseudonymH01), amount: yuan(30_000), voucher: "记-0511",
                                                  effectiveDate: date("2018-05-11"))), qinyuan, nil)) // 14 (typed ten times too much)
        events.append((.reverse(EntryReversal(reversedSequence: 14, reversedID: "e14", reason: "金额录入错误",
                                              effectiveDate: date("2018-05-12"))), qinyuan, nil)) // 15
        events.append((.returnFunds(FundReturn(fromUnit: qinyuan, toUnit: changzhi, fundID: "F1", amount: yuan(10_000), reason: "结余缴回",
                                               effectiveDate: date("2018-12-20"))), qinyuan, nil)) // 16
        events.append((.disburse(FundDisbursement(county: wuxiang, fundID: "F1", category: "以工代赈", payee: cooperative,
                                                  amount: yuan(100_000), voucher: "武-0601", effectiveDate: date("2018-06-01"))), wuxiang, nil)) // 17
        return events.enumerated().map { index, item in
            let recorded = item.2.map(date) ?? item.0.effectiveDate
            return JournalLine(event: item.0, context: EntryContext(sequence: index, id: "e\(index)", scope: item.1, recordedDate: recorded))
        }
    }()

    /// Replays `lines` into a projection with the given filters.
    static func replay(_ lines: [JournalLine] = lines, asOf: CivilDate? = nil, untilSequence: Int? = nil) -> FundProjection {
        var projection = FundProjection(asOf: asOf, untilSequence: untilSequence)
        for line in lines { projection.apply(line.event, line.context, reversing: lines.reversalTarget(of: line.event)) }
        return projection
    }
}

extension Array where Element == JournalLine {
    /// The entry that `event` reverses when it is an `entry.reverse` naming one of these lines (what
    /// a replay reads back from the journal file), nil otherwise.
    func reversalTarget(of event: FundEvent) -> ReversalTarget? {
        guard case .reverse(let reversal) = event,
              let line = first(where: { $0.context.sequence == reversal.reversedSequence }) else { return nil }
        return ReversalTarget(context: line.context, kind: line.kind, event: line.event)
    }
}
