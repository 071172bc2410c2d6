// Progress bars (issue #7). Goal: `verify`, `report`, `generate` and `import` draw a bar on standard
// error only when it is a terminal, and nothing at all otherwise. Method: the drawing function and
// the redraw rule in-process with a captured writer; `import` end to end with standard error a file.
import Foundation
import LedgerTestSupport
import Testing
@testable import fundledger

@Suite("progress bars")
struct ProgressBarTests {
    @Test("the bar is drawn as carriage return, label, 30 cells and the percentage")
    func rendering() {
        #expect(ProgressBar.rendered(label: "reading rows", percent: 0) == "\rreading rows [..............................] 0%")
        #expect(ProgressBar.rendered(label: "校验", percent: 50) == "\r校验 [###############...............] 50%")
        #expect(ProgressBar.rendered(label: "appending", percent: 100) == "\rappending [##############################] 100%")
        #expect(ProgressBar.rendered(label: "x", percent: 33) == "\rx [#########.....................] 33%")
    }

    @Test("an enabled bar redraws once per percent and clears its line once")
    func redrawRule() {
        var written: [String] = []
        let bar = ProgressBar(label: "validating", total: 200, isEnabled: true, write: { written.append($0) })
        for done in 0...5 { bar.update(done) }
        bar.update(400)
        bar.finish()
        bar.finish()
        #expect(written == [
            ProgressBar.rendered(label: "validating", percent: 0), ProgressBar.rendered(label: "validating", percent: 1),
            ProgressBar.rendered(label: "validating", percent: 2), ProgressBar.rendered(label: "validating", percent: 100),
            ProgressBar.clearLine,
        ])
    }

    @Test("a disabled bar writes nothing, and bars are enabled only on a terminal without FUNDLEDGER_NO_PROGRESS")
    func disabled() {
        var written: [String] = []
        let bar = ProgressBar(label: "reading rows", total: 10, isEnabled: false, write: { written.append($0) })
        for done in 0...10 { bar.update(done) }
        bar.finish()
        #expect(written.isEmpty)
        #expect(!ProgressBar.shouldDraw(standardErrorIsTerminal: false, environment: [:]))
        #expect(ProgressBar.shouldDraw(standardErrorIsTerminal: true, environment: [:]))
        #expect(ProgressBar.shouldDraw(standardErrorIsTerminal: true, environment: ["FUNDLEDGER_NO_PROGRESS": ""]))
        #expect(!ProgressBar.shouldDraw(standardErrorIsTerminal: true, environment: ["FUNDLEDGER_NO_PROGRESS": "1"]))
    }

    @Test("import with standard error not a terminal prints nothing on it, and imports every row")
    func importSilentWhenNotTerminal() throws {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Journal")
        let scratch = try TemporaryDirectory(prefix: "fundledger-import-progress")
        defer { scratch.remove() }
        let directory = scratch.url
        for name in ["demo.jsonl", "demo-qinyuan-finance.key"] {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: directory.appendingPathComponent(name))
        }
        #expect(chmod(directory.appendingPathComponent("demo-qinyuan-finance.key").path, 0o600) == 0)
        let rows = (1...40).map { "2019-12-0\($0 % 9 + 1),140431,F7,QY-2018-P4,经营主体乙,企业,1.00,进度测试-\($0)" }
        let sheet = "日期,县/区划代码,资金编号,项目编号,收款人,收款人类型,金额(元),凭证号\n" + rows.joined(separator: "\n") + "\n"
        try Data(sheet.utf8).write(to: directory.appendingPathComponent("sheet.csv"))
        // An empty FUNDLEDGER_NO_PROGRESS leaves the decision to the terminal check alone.
        let result = try FundLedgerProcess.run(
            ["import", "demo.jsonl", "--key", "demo-qinyuan-finance.key", "--kind", "disbursements", "sheet.csv"],
            in: directory, environment: ["FUNDLEDGER_NO_PROGRESS": ""])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        #expect(result.stdout.split(separator: "\n").filter { $0.hasPrefix("seq ") }.count == 40)
    }
}
