// RuleTestJournal: builds journals for the anomaly-rule tests one event at a time and runs the
// engine over them, keeping every flag raised. Amounts are written in yuan and stored as fen.

import FundSupervision
import LedgerJournal
import Testing

/// A journal under construction for rule tests: appends events, feeds the engine, collects flags.
struct RuleTestJournal {
    static let qinyuan = DivisionCode("140431")!
    static let wuxiang = DivisionCode("140429")!
    static let qinxian = DivisionCode("140430")!
    static let changzhi = DivisionCode("140400")!
    static let shanxi = DivisionCode("140000")!
    static let central = DivisionCode.central

    static let financeKey = "f1f1f1f1f1f1f1f1"
    static let acceptanceKey = "a2a2a2a2a2a2a2a2"
    static let inspectorKey = "e3e3e3e3e3e3e3e3"

    static let workForRelief = FundDescriptor(id: "F5", name: "中央以工代赈资金", sourceLevel: .central, channel: "以工代赈")
    static let countyFund = FundDescriptor(id: "F7", name: "县级财政专项扶贫资金", sourceLevel: .county, channel: "财政专项扶贫资金")

    static func date(_ text: String) -> CivilDate { CivilDate(parsing: text)! }
    static func yuan(_ amount: Int64) -> Fen { Fen(amount * 100) }
    static func household(_ tag: String) -> String { String(repeating: tag, count: 64 / tag.count) }

    var engine = RuleEngine()
    private(set) var raised: [AnomalyFlag] = []
    private(set) var entries: [JournalEntry] = []

    /// Appends an event as an unsigned journal entry at the next sequence (sequence 0 is the journal's
    /// genesis), recorded at 10:00 China Standard Time on `recorded` (default: the effective date),
    /// runs the engine on it and returns its sequence.
    @discardableResult
    mutating func append(_ event: FundEvent, signer: String = RuleTestJournal.financeKey, recorded: String? = nil) -> Int {
        let sequence = entries.count + 1
        let recordedDay = recorded ?? event.effectiveDate.description
        let entry = JournalEntry(
            sequence: sequence, previousHash: .zero, time: Timestamp(rfc3339: recordedDay + "T02:00:00Z")!,
            kind: event.kind.rawValue, id: "e\(sequence)", scope: nil, body: event.body, signerKeyID: signer)
        entries.append(entry)
        do {
            raised += try engine.process(entry, earlierEntries: entries)
        } catch {
            Issue.record("entry \(sequence) did not decode: \(error)")
        }
        return sequence
    }

    /// The flags raised so far by `ruleID`.
    func flags(_ ruleID: String) -> [AnomalyFlag] { raised.filter { $0.ruleID == ruleID } }

    /// Every flag with its status, judging deadlines as of `date`.
    func records(asOf date: String? = nil) -> [FlagRecord] { engine.records(asOf: date.map(Self.date)) }

    // MARK: - Event builders

    @discardableResult
    mutating func allocate(
        _ from: DivisionCode, _ to: DivisionCode, _ fund: FundDescriptor = workForRelief, yuan amount: Int64, on day: String,
        designated: DivisionCode? = nil, purposes: [String] = ["以工代赈"], forwardBy: String? = nil, useBy: String? = nil
    ) -> Int {
        append(.allocate(FundAllocation(
            fromUnit: from, toUnit: to, fund: fund, fiscalYear: Self.date(day).year, documentNumber: "示例〔2018〕1号",
            amount: Self.yuan(amount), designatedRecipient: designated, purposes: purposes,
            forwardBy: forwardBy.map(Self.date), useBy: useBy.map(Self.date), effectiveDate: Self.date(day))))
    }

    @discardableResult
    mutating func integrate(_ county: DivisionCode, fund: String, yuan amount: Int64, on day: String) -> Int {
        append(.integrate(FundIntegration(county: county, fundID: fund, amount: Self.yuan(amount),
                                          fiscalYear: Self.date(day).year, effectiveDate: Self.date(day))))
    }

    @discardableResult
    mutating func register(
        project id: String, name: String? = nil, in county: DivisionCode = qinyuan, category: String = "以工代赈",
        budget: Int64, tranches: [(String, Int64)], fund: String = "F5", on day: String
    ) -> Int {
        append(.registerProject(ProjectRegistration(
            projectID: id, name: name, county: county, category: category, implementingUnit: "乡镇A人民政府",
            budget: Self.yuan(budget), fundingSources: [FundingSource(fundID: fund, amount: Self.yuan(budget))],
            tranches: tranches.map { Tranche(milestone: $0.0, cumulative: Self.yuan($0.1)) },
            effectiveDate: Self.date(day))))
    }

    @discardableResult
    mutating func milestone(
        _ project: String, _ name: String, _ status: MilestoneStatus, on day: String, signer: String = RuleTestJournal.acceptanceKey
    ) -> Int {
        append(.milestone(ProjectMilestone(projectID: project, milestone: name, status: status,
                                           acceptingUnit: status == .reached ? nil : "沁源县交通局", effectiveDate: Self.date(day))),
               signer: signer)
    }

    @discardableResult
    mutating func pay(
        _ payee: Payee, yuan amount: Int64, on day: String, county: DivisionCode = qinyuan, fund: String = "F5",
        project: String? = nil, category: String? = nil, item: String? = nil, voucher: String? = nil,
        quantity: Quantity? = nil, period: (String, String)? = nil, labour: Int64? = nil, poorLabour: Int64? = nil,
        fromPool: Bool = false, signer: String = RuleTestJournal.financeKey, recorded: String? = nil
    ) -> Int {
        let sequence = entries.count + 1
        return append(.disburse(FundDisbursement(
            county: county, fundID: fund, isFromPool: fromPool, projectID: project,
            category: project == nil ? (category ?? "以工代赈") : nil, item: item, payee: payee, amount: Self.yuan(amount),
            voucher: voucher ?? "记-\(sequence)", quantity: quantity, periodStart: period.map { Self.date($0.0) },
            periodEnd: period.map { Self.date($0.1) }, labour: labour.map(Self.yuan), poorLabour: poorLabour.map(Self.yuan),
            effectiveDate: Self.date(day))), signer: signer, recorded: recorded)
    }

    @discardableResult
    mutating func registerHousehold(_ pseudonym: String, in county: DivisionCode = qinyuan, on day: String) -> Int {
        append(.registerBeneficiary(BeneficiaryRegistration(pseudonym: pseudonym, county: county, village: "村A1",
                                                            householdSize: 3, effectiveDate: Self.date(day))))
    }

    @discardableResult
    mutating func exitHousehold(_ pseudonym: String, _ reason: BeneficiaryExitReason, in county: DivisionCode = qinyuan, on day: String) -> Int {
        append(.exitBeneficiary(BeneficiaryExit(pseudonym: pseudonym, county: county, reason: reason, effectiveDate: Self.date(day))))
    }

    @discardableResult
    mutating func reverse(_ sequence: Int, on day: String) -> Int {
        append(.reverse(EntryReversal(reversedSequence: sequence, reversedID: "e\(sequence)", reason: "录入错误",
                                      effectiveDate: Self.date(day))))
    }

    @discardableResult
    mutating func dispose(_ flagID: String, _ disposition: FlagDisposition, reason: String? = nil, correcting: Int? = nil, on day: String) -> Int {
        append(.disposeFlag(FlagDisposal(flagID: flagID, disposition: disposition, reason: reason, correctingSequence: correcting,
                                         inspector: "沁源县纪委监委", effectiveDate: Self.date(day))),
               signer: Self.inspectorKey)
    }

    @discardableResult
    mutating func policy(_ ruleID: String, _ parameters: [String: JSONValue], unit: DivisionCode? = nil, from day: String) -> Int {
        append(.setPolicy(PolicySetting(ruleID: ruleID, parameters: parameters, document: "示例〔2019〕1号", unit: unit,
                                        effectiveDate: Self.date(day))))
    }
}

extension Payee {
    static let roadCompany = Payee(kind: .enterprise, id: "某路桥公司")
    static let cooperative = Payee(kind: .cooperative, id: "合作社甲")
    static let operatorB = Payee(kind: .enterprise, id: "经营主体乙")
    static let collective = Payee(kind: .villageCollective, id: "村A1村集体")
    static let farmStay = Payee(kind: .enterprise, id: "农家乐丙")
    static func household(_ tag: String) -> Payee { Payee(kind: .beneficiary, id: RuleTestJournal.household(tag)) }
}
