// The rules catalog (`fundledger rules`) and the anomaly report renderings (table, CSV, JSON).

import FundSupervision
import LedgerJournal
import Testing

@Suite("Rules catalog and anomaly report")
struct RuleCatalogAndReportTests {
    typealias J = RuleTestJournal

    @Test("the catalog lists the 17 rules in engine order, each citing seed-domain ids and documenting every default")
    func catalogCoversEveryRule() {
        let catalog = RulesCatalog()
        let ids = catalog.entries.map(\.descriptor.id)
        #expect(ids == ["R-WITHHOLDING", "R-OVERDRAW", "R-AHEAD-OF-PROGRESS", "R-IDLE", "R-DIVERSION", "R-DUPLICATE",
                        "R-OFF-STANDARD", "R-HOUSEHOLD-CAP", "R-INELIGIBLE-PAYEE", "R-LABOUR-SHARE", "R-ASSET-INCOME",
                        "R-SPLIT-PAYMENT", "R-BACKDATED", "R-PAID-AFTER-FAILED", "R-SEPARATION-OF-DUTIES", "R-LOAN-ELIGIBILITY", "R-PV-INCOME"])
        for entry in catalog.entries {
            #expect(!entry.descriptor.sources.isEmpty, "\(entry.descriptor.id)")
            #expect(entry.descriptor.sources.allSatisfy { !$0.domainIDs.isEmpty }, "\(entry.descriptor.id)")
            #expect(entry.parameters.allSatisfy { !$0.parameter.origin.isEmpty }, "\(entry.descriptor.id)")
            #expect(Set(entry.parameters.map(\.parameter.name)).count == entry.parameters.count, "\(entry.descriptor.id)")
        }
    }

    @Test("a policy.set value in force on the date replaces the default in the catalog, and only from its date")
    func catalogShowsValuesInForce() throws {
        var journal = RuleTestJournal()
        journal.policy("R-IDLE", ["idle_days": 60], from: "2019-01-01")
        let before = try #require(RulesCatalog(engine: journal.engine, on: J.date("2018-12-31")).entries.first { $0.descriptor.id == "R-IDLE" })
        let after = try #require(RulesCatalog(engine: journal.engine, on: J.date("2019-01-01")).entries.first { $0.descriptor.id == "R-IDLE" })
        #expect(before.parameters.first?.value == 90)
        #expect(before.parameters.first?.isOverridden == false)
        #expect(after.parameters.first?.value == 60)
        #expect(after.parameters.first?.isOverridden == true)
        #expect(after.parameters.first?.text(in: .chinese) == "60 天")
        let text = RulesCatalog(engine: journal.engine, on: J.date("2019-01-01")).render(.table, language: .english)
        #expect(text.contains("  idle_days = 60 days [policy.set]  — days after receipt within which money must be forwarded, integrated or disbursed when the allocation states no deadline; "))
    }

    static func overdrawn() -> (RuleTestJournal, Int) {
        var journal = RuleTestJournal()
        journal.allocate(J.central, J.qinyuan, yuan: 1_000_000, on: "2018-03-01")
        journal.pay(.roadCompany, yuan: 600_000, on: "2018-04-01")
        let crossing = journal.pay(.roadCompany, yuan: 500_000, on: "2018-05-01", voucher: "记-2018,05")
        return (journal, crossing)
    }

    @Test("the CSV report has stable English headers, plain amounts and RFC 4180 quoting")
    func csvReport() {
        let (journal, crossing) = Self.overdrawn()
        let csv = AnomalyReport(records: journal.records(), ruleID: "R-OVERDRAW").render(.csv, language: .chinese)
        #expect(csv == """
            flag,status,severity,county,project,fund,payee,amount_yuan,effective,evidence seqs,explanation\r
            R-OVERDRAW#\(crossing),open,major,140431,,F5,某路桥公司,100000.00,2018-05-01,\(crossing),"沁源县(140431) 资金 F5 累计支出 1,100,000.00 元，仅收到 1,000,000.00 元，超拨 100,000.00 元"\r

            """)
    }

    @Test("the JSON report is canonical JSON with amounts in fen and both explanations")
    func jsonReport() {
        let (journal, crossing) = Self.overdrawn()
        let json = AnomalyReport(records: journal.records(), ruleID: "R-OVERDRAW").render(.json, language: .english)
        #expect(json == """
            {"amount_fen":10000000,"count":1,"flags":[{"amount_fen":10000000,"county":"140431","effective_date":"2018-05-01","evidence":[\(crossing)],"explanation":{"en":"沁源县(140431) has used 1,100,000.00 yuan of fund F5 but received only 1,000,000.00 yuan; 100,000.00 yuan overdrawn","zh":"沁源县(140431) 资金 F5 累计支出 1,100,000.00 元，仅收到 1,000,000.00 元，超拨 100,000.00 元"},"fund":"F5","id":"R-OVERDRAW#\(crossing)","payee":"某路桥公司","raised_at_seq":\(crossing),"rule":"R-OVERDRAW","severity":"major","status":"open"}],"report":"anomalies"}

            """)
    }

    @Test("the table aligns wide characters and ends with a total; a dismissed flag shows its reason")
    func tableReport() {
        var (journal, crossing) = Self.overdrawn()
        let disposal = journal.dispose("R-OVERDRAW#\(crossing)", .dismissed, reason: "已追加下达", on: "2018-06-01")
        let table = AnomalyReport(records: journal.records(), ruleID: "R-OVERDRAW").render(.table, language: .chinese)
        let lines = table.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("标识"))
        #expect(lines[1].hasPrefix("R-OVERDRAW#\(crossing)"))
        #expect(lines[1].contains("不予认定 @\(disposal)：已追加下达"))
        #expect(lines[2] == "共 1 条，待处理 0 条，涉及金额 100,000.00 元")
        // Columns line up in terminal cells: the explanation starts at the same column in header and row.
        let headerColumn = DisplayWidth.of(String(lines[0].prefix(upTo: lines[0].range(of: "说明")!.lowerBound)))
        let rowColumn = DisplayWidth.of(String(lines[1].prefix(upTo: lines[1].range(of: "沁源县(140431) 资金")!.lowerBound)))
        #expect(headerColumn == rowColumn)
    }
}
