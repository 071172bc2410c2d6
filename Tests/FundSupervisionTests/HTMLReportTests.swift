// HTMLReport: golden files for a hand-built input in both languages, and the properties the
// evaluator relies on: one self-contained file (no scripts, URLs or fonts fetched), user text
// escaped, bars proportional to the figures, deterministic output.
// Refresh the golden files with FUNDLEDGER_UPDATE_GOLDEN=1 and review the diff (and the PNG from
// Tools/html/run).
import Foundation
import Testing
@testable import FundSupervision

@Suite("HTML report")
struct HTMLReportTests {
    /// A small supervision picture: five counties of 长治市 (GB/T 2260 codes), a year of payments,
    /// four funds, three flags. Figures are invented for the test.
    static let sample = HTMLReportInput(
        journalPath: "Journal/demo.jsonl",
        asOfDate: CivilDate(year: 2019, month: 2, day: 28),
        verification: .init(isVerified: true, entryCount: 1_284),
        checkpoint: .init(origin: "fundledger.example/demo", treeSize: 1_284,
                          rootHash: "qL0Z0u7Xhm3T1s8pN2y4b6kC9dE1fG3hJ5kL7mN9pQ0=", filePath: "Journal/demo.checkpoint"),
        counties: [
            .init(code: "140431", name: "沁源县", integrated: Fen(1_250_000_000), spent: Fen(812_500_000)),
            .init(code: "140429", name: "武乡县", integrated: Fen(2_100_000_000), spent: Fen(1_995_000_000)),
            .init(code: "140425", name: "平顺县", integrated: Fen(1_680_000_000), spent: Fen(420_000_000)),
            .init(code: "140427", name: "壶关县", integrated: Fen(960_000_000), spent: Fen(960_000_000)),
            .init(code: "140430", name: "沁县", integrated: Fen(0), spent: Fen(0)),
        ],
        monthlyDisbursements: [
            .init(year: 2018, month: 3, amount: Fen(120_000_000)),
            .init(year: 2018, month: 4, amount: Fen(395_490_000)),
            .init(year: 2018, month: 5, amount: Fen(210_000_050)),
            .init(year: 2018, month: 6, amount: Fen(688_000_000)),
            .init(year: 2018, month: 8, amount: Fen(305_500_000)),
            .init(year: 2018, month: 9, amount: Fen(512_000_000)),
            .init(year: 2018, month: 10, amount: Fen(97_000_000)),
            .init(year: 2018, month: 11, amount: Fen(731_250_000)),
            .init(year: 2018, month: 12, amount: Fen(1_020_000_000)),
            .init(year: 2019, month: 1, amount: Fen(45_000_000)),
            .init(year: 2019, month: 2, amount: Fen(63_260_000)),
        ],
        balances: [
            .init(unit: "沁源县 140431", fundID: "F5", fundName: "中央以工代赈资金", channel: "以工代赈",
                  allocated: Fen(800_000_000), integrated: Fen(500_000_000), disbursed: Fen(455_000_000),
                  returned: Fen(1_000_000), available: Fen(344_000_000)),
            .init(unit: "沁源县 140431", fundID: "F2", fundName: "中央财政专项扶贫资金", channel: "财政专项扶贫资金",
                  allocated: Fen(1_200_000_000), integrated: Fen(750_000_000), disbursed: Fen(357_500_000),
                  returned: Fen(0), available: Fen(842_500_000)),
            .init(unit: "武乡县 140429", fundID: "F7", fundName: "省级涉农整合资金", channel: "涉农整合资金",
                  allocated: Fen(2_100_000_000), integrated: Fen(2_100_000_000), disbursed: Fen(2_145_000_000),
                  returned: Fen(0), available: Fen(-45_000_000)),
            .init(unit: "平顺县 140425", fundID: "F9", fundName: "光伏扶贫专项资金", channel: "财政专项扶贫资金",
                  allocated: Fen(1_680_000_000), integrated: Fen(1_680_000_000), disbursed: Fen(420_000_000),
                  returned: Fen(0), available: Fen(1_260_000_000)),
        ],
        flags: [
            .init(id: "fund-overdrawn#812", ruleTitle: BilingualText(zh: "资金超支", en: "Fund overdrawn"), severity: .major,
                  unit: "武乡县 140429", amountAtStake: Fen(45_000_000),
                  explanation: BilingualText(zh: "武乡县 F7 累计拨付 21,450,000.00 元，超过下达与整合的 21,000,000.00 元。", en: "Wuxiang county paid 21,450,000.00 yuan from F7, more than the 21,000,000.00 yuan it received."),
                  evidenceSequences: [140, 812]),
            .init(id: "withholding#57/140431", ruleTitle: BilingualText(zh: "截留指定资金", en: "Designated funds withheld"),
                  severity: .critical, unit: "长治市 140400", amountAtStake: Fen(300_000_000),
                  explanation: BilingualText(zh: "长治市收到指定给沁源县的 8,000,000.00 元，只转拨了 5,000,000.00 元。", en: "Changzhi received 8,000,000.00 yuan designated for Qinyuan and forwarded only 5,000,000.00 yuan."),
                  evidenceSequences: [57, 91]),
            .init(id: "funds-idle#33", ruleTitle: BilingualText(zh: "资金滞留", en: "Funds idle too long"), severity: .minor,
                  status: .dismissed(sequence: 1_250, reason: "已另文批准延期使用"),
                  unit: "平顺县 140425", amountAtStake: Fen(1_260_000_000),
                  explanation: BilingualText(zh: "平顺县 F9 有 12,600,000.00 元超过使用期限 2018-12-31 仍未使用。", en: "Pingshun county has 12,600,000.00 yuan of F9 unused past its use-by date 2018-12-31."),
                  evidenceSequences: [33]),
        ])

    private static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    private func checkGolden(_ text: String, name: String) throws {
        let url = Self.goldenDirectory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["FUNDLEDGER_UPDATE_GOLDEN"] == "1" {
            try Data(text.utf8).write(to: url)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(text == expected, "\(name) differs; refresh with FUNDLEDGER_UPDATE_GOLDEN=1 and review the diff")
    }

    @Test("the sample report matches its golden file in Chinese")
    func goldenChinese() throws {
        try checkGolden(HTMLReport.render(Self.sample, language: .chinese), name: "HTMLReport-sample-zh.html")
    }

    @Test("the sample report matches its golden file in English")
    func goldenEnglish() throws {
        try checkGolden(HTMLReport.render(Self.sample, language: .english), name: "HTMLReport-sample-en.html")
    }

    @Test("the file is self-contained: no scripts, URLs, external fonts or images", arguments: [ReportLanguage.chinese, .english])
    func selfContained(language: ReportLanguage) {
        let html = HTMLReport.render(Self.sample, language: language).lowercased()
        for forbidden in ["<script", "javascript:", "http:", "https:", "url(", "@import", "@font-face", "<link", "<img", "<iframe", " src=", " href=", "onload="] {
            #expect(!html.contains(forbidden), "found \(forbidden)")
        }
        #expect(html.hasPrefix("<!doctype html>"))
        #expect(html.components(separatedBy: "<svg").count == 3)
    }

    @Test("user text is escaped in HTML and SVG, never interpreted")
    func escaping() {
        var input = Self.sample
        input.counties[0].name = "<script>alert(1)</script>"
        input.balances[0].fundName = "A&B \"基金\" 'x'"
        input.flags[0].explanation.zh = "</p><img src=x onerror=alert(1)>"
        input.journalPath = "a<b>.jsonl"
        let html = HTMLReport.render(input, language: .chinese)
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("A&amp;B &quot;基金&quot; &#39;x&#39;"))
        #expect(html.contains("&lt;/p&gt;&lt;img src=x onerror=alert(1)&gt;"))
        #expect(html.contains("fundledger prove &#39;a&lt;b&gt;.jsonl&#39; --index 140 --checkpoint Journal/demo.checkpoint"))
        #expect(HTMLEscaping.escaped("a\u{0}b\u{1B}c\n") == "abc\n")
    }

    @Test("paths in commands are single shell words")
    func shellWords() {
        #expect(HTMLReport.shellWord("Journal/demo.jsonl") == "Journal/demo.jsonl")
        #expect(HTMLReport.shellWord("账本/沁源县.jsonl") == "账本/沁源县.jsonl")
        #expect(HTMLReport.shellWord("my journal.jsonl") == "'my journal.jsonl'")
        #expect(HTMLReport.shellWord("a'b;rm") == "'a'\\''b;rm'")
        #expect(HTMLReport.shellWord("") == "''")
    }

    @Test("every evidence entry gets its prove and verify-proof commands")
    func proofCommands() {
        let html = HTMLReport.render(Self.sample, language: .english)
        for sequence in [140, 812, 57, 91, 33] {
            #expect(html.contains("fundledger prove Journal/demo.jsonl --index \(sequence) --checkpoint Journal/demo.checkpoint &gt; entry-\(sequence).tlog-proof"))
            #expect(html.contains("fundledger verify-proof entry-\(sequence).tlog-proof --verifier-key KEY"))
        }
    }

    @Test("the flag section opens with counts by severity and the number still open")
    func flagSummary() {
        #expect(HTMLReport.render(Self.sample, language: .chinese).contains("<p class=\"summary\">严重 1 · 较重 1 · 一般 1 · 待处理 2</p>"))
        #expect(HTMLReport.render(Self.sample, language: .english).contains("<p class=\"summary\">critical 1 · major 1 · minor 1 · open 2</p>"))
    }

    @Test("verification failure and missing checkpoint are shown, with findings escaped")
    func failureState() {
        var input = Self.sample
        input.verification = .init(isVerified: false, entryCount: 10, findings: ["entry 7: signature <invalid>"])
        input.checkpoint = nil
        let html = HTMLReport.render(input, language: .english)
        #expect(html.contains("✗ Verification failed"))
        #expect(html.contains("<li>entry 7: signature &lt;invalid&gt;</li>"))
        #expect(html.contains("No signed checkpoint yet"))
        #expect(html.contains("--checkpoint CHECKPOINT"))
    }

    @Test("bar lengths are proportional to the amounts, computed without overflow")
    func barGeometry() {
        #expect(SVGChart.scaled(50, of: 100, pixels: 470) == 235)
        #expect(SVGChart.scaled(0, of: 100, pixels: 470) == 0)
        #expect(SVGChart.scaled(-5, of: 100, pixels: 470) == 0)
        #expect(SVGChart.scaled(100, of: 100, pixels: 470) == 470)
        #expect(SVGChart.scaled(Int64.max / 2, of: Int64.max, pixels: 1_000) == 499)
        let svg = SVGChart.countyBars(Self.sample.counties, language: .chinese)
        // 武乡县 has the largest pool (21,000,000.00 元): full width; 沁源县 12,500,000.00 → 560 × 1250/2100 = 333.
        #expect(svg.contains("width=\"560\" height=\"26\" fill=\"#9cc3e6\""))
        #expect(svg.contains("width=\"333\" height=\"26\" fill=\"#9cc3e6\""))
        // 沁源县 spent 8,125,000.00 of 12,500,000.00 = 65%.
        #expect(svg.contains("已支出 8,125,000.00 (65%)"))
        #expect(svg.contains("(—)"))
    }

    @Test("the month axis is continuous and its ticks are 1-2-5 steps")
    func monthAxis() {
        #expect(SVGChart.tickStep(for: 1_020_000_000) == 200_000_000)
        #expect(SVGChart.tickStep(for: 7) == 2)
        #expect(SVGChart.tickStep(for: 100) == 20)
        #expect(SVGChart.tickStep(for: 120) == 20)
        #expect(SVGChart.tickStep(for: 121) == 50)
        #expect(SVGChart.tickLabel(500_000_000) == "5,000,000")
        #expect(SVGChart.tickLabel(150) == "1.50")
        let svg = SVGChart.monthlyColumns(Self.sample.monthlyDisbursements, language: .english)
        // March 2018 to February 2019 is 12 months, July 2018 included with no payment.
        #expect(svg.components(separatedBy: "<rect").count - 1 == 12)
        #expect(svg.contains("<title>2018-07: 0.00</title>"))
        #expect(svg.contains("<title>2018-05: 2,100,000.50</title>"))
        // Two months in a 875-unit plot: slots of 437, columns capped at 64.
        let short = SVGChart.monthlyColumns(Array(Self.sample.monthlyDisbursements.prefix(2)), language: .english)
        #expect(short.contains("width=\"\(SVGChart.maximumColumnWidth)\""))
    }
}
