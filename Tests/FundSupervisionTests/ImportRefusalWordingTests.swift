// The wording of every importer refusal, in Chinese and English, pinned by golden files
// (Golden/ImportRefusals-zh.txt, Golden/ImportRefusals-en.txt): one case per error the importer
// can raise, each a small sheet as a clerk would write it. Refresh with FUNDLEDGER_UPDATE_GOLDEN=1
// and review the wording in the diff.
import Foundation
import Testing
@testable import FundSupervision

@Suite("Import: refusal wording")
struct ImportRefusalWordingTests {
    static let header = "日期,县/区划代码,资金编号,类别,收款人,收款人类型,金额（元）,凭证号"
    static let good = "2018-04-20,140431,F5,产业扶贫,某合作社,合作社,100,V1"

    /// (case name, file bytes, kind).
    static let cases: [(String, [UInt8], ImportKind)] = {
        func sheet(_ rows: String...) -> [UInt8] { Array(([header] + rows).joined(separator: "\r\n").utf8) }
        return [
            ("three decimals", sheet("2018-04-20,140431,F5,产业扶贫,某合作社,合作社,\"1,234.567\",V1"), .disbursements),
            ("negative amount", sheet("2018-04-20,140431,F5,产业扶贫,某合作社,合作社,-100,V1"), .disbursements),
            ("zero amount", sheet("2018-04-20,140431,F5,产业扶贫,某合作社,合作社,0,V1"), .disbursements),
            ("exponent", sheet("2018-04-20,140431,F5,产业扶贫,某合作社,合作社,1.2E+05,V1"), .disbursements),
            ("thousands separators", sheet("2018-04-20,140431,F5,产业扶贫,某合作社,合作社,\"12,34\",V1"), .disbursements),
            ("empty required field", sheet("2018-04-20,140431,F5,产业扶贫,,合作社,100,V1"), .disbursements),
            ("bad date", sheet("2018-02-30,140431,F5,产业扶贫,某合作社,合作社,100,V1"), .disbursements),
            ("bad county code", sheet("2018-04-20,14043,F5,产业扶贫,某合作社,合作社,100,V1"), .disbursements),
            ("unknown county code", sheet("2018-04-20,149999,F5,产业扶贫,某合作社,合作社,100,V1"), .disbursements),
            ("duplicate voucher", sheet(good, "2018-04-21,140431,F5,产业扶贫,某企业,企业,200,V1"), .disbursements),
            ("payee kind not allowed", sheet("2018-04-20,140431,F5,产业扶贫,某合作社,工会,100,V1"), .disbursements),
            ("name instead of pseudonym", sheet("2018-04-20,140431,F5,产业扶贫,张三,农户,100,V1"), .disbursements),
            ("wrong field count", sheet("2018-04-20,140431,F5,产业扶贫,某合作社,合作社,100"), .disbursements),
            ("unknown column", Array((header + ",收款人姓名\r\n" + good + ",张三\r\n").utf8), .disbursements),
            ("missing columns (and one of another kind)", Array("日期,金额(元)\r\n2018-04-20,100\r\n".utf8), .milestones),
            ("undecodable bytes", Array("date,amount_yuan\n".utf8) + [0xFF, 0x41], .disbursements),
            ("malformed CSV", sheet("2018-04-20,140431,F5,产业扶贫,\"某合作社\"x,合作社,100,V1"), .disbursements),
            ("no data rows", Array((header + "\r\n").utf8), .disbursements),
        ]
    }()

    private func rendered(_ language: ReportLanguage) -> String {
        var text = ""
        for (name, bytes, kind) in Self.cases {
            text += "## \(name)\n"
            do {
                _ = try SpreadsheetImport.events(fromCSV: bytes, kind: kind)
                text += "(accepted)\n"
            } catch {
                text += error.messageLines(in: language).joined(separator: "\n") + "\n"
            }
        }
        return text
    }

    private func checkGolden(_ text: String, name: String) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/" + name)
        if ProcessInfo.processInfo.environment["FUNDLEDGER_UPDATE_GOLDEN"] == "1" {
            try Data(text.utf8).write(to: url)
            return
        }
        #expect(text == (try String(contentsOf: url, encoding: .utf8)), "\(name) differs; refresh with FUNDLEDGER_UPDATE_GOLDEN=1 and review the diff")
    }

    @Test("every refusal is worded in Chinese as in the golden file")
    func chinese() throws {
        let text = rendered(.chinese)
        #expect(!text.contains("(accepted)"))
        try checkGolden(text, name: "ImportRefusals-zh.txt")
    }

    @Test("every refusal is worded in English as in the golden file")
    func english() throws {
        let text = rendered(.english)
        #expect(!text.contains("(accepted)"))
        try checkGolden(text, name: "ImportRefusals-en.txt")
    }
}
