import Foundation
import LedgerTestSupport
import Testing
@testable import FundSupervision

/// Goal: a large sheet (its rows mapped on all cores) gives the events and the row problems, in row
/// order, that reading it row by row gives. Method: every valid row of a large seeded sheet against
/// the same row imported alone; planted defects (a short row, repeated vouchers, a bad amount)
/// reported at their rows and in order.
@Suite("import of a large sheet")
struct ImportLargeSheetTests {
    static let header = "日期,县/区划代码,资金编号,项目编号,收款人,收款人类型,金额(元),凭证号"

    static func row(_ index: Int, voucher: String? = nil) -> String {
        "2018-04-\(10 + index % 20),140431,F5,P\(index % 7),某公司\(index),企业,\(index + 1).50,\(voucher ?? "记-\(index)")"
    }

    @Test("each valid row gives the event it gives alone")
    func rowsMatchRowsAlone() throws {
        var generator = SeededRandomNumberGenerator(defaultSeed: 0x1A5E)
        let count = 1_300
        let rows = (0..<count).map { Self.row(Int.random(in: 0..<1_000_000, using: &generator), voucher: "记-\($0)") }
        let events = try SpreadsheetImport.events(fromCSV: Array(([Self.header] + rows).joined(separator: "\n").utf8),
                                                  kind: .disbursements)
        #expect(events.count == count, "seed \(generator.seed)")
        for (index, event) in events.enumerated() {
            var alone = try SpreadsheetImport.events(fromCSV: Array((Self.header + "\n" + rows[index]).utf8), kind: .disbursements)
            alone[0].rowNumber = index + 2
            #expect([event] == alone, "seed \(generator.seed), row \(index + 2)")
        }
    }

    @Test("the defects of a large sheet are reported at their rows, in row order")
    func defectsInRowOrder() throws {
        var rows = (0..<1_200).map { Self.row($0) }
        rows[100] = "2018-04-20,140431,F5"                         // row 102: too few fields
        rows[700] = Self.row(700, voucher: "记-5")                   // row 702: the voucher of row 7
        rows[1_100] = Self.row(1_100, voucher: "记-1000")            // row 1102: the voucher of row 1002
        rows[900] = "2018-04-20,140431,F5,P1,某公司,企业,十元,记-900" // row 902: not an amount
        let csv = Array(([Self.header] + rows).joined(separator: "\n").utf8)
        do {
            _ = try SpreadsheetImport.events(fromCSV: csv, kind: .disbursements)
            Issue.record("a sheet with defects was accepted")
        } catch {
            guard case .invalidRows(let problems) = error else { Issue.record("\(error)"); return }
            #expect(problems.map(\.rowNumber) == [102, 702, 902, 1_102])
            #expect(problems[0].reason == .wrongFieldCount(expected: 8, actual: 3))
            #expect(problems[1].reason == .duplicateVoucher(firstRowNumber: 7))
            #expect(problems[2].reason == .notANumber)
            #expect(problems[3].reason == .duplicateVoucher(firstRowNumber: 1_002))
        }
    }
}
