// Append-time checks: every refusal that "cannot be a fact" is raised with its structured error,
// and a violation that could be a fact (withholding, overdraw, payment ahead of progress) is not.
import Testing
import LedgerJournal
@testable import FundSupervision

@Suite("Append-time checks")
struct AppendCheckTests {
    let state = HandBuiltJournal.replay()
    let qinyuan = HandBuiltJournal.qinyuan

    func context(_ scope: DivisionCode?, sequence: Int = 18) -> EntryContext {
        EntryContext(sequence: sequence, id: "new", scope: scope, recordedDate: CivilDate(parsing: "2018-12-31")!)
    }
    func payment(county: DivisionCode, fund: String, project: String? = "P1", amount: Int64 = 100) -> FundEvent {
        .disburse(FundDisbursement(county: county, fundID: fund, projectID: project, category: project == nil ? "产业扶贫" : nil,
                                   payee: HandBuiltJournal.roadCompany, amount: Fen(amount), voucher: "v",
                                   effectiveDate: CivilDate(parsing: "2018-12-01")!))
    }

    @Test("every line of the hand-built journal passes the checks when appended in order")
    func handBuiltJournalPasses() throws {
        var projection = FundProjection()
        for line in HandBuiltJournal.lines {
            let target = HandBuiltJournal.lines.reversalTarget(of: line.event)
            try projection.check(line.event, line.context, reversing: target)
            projection.apply(line.event, line.context, reversing: target)
        }
    }

    @Test("a disbursement from a fund never allocated to the county is refused")
    func fundNotAllocated() {
        #expect(throws: SupervisionError.fundNotAllocatedToUnit(entryID: "new", fundID: "F2", unit: "140429")) {
            try state.check(payment(county: HandBuiltJournal.wuxiang, fund: "F2", project: nil), context(HandBuiltJournal.wuxiang))
        }
        #expect(throws: SupervisionError.unknownFund(entryID: "new", fundID: "F9")) {
            try state.check(payment(county: qinyuan, fund: "F9"), context(qinyuan))
        }
    }

    @Test("a payment to an unknown project and a milestone of an unknown project are refused")
    func unknownProject() {
        #expect(throws: SupervisionError.unknownProject(entryID: "new", projectID: "P9")) {
            try state.check(payment(county: qinyuan, fund: "F1", project: "P9"), context(qinyuan))
        }
        let milestone = FundEvent.milestone(ProjectMilestone(projectID: "P9", milestone: "completed", status: .reached,
                                                             effectiveDate: CivilDate(parsing: "2018-12-01")!))
        #expect(throws: SupervisionError.unknownProject(entryID: "new", projectID: "P9")) { try state.check(milestone, context(qinyuan)) }
    }

    @Test("the scope must be the unit the body concerns")
    func scopeMismatch() {
        #expect(throws: SupervisionError.scopeMismatch(entryID: "new", expected: "140431", actual: "140400")) {
            try state.check(payment(county: qinyuan, fund: "F1"), context(HandBuiltJournal.changzhi))
        }
        #expect(throws: SupervisionError.scopeMismatch(entryID: "new", expected: "140431", actual: nil)) {
            try state.check(payment(county: qinyuan, fund: "F1"), context(nil))
        }
        let milestone = FundEvent.milestone(ProjectMilestone(projectID: "P1", milestone: "completed", status: .reached,
                                                             effectiveDate: CivilDate(parsing: "2018-12-01")!))
        #expect(throws: SupervisionError.scopeMismatch(entryID: "new", expected: "140431", actual: "140429")) {
            try state.check(milestone, context(HandBuiltJournal.wuxiang))
        }
    }

    @Test("unknown division codes are refused with the field named")
    func unknownDivision() {
        let unknown = DivisionCode("149999")!
        let allocation = FundEvent.allocate(FundAllocation(fromUnit: HandBuiltJournal.changzhi, toUnit: unknown, fund: HandBuiltJournal.workForRelief,
                                                           fiscalYear: 2018, documentNumber: "示例〔2018〕1号", amount: Fen(1), purposes: ["以工代赈"],
                                                           effectiveDate: CivilDate(parsing: "2018-12-01")!))
        #expect(throws: SupervisionError.unknownDivision(entryID: "new", path: "body.to_unit", code: "149999")) {
            try state.check(allocation, context(HandBuiltJournal.changzhi))
        }
    }

    @Test("a fund re-allocated under another channel is refused")
    func fundConflict() {
        var fund = HandBuiltJournal.workForRelief
        fund.channel = "涉农整合资金"
        let allocation = FundEvent.allocate(FundAllocation(fromUnit: HandBuiltJournal.changzhi, toUnit: qinyuan, fund: fund, fiscalYear: 2018,
                                                           documentNumber: "示例〔2018〕1号", amount: Fen(1), purposes: ["以工代赈"],
                                                           effectiveDate: CivilDate(parsing: "2018-12-01")!))
        #expect(throws: SupervisionError.fundDefinitionConflict(entryID: "new", fundID: "F1", path: "body.fund.channel",
                                                                expected: "以工代赈", actual: "涉农整合资金")) {
            try state.check(allocation, context(HandBuiltJournal.changzhi))
        }
    }

    @Test("duplicate projects and beneficiaries, and exits of unknown beneficiaries, are refused")
    func duplicates() throws {
        guard case .registerProject(let registration) = HandBuiltJournal.lines[8].event else { Issue.record("line 8"); return }
        #expect(throws: SupervisionError.duplicateProject(entryID: "new", projectID: "P1")) {
            try state.check(.registerProject(registration), context(qinyuan))
        }
        let day = CivilDate(parsing: "2018-12-01")!
        let again = FundEvent.registerBeneficiary(BeneficiaryRegistration(pseudonym: HandBuiltJournal.pseudonymH01, county: qinyuan, village: "村A1",
                                                                          householdSize: 4, effectiveDate: day))
        #expect(throws: SupervisionError.duplicateBeneficiary(entryID: "new", pseudonym: HandBuiltJournal.pseudonymH01, county: "140431")) {
            try state.check(again, context(qinyuan))
        }
        let exit = FundEvent.exitBeneficiary(BeneficiaryExit(pseudonym: HandBuiltJournal.pseudonymH02, county: qinyuan, reason: .exited, effectiveDate: day))
        #expect(throws: SupervisionError.unknownBeneficiary(entryID: "new", pseudonym: HandBuiltJournal.pseudonymH02, county: "140431")) {
            try state.check(exit, context(qinyuan))
        }
        // After an exit the household may be registered again.
        var projection = state
        let exitH01 = FundEvent.exitBeneficiary(BeneficiaryExit(pseudonym: HandBuiltJournal.pseudonymH01, county: qinyuan, reason: .exited, effectiveDate: day))
        try projection.check(exitH01, context(qinyuan))
        projection.apply(exitH01, context(qinyuan))
        try projection.check(again, context(qinyuan, sequence: 19))
    }

    @Test("reversals of unknown, mismatched, non-reversible and already reversed entries are refused")
    func reversals() {
        func reversal(_ sequence: Int, _ id: String) -> FundEvent {
            .reverse(EntryReversal(reversedSequence: sequence, reversedID: id, reason: "错", effectiveDate: CivilDate(parsing: "2018-12-01")!))
        }
        // The target is read back from the journal, as the validator does through its lookup.
        func check(_ event: FundEvent, _ context: EntryContext) throws {
            try state.check(event, context, reversing: HandBuiltJournal.lines.reversalTarget(of: event))
        }
        #expect(throws: SupervisionError.unknownEntry(entryID: "new", reversedSequence: 99, reversedID: "e99")) {
            try check(reversal(99, "e99"), context(qinyuan))
        }
        #expect(throws: SupervisionError.unknownEntry(entryID: "new", reversedSequence: 13, reversedID: "e12")) {
            try check(reversal(13, "e12"), context(qinyuan))
        }
        #expect(throws: SupervisionError.entryNotReversible(entryID: "new", reversedSequence: 8, kind: "project.register")) {
            try check(reversal(8, "e8"), context(qinyuan))
        }
        #expect(throws: SupervisionError.entryNotReversible(entryID: "new", reversedSequence: 15, kind: "entry.reverse")) {
            try check(reversal(15, "e15"), context(qinyuan))
        }
        #expect(throws: SupervisionError.entryAlreadyReversed(entryID: "new", reversedSequence: 14, reversingSequence: 15)) {
            try check(reversal(14, "e14"), context(qinyuan))
        }
        #expect(throws: SupervisionError.scopeMismatch(entryID: "new", expected: "140429", actual: "140431")) {
            try check(reversal(17, "e17"), context(qinyuan))
        }
        #expect(throws: Never.self) { try check(reversal(17, "e17"), context(HandBuiltJournal.wuxiang)) }
    }

    @Test("violations are facts: overdraw and payment ahead of progress pass the checks")
    func violationsAreRecorded() {
        // 10,000,000 yuan from a fund that holds 335,000 at the county, beyond the tranche plan.
        #expect(throws: Never.self) { try state.check(payment(county: qinyuan, fund: "F1", amount: 1_000_000_000), context(qinyuan)) }
    }
}
