// Every refusal of the importer, asserting row (as a spreadsheet numbers it), column as written,
// value as written and reason: bad amounts (three decimals, negative, zero, exponent, separators),
// empty required fields, bad dates and county codes, duplicate vouchers, unknown and missing
// columns, wrong field counts, undecodable bytes. One file with many bad rows lists every one.
import Foundation
import Testing
import LedgerJournal
@testable import FundSupervision

@Suite("Import: refusals")
struct ImportRefusalTests {
    static let header = "日期,县/区划代码,资金编号,类别,收款人,收款人类型,金额（元）,凭证号"

    private func refusal(_ csv: String, kind: ImportKind = .disbursements) -> ImportError? {
        refusal(bytes: Array(csv.utf8), kind: kind)
    }

    private func refusal(bytes: [UInt8], kind: ImportKind = .disbursements) -> ImportError? {
        do {
            _ = try SpreadsheetImport.events(fromCSV: bytes, kind: kind)
            return nil
        } catch {
            return error
        }
    }

    private func rowProblems(_ csv: String, kind: ImportKind = .disbursements) -> [RowProblem] {
        guard case .invalidRows(let problems) = refusal(csv, kind: kind) else {
            Issue.record("expected invalidRows, got \(String(describing: refusal(csv, kind: kind)))")
            return []
        }
        return problems
    }

    @Test("one file with many bad rows lists every bad row with row, column, value and reason")
    func everyBadRowListed() {
        let csv = [
            Self.header,
            "2018-04-20,140431,F5,产业扶贫,某合作社,合作社,\"1,234.567\",V1",   // row 2: three decimals
            "2018-04-20,140431,F5,产业扶贫,某合作社,合作社,-100,V2",              // row 3: negative
            "2018-04-20,140431,F5,产业扶贫,,合作社,100,V3",                       // row 4: empty payee
            "2018-02-30,140431,F5,产业扶贫,某合作社,合作社,100,V4",               // row 5: no 30 February
            "2018-04-20,14043,F5,产业扶贫,某合作社,合作社,100,V5",                // row 6: five digits
            "2018-04-20,140431,F5,产业扶贫,某合作社,合作社,100,V7",               // row 7: good
            "2018-04-20,140431,F5,产业扶贫,某公司,企业,200,V7",                   // row 8: voucher of row 7
            "2018-04-20,140431,F5,产业扶贫,某合作社,合作社,0.00,V9",              // row 9: zero
            "2018-04-20,140431,F5,产业扶贫,某合作社,合作社,1.2E+05,V10",          // row 10: exponent
            "2018-04-20,140431,F5,产业扶贫,某合作社,合作社,\"12,34.00\",V11",     // row 11: separators
            "2018年4月,140431,F5,产业扶贫,某合作社,工会,一百元,V12",               // row 12: three problems
            "2018-04-20,140431,F5,产业扶贫,某合作社,合作社,100",                  // row 13: a field short
            "2018-04-20,149999,F5,产业扶贫,某合作社,合作社,100,V14",              // row 14: no such county
        ].joined(separator: "\r\n")
        let problems = rowProblems(csv)
        #expect(problems == [
            RowProblem(rowNumber: 2, header: "金额（元）", value: "1,234.567", reason: .tooManyDecimals(decimalCount: 3)),
            RowProblem(rowNumber: 3, header: "金额（元）", value: "-100", reason: .negativeAmount),
            RowProblem(rowNumber: 4, header: "收款人", value: "", reason: .emptyRequiredValue),
            RowProblem(rowNumber: 5, header: "日期", value: "2018-02-30", reason: .invalidDate),
            RowProblem(rowNumber: 6, header: "县/区划代码", value: "14043", reason: .invalidDivisionCode),
            RowProblem(rowNumber: 8, header: "凭证号", value: "V7", reason: .duplicateVoucher(firstRowNumber: 7)),
            RowProblem(rowNumber: 9, header: "金额（元）", value: "0.00", reason: .zeroAmount),
            RowProblem(rowNumber: 10, header: "金额（元）", value: "1.2E+05", reason: .exponentNotation),
            RowProblem(rowNumber: 11, header: "金额（元）", value: "12,34.00", reason: .malformedThousandsSeparators),
            RowProblem(rowNumber: 12, header: "日期", value: "2018年4月", reason: .invalidDate),
            RowProblem(rowNumber: 12, header: "收款人类型", value: "工会",
                       reason: .notAllowed(allowed: ["单位", "unit", "合作社", "cooperative", "企业", "enterprise", "村集体", "village_collective", "农户", "受益户", "个人", "beneficiary"])),
            RowProblem(rowNumber: 12, header: "金额（元）", value: "一百元", reason: .notANumber),
            RowProblem(rowNumber: 13, header: nil, value: "", reason: .wrongFieldCount(expected: 8, actual: 7)),
            RowProblem(rowNumber: 14, header: "县/区划代码", value: "149999", reason: .unknownDivisionCode),
        ])
    }

    @Test("amount cells: what converts exactly and why the rest is refused")
    func amounts() {
        let accepted: [(String, Int64)] = [
            ("1,234.50", 123_450), ("1234.5", 123_450), ("￥1,234.50", 123_450), ("¥1234", 123_400),
            ("1234", 123_400), ("0.01", 1), (" 12,345,678.09 ", 1_234_567_809), ("１，２３４．５０", 123_450),
            ("100元", 10_000), ("100000000000", 10_000_000_000_000),
        ]
        for (text, fen) in accepted {
            #expect(YuanAmount.fen(fromYuan: text) == .success(Fen(fen)), "\(text)")
        }
        let refused: [(String, RowProblemReason)] = [
            ("1.234", .tooManyDecimals(decimalCount: 3)), ("0.001", .tooManyDecimals(decimalCount: 3)),
            ("-1.00", .negativeAmount), ("(1.00)", .negativeAmount), ("0", .zeroAmount), ("0.00", .zeroAmount),
            ("1e5", .exponentNotation), ("1.5E+03", .exponentNotation), ("1,23", .malformedThousandsSeparators),
            ("1234,567", .malformedThousandsSeparators), (",123", .malformedThousandsSeparators),
            ("1.00,0", .malformedThousandsSeparators), ("abc", .notANumber), ("1.", .notANumber), (".5", .notANumber),
            ("1.2.3", .notANumber), ("+5", .notANumber), ("", .notANumber),
            ("100000000000.01", .amountTooLarge(maximumFen: 10_000_000_000_000)),
            ("99999999999999999999", .amountTooLarge(maximumFen: 10_000_000_000_000)),
        ]
        for (text, reason) in refused {
            #expect(YuanAmount.fen(fromYuan: text) == .failure(reason), "\(text)")
        }
    }

    @Test("an unknown column is refused, listing the accepted columns")
    func unknownColumn() {
        let csv = Self.header + ",收款人姓名\n2018-04-20,140431,F5,产业扶贫,某合作社,合作社,100,V1,张三\n"
        #expect(refusal(csv) == .invalidHeader([
            .unknownColumn(header: "收款人姓名", columnNumber: 9, accepted: ImportKind.disbursements.acceptedColumns),
        ]))
    }

    @Test("missing required columns and duplicate columns are all listed")
    func headerProblems() {
        let csv = "日期,金额(元),amount_yuan,凭证号\n2018-04-20,100,100,V1\n"
        #expect(refusal(csv) == .invalidHeader([
            .duplicateColumn(header: "amount_yuan", columnNumber: 3, firstColumnNumber: 2),
            .missingColumn(.countyCode), .missingColumn(.fundID), .missingColumn(.payee), .missingColumn(.payeeKind),
        ]))
        // A column that belongs to another kind is unknown here.
        let milestones = "日期,区划代码,项目编号,节点,状态,收款人\n"
        guard case .invalidHeader(let problems) = refusal(milestones, kind: .milestones) else {
            Issue.record("expected invalidHeader"); return
        }
        #expect(problems == [.unknownColumn(header: "收款人", columnNumber: 6, accepted: ImportKind.milestones.acceptedColumns)])
    }

    @Test("an empty header cell is refused when its column has values, ignored when it is empty")
    func emptyHeader() {
        let used = Self.header + ",\n2018-04-20,140431,F5,产业扶贫,某合作社,合作社,100,V1,x\n"
        #expect(refusal(used) == .invalidHeader([.emptyHeader(columnNumber: 9)]))
        let unused = Self.header + ",\n2018-04-20,140431,F5,产业扶贫,某合作社,合作社,100,V1,\n"
        #expect(refusal(unused) == nil)
    }

    @Test("files without a header or without data rows are refused")
    func emptyFiles() {
        #expect(refusal("") == .missingHeader)
        #expect(refusal("\n\n") == .missingHeader)
        #expect(refusal(Self.header + "\r\n,,,,,,,\r\n") == .noDataRows)
    }

    @Test("undecodable bytes are refused with the offset where the likelier encoding stopped")
    func undecodable() {
        // ASCII, then 0xFF: neither UTF-8 nor GB18030 can start a character with it.
        let ascii = Array("date,amount_yuan\n".utf8)
        #expect(refusal(bytes: ascii + [0xFF, 0x41]) == .undecodableText(byteOffset: 17, bytes: [0xFF, 0x41], encoding: .utf8))
        // GB18030 text (沁源县 = c7df d4b4 cfd8) cut inside a two-byte character: UTF-8 fails at
        // byte 0, GB18030 reads on to byte 6, so the GB18030 offset is reported.
        #expect(refusal(bytes: [0xC7, 0xDF, 0xD4, 0xB4, 0xCF, 0xD8, 0x81]) == .undecodableText(byteOffset: 6, bytes: [0x81], encoding: .gb18030))
        // Well-formed GB18030 structure that names no character (FE39FE39 is past U+10FFFF).
        guard case .undecodableText(let offset, _, _) = refusal(bytes: Array("ab".utf8) + [0xFE, 0x39, 0xFE, 0x39]) else {
            Issue.record("expected undecodableText"); return
        }
        #expect(offset == 2)
        // Code page 936's euro sign (0x80), which Excel writes, decodes.
        #expect((try? SpreadsheetEncoding.decode([0x61, 0x80]))?.text == "a€")
        // A UTF-8 BOM declares UTF-8: a bad byte after it is reported as UTF-8, counting the BOM.
        let withBOM: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("日期".utf8) + [0xC0, 0x80]
        #expect(refusal(bytes: withBOM) == .undecodableText(byteOffset: 9, bytes: [0xC0, 0x80], encoding: .utf8WithBOM))
        // UTF-16 with an odd byte count, and with a lone surrogate.
        #expect(refusal(bytes: [0xFF, 0xFE, 0x41, 0x00, 0x42]) == .undecodableText(byteOffset: 4, bytes: [0x42], encoding: .utf16LittleEndian))
        #expect(refusal(bytes: [0xFF, 0xFE, 0x41, 0x00, 0x00, 0xD8, 0x41, 0x00]) == .undecodableText(byteOffset: 4, bytes: [0x00, 0xD8, 0x41, 0x00], encoding: .utf16LittleEndian))
    }

    @Test("malformed CSV and oversized files are refused before any row is read")
    func fileLevel() {
        let csv = Self.header + "\n2018-04-20,140431,F5,产业扶贫,\"某合作社\"x,合作社,100,V1\n"
        guard case .malformedCSV(let error) = refusal(csv) else { Issue.record("expected malformedCSV"); return }
        #expect(error.problem == .textAfterClosingQuote)
        #expect(error.rowNumber == 2)
        let huge = [UInt8](repeating: 0x41, count: SpreadsheetImport.maximumFileByteCount + 1)
        #expect(refusal(bytes: huge) == .fileTooLarge(byteCount: SpreadsheetImport.maximumFileByteCount + 1, maximumByteCount: SpreadsheetImport.maximumFileByteCount))
    }

    @Test("disbursement cross-field rules: project or category, quantity with unit, labour shares, pseudonyms")
    func disbursementRules() {
        let header = "日期,县/区划代码,资金编号,项目编号,类别,收款人,收款人类型,金额(元),凭证号,数量,单位,劳务报酬(元),贫困劳动力报酬(元),期间,统筹整合"
        let csv = [
            header,
            "2018-04-20,140431,F5,P3,产业扶贫,某公司,企业,100,V1,,,,,,",        // row 2: both project and category
            "2018-04-20,140431,F5,,,某公司,企业,100,V2,,,,,,",                   // row 3: neither
            "2018-04-20,140431,F5,P3,,某公司,企业,100,V3,5,,,,,",                // row 4: quantity without unit
            "2018-04-20,140431,F5,P3,,某公司,企业,100,V4,5,公斤,,,,",            // row 5: unknown unit
            "2018-04-20,140431,F5,P3,,某公司,企业,100,V5,,,200,,,",              // row 6: labour above amount
            "2018-04-20,140431,F5,P3,,某公司,企业,100,V6,,,,10,,",               // row 7: poor labour without labour
            "2018-04-20,140431,F5,P3,,张三,农户,100,V7,,,,,,",                   // row 8: a name, not a pseudonym
            "2018-04-20,140431,F5,P3,,某公司,企业,100,V8,,,,,2018-07-01至2018-06-30,也许", // row 9
            "2018-04-20,000000,F5,P3,,某公司,企业,100,V9,1.5,头,,,,",           // row 10: central; half a head
        ].joined(separator: "\n")
        #expect(rowProblems(csv) == [
            RowProblem(rowNumber: 2, header: "类别", value: "产业扶贫", reason: .conflictsWithColumn(.projectID)),
            RowProblem(rowNumber: 3, header: nil, value: "", reason: .missingOneOf([.projectID, .category])),
            RowProblem(rowNumber: 4, header: "数量", value: "5", reason: .requiresColumn(.unit)),
            RowProblem(rowNumber: 5, header: "单位", value: "公斤", reason: .notAllowed(allowed: ["亩", "mu", "头", "只", "head", "千瓦", "kw", "kilowatt", "人月", "person_month", "人", "person", "户", "household"])),
            RowProblem(rowNumber: 6, header: "劳务报酬(元)", value: "200", reason: .exceedsColumn(.amountYuan)),
            RowProblem(rowNumber: 7, header: "贫困劳动力报酬(元)", value: "10", reason: .requiresColumn(.labourYuan)),
            RowProblem(rowNumber: 8, header: "收款人", value: "张三", reason: .notAPseudonym),
            RowProblem(rowNumber: 9, header: "期间", value: "2018-07-01至2018-06-30", reason: .invalidPeriod),
            RowProblem(rowNumber: 9, header: "统筹整合", value: "也许", reason: .notAllowed(allowed: ["是", "否", "yes", "no"])),
            RowProblem(rowNumber: 10, header: "县/区划代码", value: "000000", reason: .invalidDivisionCode),
            RowProblem(rowNumber: 10, header: "数量", value: "1.5", reason: .numberOutOfRange(minimum: "1", maximum: "1000000000000")),
        ])
    }

    @Test("text cells: a line break typed in a cell and over-long texts are refused")
    func texts() {
        let longNote = String(repeating: "很", count: 1_400) // 4200 UTF-8 bytes > 4096
        let csv = "日期,区划代码,项目编号,节点,状态,备注\n"
            + "2018-08-01,140431,P3,\"完工\n验收\",进度,\n"
            + "2018-08-01,140431,P3,完工,进度,\(longNote)\n"
            + "2018-08-01,140431,P3,完工,验收通过,\n"
        #expect(rowProblems(csv, kind: .milestones) == [
            RowProblem(rowNumber: 2, header: "节点", value: "完工\n验收", reason: .controlCharacter),
            RowProblem(rowNumber: 3, header: "备注", value: longNote, reason: .tooLong(byteCount: 4_200, maximumByteCount: 4_096)),
            RowProblem(rowNumber: 4, header: "状态", value: "验收通过", reason: .requiresColumn(.acceptingUnit)),
        ])
    }

    @Test("allocation rules: recipient within the receiving unit, deadlines not before the date")
    func allocationRules() {
        let csv = "日期,下达单位代码,接收单位代码,资金编号,资金名称,资金级次,资金渠道,文号,金额(元),指定接收单位代码,用途,转拨期限\n"
            + "2018-03-15,140400,140431,F5,某资金,中央,以工代赈,示例〔2018〕1号,100,140430,以工代赈,2018-03-01\n"
            + "2018-03-15,140400,140431,F5,某资金,国家,以工代赈,示例〔2018〕1号,100,,以工代赈、以工代赈,\n"
        #expect(rowProblems(csv, kind: .allocations) == [
            RowProblem(rowNumber: 2, header: "指定接收单位代码", value: "140430", reason: .outsideUnit(.toUnit)),
            RowProblem(rowNumber: 2, header: "转拨期限", value: "2018-03-01", reason: .earlierThan(.date)),
            RowProblem(rowNumber: 3, header: "资金级次", value: "国家", reason: .notAllowed(allowed: ["中央", "中央级", "central", "省", "省级", "province", "市", "市级", "州", "地区", "prefecture", "县", "县级", "county"])),
            RowProblem(rowNumber: 3, header: "用途", value: "以工代赈、以工代赈", reason: .duplicateListElement),
        ])
    }

    @Test("two identical rows without a voucher are one fact entered twice")
    func duplicateRows() {
        let row = "2018-08-01,140431,P3,完工,进度"
        let csv = "日期,区划代码,项目编号,节点,状态\n\(row)\n\(row)\n"
        #expect(rowProblems(csv, kind: .milestones) == [
            RowProblem(rowNumber: 3, header: nil, value: "", reason: .duplicateRow(firstRowNumber: 2)),
        ])
    }

    @Test("refusals are worded in Chinese and English with headers and values as written")
    func wording() {
        let csv = Self.header + "\n2018-04-20,140431,F5,产业扶贫,某合作社,合作社,\"1,234.567\",V1\n2018-04-20,140431,F5,产业扶贫,某合作社,合作社,100,V1\n"
        guard let error = refusal(csv) else { Issue.record("expected a refusal"); return }
        #expect(error.messageLines(in: .chinese) == [
            "1 行有误，整个文件未导入（全部改正后重新导入）：",
            "  第 2 行，列「金额（元）」，值「1,234.567」：小数超过两位（3 位）；金额以分为最小单位，不做四舍五入",
        ])
        #expect(error.messageLines(in: .english) == [
            "1 row is wrong; nothing was imported (fix them all and import again):",
            "  row 2, column \"金额（元）\", value \"1,234.567\": more than two decimals (3); amounts are in fen and never rounded",
        ])
        let header = ImportError.invalidHeader([.missingColumn(.voucher), .emptyHeader(columnNumber: 4)])
        #expect(header.messageLines(in: .english) == [
            "the header is wrong; nothing was imported:",
            "  the required column \"voucher\" (凭证号) is missing",
            "  column 4 has values but no header",
        ])
        #expect(ImportError.undecodableText(byteOffset: 17, bytes: [0xFF, 0x41], encoding: .gb18030).messageLines(in: .chinese)
            == ["无法识别文件编码：第 17 字节（从 0 起）处的字节 FF 41 不是有效的 GB18030；请在 Excel 中另存为“CSV UTF-8”"])
    }
}
