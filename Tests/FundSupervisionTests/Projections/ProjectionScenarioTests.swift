// The hand-built journal (Support/HandBuiltJournal.swift) replayed: every figure below was
// computed by hand from its 18 entries, in yuan (×100 = fen).
//
// F1 中央以工代赈 (source central): 000000 issues 3,000,000 → 山西 (seq 0); 山西 forwards 1,000,000
// designated 沁源 and 2,000,000 designated 武乡 to 长治 (1, 2); 长治 forwards 800,000 to 沁源 (3,
// 200,000 withheld) and 2,000,000 to 武乡 (4). 沁源 pools 500,000 (6), pays the road 195,000 (9) and
// 260,000 (11) from the pool, returns 10,000 to 长治 (16). 武乡 pays 100,000 directly (17).
//   000000: issued 3,000,000, available 0
//   140000: received 3,000,000, forwarded 3,000,000, available 0
//   140400: received 3,000,000, forwarded 2,800,000, returned in 10,000 → available 210,000
//   140431: received 800,000, integrated 500,000, disbursed 455,000 (pool 455,000), returned out 10,000
//           → available 335,000, pool 45,000
//   140429: received 2,000,000, disbursed 100,000 → available 1,900,000
//   F1: allocated 3,000,000, integrated 500,000, disbursed 555,000, returned 10,000, available 2,445,000
// F2 县级财政专项 (source county): 沁源 appropriates 700,000 to itself (5), pools 300,000 (7), pays
// H01 3,000 (13); a 30,000 payment (14) is reversed (15).
//   140431: received = issued = 700,000, integrated 300,000, disbursed 3,000 → available 697,000
// 沁源县 totals: received 1,500,000 (以工代赈 800,000 central; 财政专项扶贫资金 700,000 county);
// integrated 800,000 (以工代赈 500,000; 财政专项 300,000); disbursed 458,000 (以工代赈 455,000;
// 产业扶贫 3,000); pool spent 455,000; returned out 10,000; available 1,032,000; pool 345,000.
// P1: budget 650,000, paid 455,000, progress 70.00%, allowed now 455,000 (progress_70 accepted).
// Late: seq 12 (effective 2015-12-31, recorded 2018-05-01, 852 days).
import Testing
@testable import FundSupervision

@Suite("Projection of the hand-built journal")
struct ProjectionScenarioTests {
    let projection = HandBuiltJournal.replay()
    func yuan(_ amount: Int64) -> Fen { Fen(amount * 100) }

    @Test("fund F1 accounts at every level")
    func workForReliefAccounts() throws {
        let fund = try #require(projection.funds["F1"])
        let account = { (code: String) in fund.accounts[DivisionCode(code)!] ?? FundAccount() }
        #expect(account("000000").issued == yuan(3_000_000))
        #expect(account("000000").available == .zero)
        #expect(account("140000").received == yuan(3_000_000))
        #expect(account("140000").forwarded == yuan(3_000_000))
        #expect(account("140000").available == .zero)
        #expect(account("140400").received == yuan(3_000_000))
        #expect(account("140400").forwarded == yuan(2_800_000))
        #expect(account("140400").returnedIn == yuan(10_000))
        #expect(account("140400").available == yuan(210_000))
        #expect(account("140400").designatedByRecipient == [HandBuiltJournal.qinyuan: yuan(1_000_000), HandBuiltJournal.wuxiang: yuan(2_000_000)])
        #expect(account("140400").forwardedByRecipient == [HandBuiltJournal.qinyuan: yuan(800_000), HandBuiltJournal.wuxiang: yuan(2_000_000)])
        #expect(account("140431").received == yuan(800_000))
        #expect(account("140431").integrated == yuan(500_000))
        #expect(account("140431").disbursed == yuan(455_000))
        #expect(account("140431").poolDisbursed == yuan(455_000))
        #expect(account("140431").returnedOut == yuan(10_000))
        #expect(account("140431").available == yuan(335_000))
        #expect(account("140431").poolAvailable == yuan(45_000))
        #expect(account("140429").available == yuan(1_900_000))
        #expect(fund.allocated == yuan(3_000_000))
        #expect(fund.integrated == yuan(500_000))
        #expect(fund.disbursed == yuan(555_000))
        #expect(fund.returned == yuan(10_000))
        #expect(fund.available == yuan(2_445_000))
    }

    @Test("county fund F2: own appropriation, pool, and a reversed payment")
    func countyFund() throws {
        let fund = try #require(projection.funds["F2"])
        let account = try #require(fund.accounts[HandBuiltJournal.qinyuan])
        #expect(account.received == yuan(700_000))
        #expect(account.issued == yuan(700_000))
        #expect(account.integrated == yuan(300_000))
        #expect(account.disbursed == yuan(3_000))
        #expect(account.available == yuan(697_000))
        #expect(fund.available == yuan(697_000))
    }

    @Test("沁源县 integration totals by channel, level, year and category")
    func countyTotals() throws {
        let totals = try #require(projection.units[HandBuiltJournal.qinyuan])
        #expect(totals.received == yuan(1_500_000))
        #expect(totals.receivedByChannel == ["以工代赈": yuan(800_000), "财政专项扶贫资金": yuan(700_000)])
        #expect(totals.receivedBySourceLevel == [.central: yuan(800_000), .county: yuan(700_000)])
        #expect(totals.receivedByYear == [2018: yuan(1_500_000)])
        #expect(totals.integrated == yuan(800_000))
        #expect(totals.integratedByChannel == ["以工代赈": yuan(500_000), "财政专项扶贫资金": yuan(300_000)])
        #expect(totals.integratedBySourceLevel == [.central: yuan(500_000), .county: yuan(300_000)])
        #expect(totals.disbursed == yuan(458_000))
        #expect(totals.disbursedByCategory == ["以工代赈": yuan(455_000), "产业扶贫": yuan(3_000)])
        #expect(totals.poolSpent == yuan(455_000))
        #expect(totals.poolSpentByChannel == ["以工代赈": yuan(455_000)])
        #expect(totals.returnedOut == yuan(10_000))
        #expect(totals.available == yuan(1_032_000))
        #expect(totals.poolAvailable == yuan(345_000))
        #expect(totals.lateEntryCount == 1)
        let changzhi = try #require(projection.units[HandBuiltJournal.changzhi])
        #expect(changzhi.received == yuan(3_000_000))
        #expect(changzhi.forwarded == yuan(2_800_000))
        #expect(changzhi.available == yuan(210_000))
    }

    @Test("project P1: paid, progress and what the tranche plan allows")
    func project() throws {
        let project = try #require(projection.projects["P1"])
        #expect(project.paid == yuan(455_000))
        #expect(project.paymentCount == 2)
        #expect(project.progressBasisPoints == 7_000)
        #expect(project.allowedNow == yuan(455_000))
        #expect(project.acceptedMilestones == ["progress_70"])
    }

    @Test("payees per year and the late-recorded entry")
    func payeesAndLateEntries() {
        #expect(projection.payeeYears[PayeeYear(payee: HandBuiltJournal.roadCompany, year: 2018)]?.paid == yuan(455_000))
        #expect(projection.payeeYears[PayeeYear(payee: HandBuiltJournal.roadCompany, year: 2018)]?.paymentCount == 2)
        let h01 = PayeeYear(payee: Payee(kind: .beneficiary, id: HandBuiltJournal.pseudonymH01), year: 2018)
        #expect(projection.payeeYears[h01]?.paid == yuan(3_000))
        #expect(projection.payeeYears[h01]?.paymentCount == 1)
        #expect(projection.lateEntries.map(\.sequence) == [12])
        #expect(projection.lateEntries.first?.delayDays == 852)
        #expect(projection.invariantViolation() == nil)
    }

    @Test("as of 2018-06-30: later milestone, payment and return are not yet in effect")
    func asOf() throws {
        let midYear = HandBuiltJournal.replay(asOf: CivilDate(parsing: "2018-06-30")!)
        let project = try #require(midYear.projects["P1"])
        #expect(project.paid == yuan(195_000))
        #expect(project.allowedNow == yuan(195_000))
        #expect(project.progressBasisPoints == 0)
        #expect(midYear.funds["F1"]?.accounts[HandBuiltJournal.qinyuan]?.available == yuan(605_000))
        #expect(midYear.units[HandBuiltJournal.changzhi]?.available == yuan(200_000))
    }

    @Test("until seq 14: the 30,000 payment is in, its reversal is not")
    func untilSequence() {
        let before = HandBuiltJournal.replay(untilSequence: 15)
        #expect(before.funds["F2"]?.accounts[HandBuiltJournal.qinyuan]?.disbursed == yuan(33_000))
        let after = HandBuiltJournal.replay(untilSequence: 16)
        #expect(after.funds["F2"]?.accounts[HandBuiltJournal.qinyuan]?.disbursed == yuan(3_000))
        #expect(after.reversingSequence(of: 14) == 15)
    }
}
