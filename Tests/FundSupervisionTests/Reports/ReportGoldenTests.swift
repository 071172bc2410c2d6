// Golden files of the balances and counties reports of the hand-built journal
// (Support/HandBuiltJournal.swift; every figure is derived by hand in ProjectionScenarioTests).
// Spot checks below tie the rendered text to those hand-computed figures, so that a refreshed
// golden file cannot silently carry a wrong number.
import Testing
@testable import FundSupervision

@Suite("Report golden files")
struct ReportGoldenTests {
    let projection = HandBuiltJournal.replay()

    func text(_ report: Report, _ format: ReportFormat, _ language: ReportLanguage) -> String {
        String(decoding: report.rendered(as: format, language: language), as: UTF8.self)
    }

    @Test("balances: table (zh, en), CSV with BOM, JSON")
    func balances() throws {
        let report = Report.balances(projection)
        try GoldenFile.check(report.rendered(as: .table, language: .chinese), named: "balances.zh.txt")
        try GoldenFile.check(report.rendered(as: .table, language: .english), named: "balances.en.txt")
        try GoldenFile.check(report.rendered(as: .csv, language: .chinese, includesByteOrderMark: true), named: "balances.zh.csv")
        try GoldenFile.check(report.rendered(as: .json, language: .chinese), named: "balances.json")
        let table = text(report, .table, .chinese)
        // F1: allocated 3,000,000, integrated 500,000, disbursed 555,000, returned 10,000, available 2,445,000.
        #expect(table.contains("3,000,000.00  500,000.00  555,000.00  10,000.00  2,445,000.00"))
        // Totals: allocated 3,700,000; disbursed 558,000; available 3,142,000.
        #expect(table.contains("3,700,000.00  800,000.00  558,000.00  10,000.00  3,142,000.00"))
        // P1: budget 650,000, paid 455,000, progress 70.00%, allowed 455,000.
        #expect(table.contains("650,000.00  455,000.00  70.00%  455,000.00  progress_70"))
    }

    @Test("counties: table (zh, en), CSV, JSON")
    func counties() throws {
        let report = Report.counties(projection)
        try GoldenFile.check(report.rendered(as: .table, language: .chinese), named: "counties.zh.txt")
        try GoldenFile.check(report.rendered(as: .table, language: .english), named: "counties.en.txt")
        try GoldenFile.check(report.rendered(as: .csv, language: .english), named: "counties.en.csv")
        try GoldenFile.check(report.rendered(as: .json, language: .english), named: "counties.json")
        let csv = text(report, .csv, .chinese)
        // 沁源县: received 1,500,000, integrated 800,000, pool spent 455,000, pool left 345,000,
        // disbursed 458,000, returned 10,000, available 1,032,000, one late entry.
        #expect(csv.contains("140431,沁源县,县级,1500000.00,0.00,800000.00,455000.00,345000.00,458000.00,10000.00,0.00,1032000.00,1\r\n"))
        // 长治市 withheld 200,000: received 3,000,000, forwarded 2,800,000, got 10,000 back.
        #expect(csv.contains("140400,长治市,市级,3000000.00,2800000.00,0.00,0.00,0.00,0.00,0.00,10000.00,210000.00,0\r\n"))
    }

    @Test("as of 2018-06-30 the road has 195,000 paid and 沁源县 holds 1,302,000")
    func asOf() throws {
        let report = Report.counties(HandBuiltJournal.replay(asOf: CivilDate(parsing: "2018-06-30")!))
        try GoldenFile.check(report.rendered(as: .table, language: .chinese), named: "counties.as-of-2018-06-30.zh.txt")
        // By 2018-06-30: received 1,500,000; disbursed 195,000 + 3,000 = 198,000; nothing returned.
        #expect(text(report, .csv, .chinese).contains("140431,沁源县,县级,1500000.00,0.00,800000.00,195000.00,605000.00,198000.00,0.00,0.00,1302000.00,1\r\n"))
    }

    @Test("the same journal gives byte-identical reports and digests on every replay")
    func deterministic() {
        for format in ReportFormat.allCases {
            for language in ReportLanguage.allCases {
                let first = Report.balances(HandBuiltJournal.replay()).rendered(as: format, language: language)
                let second = Report.balances(HandBuiltJournal.replay()).rendered(as: format, language: language)
                #expect(first == second)
                #expect(Report.digest(of: first) == Report.digest(of: second))
            }
        }
    }
}
