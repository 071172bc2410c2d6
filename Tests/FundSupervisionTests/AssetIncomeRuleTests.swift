// R-ASSET-INCOME: a village collective's guaranteed return must reach 6% of the injected funds
// by the end of the 年初 window (March) of every full year after the injection.

import FundSupervision
import Testing

@Suite("R-ASSET-INCOME 资产收益不足")
struct AssetIncomeRuleTests {
    typealias J = RuleTestJournal

    /// 500,000 of county funds injected into 经营主体乙 through project P4 on 2018-03-01.
    static func injected() -> (RuleTestJournal, registration: Int, injection: Int) {
        var journal = RuleTestJournal()
        journal.allocate(J.qinyuan, J.qinyuan, J.countyFund, yuan: 1_000_000, on: "2018-01-02", purposes: ["资产收益扶贫"])
        let registration = journal.register(project: "P4", name: "食用菌基地", category: "资产收益扶贫", budget: 500_000,
                                            tranches: [("approved", 500_000)], fund: "F7", on: "2018-02-01")
        let injection = journal.pay(.operatorB, yuan: 500_000, on: "2018-03-01", fund: "F7", project: "P4")
        return (journal, registration, injection)
    }

    @Test("20,000 (4%) distributed by March 2019 is flagged 10,000 short once April begins")
    func flagsShortReturn() throws {
        var (journal, registration, injection) = Self.injected()
        let distribution = journal.pay(.collective, yuan: 20_000, on: "2019-03-15", fund: "F7", project: "P4")
        let trigger = journal.pay(.collective, yuan: 10_000, on: "2019-06-30", fund: "F7", project: "P4")
        let flag = try #require(journal.flags("R-ASSET-INCOME").first)
        #expect(journal.flags("R-ASSET-INCOME").count == 1)
        #expect(flag.id == "R-ASSET-INCOME#\(registration)/2019")
        #expect(flag.evidenceSequences == [registration, injection, distribution])
        #expect(flag.raisedAtSequence == trigger)
        #expect(flag.effectiveDate == J.date("2019-04-01"))
        #expect(flag.amountAtStake == J.yuan(10_000))
        #expect(flag.explanation.zh == "资产收益项目 P4（食用菌基地）注入资金 500,000.00 元，2019 年 3 月底前应分配保底收益不少于 30,000.00 元（6.00%），实际分配 20,000.00 元")
        #expect(flag.explanation.en == "asset-income project P4 (食用菌基地) holds 500,000.00 yuan of injected funds; by the end of month 3 of 2019 it had to distribute at least 30,000.00 yuan (6.00%) but distributed 20,000.00 yuan")
        #expect(journal.flags("R-AHEAD-OF-PROGRESS").isEmpty)
    }

    @Test("30,000 distributed on 31 March raises nothing")
    func exactlySixPercentOnTime() {
        var (journal, _, _) = Self.injected()
        journal.pay(.collective, yuan: 30_000, on: "2019-03-31", fund: "F7", project: "P4")
        #expect(journal.records(asOf: "2019-12-31").filter { $0.flag.ruleID == "R-ASSET-INCOME" }.isEmpty)
    }

    @Test("a reversed distribution leaves the year unpaid")
    func reversedDistribution() throws {
        var (journal, registration, _) = Self.injected()
        let distribution = journal.pay(.collective, yuan: 30_000, on: "2019-02-01", fund: "F7", project: "P4")
        journal.reverse(distribution, on: "2019-02-02")
        let records = journal.records(asOf: "2019-04-01").filter { $0.flag.ruleID == "R-ASSET-INCOME" }
        #expect(records.map(\.flag.id) == ["R-ASSET-INCOME#\(registration)/2019"])
        #expect(records.first?.flag.amountAtStake == J.yuan(30_000))
    }
}
