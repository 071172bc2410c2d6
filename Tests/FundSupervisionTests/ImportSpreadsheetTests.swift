// SpreadsheetImport on the committed fixtures: one disbursement sheet in UTF-8, UTF-8 with BOM,
// GB18030 and UTF-16LE gives identical events, each field checked against the values written in
// the sheet (amounts converted by hand in the comments); allocations with English headers and
// milestones with full-width parentheses map to their bodies and scopes.
import Foundation
import Testing
import LedgerJournal
import LedgerTestSupport
@testable import FundSupervision

@Suite("Import: spreadsheets to events")
struct ImportSpreadsheetTests {
    static let pseudonym = String(repeating: "a1", count: 32)

    private func fixture(_ name: String) throws -> [UInt8] {
        Array(try TestVectors.data("Fixtures/import/" + name))
    }

    /// The disbursement sheet's three rows, written out by hand from the fixture.
    static let expectedDisbursements: [ImportedEvent] = [
        ImportedEvent(rowNumber: 2, id: "记-2018-04-012", scope: "140431", event: .disburse(FundDisbursement(
            county: DivisionCode("140431")!, fundID: "F5", isFromPool: true, projectID: "P3", item: "道路工程款",
            payee: Payee(kind: .enterprise, id: "山西某路桥工程有限公司,沁源分公司"),
            amount: Fen(19_500_000), // "195,000.00" 元 = 19,500,000 分
            voucher: "记-2018-04-012", quantity: Quantity(value: 300, unit: .personMonth),
            periodStart: CivilDate(year: 2018, month: 4, day: 1), periodEnd: CivilDate(year: 2018, month: 6, day: 30),
            labour: Fen(1_950_000), // "19,500.00" 元
            effectiveDate: CivilDate(year: 2018, month: 4, day: 20)!))),
        ImportedEvent(rowNumber: 3, id: "记-2018-05-003", scope: "140431", event: .disburse(FundDisbursement(
            county: DivisionCode("140431")!, fundID: "F2", category: "产业扶贫", item: "\"养殖\"奖补",
            payee: Payee(kind: .beneficiary, id: pseudonym),
            amount: Fen(300_000), // "￥3,000" 元
            voucher: "记-2018-05-003", quantity: Quantity(value: 6, unit: .head),
            // The month 2018-05 covers 1 to 31 May.
            periodStart: CivilDate(year: 2018, month: 5, day: 1), periodEnd: CivilDate(year: 2018, month: 5, day: 31),
            effectiveDate: CivilDate(year: 2018, month: 5, day: 8)!))),
        ImportedEvent(rowNumber: 4, id: "记-2018-06-021", scope: "140431", event: .disburse(FundDisbursement(
            county: DivisionCode("140431")!, fundID: "F5", category: "生态护林员", item: "护林员劳务补助",
            payee: Payee(kind: .villageCollective, id: "郭道镇某村村民委员会"),
            amount: Fen(1_200_050), // "12000.5" 元
            voucher: "记-2018-06-021",
            quantity: Quantity(value: 1_250, unit: .centimu), // 12.5 亩 = 1250 hundredths of a mu
            periodStart: CivilDate(year: 2018, month: 1, day: 1), periodEnd: CivilDate(year: 2018, month: 12, day: 31),
            effectiveDate: CivilDate(year: 2018, month: 6, day: 30)!))),
    ]

    @Test("the same sheet in UTF-8, UTF-8 with BOM, GB18030 and UTF-16LE gives identical events",
          arguments: [("disbursements-utf8.csv", SpreadsheetEncoding.utf8),
                      ("disbursements-utf8-bom.csv", .utf8WithBOM),
                      ("disbursements-gb18030.csv", .gb18030),
                      ("disbursements-utf16le.csv", .utf16LittleEndian)])
    func encodings(file: String, encoding: SpreadsheetEncoding) throws {
        let bytes = try fixture(file)
        #expect(try SpreadsheetEncoding.decode(bytes).encoding == encoding)
        let events = try SpreadsheetImport.events(fromCSV: bytes, kind: .disbursements)
        #expect(events == Self.expectedDisbursements)
    }

    @Test("GB18030 decoding gives the county's name from its bytes")
    func gb18030Name() throws {
        // 沁源县 in GB18030 is c7df d4b4 cfd8.
        let decoded = try SpreadsheetEncoding.decode([0xC7, 0xDF, 0xD4, 0xB4, 0xCF, 0xD8])
        #expect(decoded.text == "沁源县")
        #expect(decoded.encoding == .gb18030)
    }

    @Test("drafts carry id, kind, scope and the canonical body")
    func drafts() throws {
        let drafts = try SpreadsheetImport.drafts(fromCSV: try fixture("disbursements-utf8.csv"), kind: .disbursements)
        #expect(drafts.count == 3)
        #expect(drafts[0].id == "记-2018-04-012")
        #expect(drafts[0].kind == "fund.disburse")
        #expect(drafts[0].scope == "140431")
        #expect(drafts[0].body["amount_fen"] == .integer(19_500_000))
        #expect(drafts[0].body["from_pool"] == .bool(true))
        #expect(drafts[1].body["payee"] == .object(["kind": .string("beneficiary"), "id": .string(Self.pseudonym)]))
        #expect(drafts[1].body["from_pool"] == nil)
    }

    @Test("allocations with English headers: central allocation is unscoped, fiscal year defaults to the date's year")
    func allocations() throws {
        let events = try SpreadsheetImport.events(fromCSV: try fixture("allocations-en.csv"), kind: .allocations)
        #expect(events.count == 2)
        #expect(events[0].scope == "140400")
        #expect(events[1].scope == nil)
        guard case .allocate(let first) = events[0].event, case .allocate(let second) = events[1].event else {
            Issue.record("not allocations"); return
        }
        #expect(first == FundAllocation(
            fromUnit: DivisionCode("140400")!, toUnit: DivisionCode("140431")!,
            fund: FundDescriptor(id: "F5", name: "中央以工代赈资金", sourceLevel: .central, channel: "以工代赈"),
            fiscalYear: 2018, documentNumber: "示例〔2018〕1号", amount: Fen(80_000_000),
            designatedRecipient: DivisionCode("140431"), purposes: ["以工代赈"],
            forwardBy: CivilDate(year: 2018, month: 4, day: 30), useBy: CivilDate(year: 2018, month: 12, day: 31),
            effectiveDate: CivilDate(year: 2018, month: 3, day: 15)!))
        #expect(second.fromUnit == .central)
        #expect(second.fiscalYear == 2018)
        #expect(second.amount == Fen(120_000_000)) // 1200000 元
        #expect(second.purposes == ["产业扶贫", "以工代赈"])
        #expect(second.fund.sourceLevel == .central)
        // Without a voucher the id is generated: imp- and 24 hex digits.
        #expect(events[0].id.hasPrefix("imp-"))
        #expect(events[0].id.utf8.count == 28)
        #expect(events[0].id != events[1].id)
    }

    @Test("generated ids depend on the row's values, not on column order or header spelling")
    func generatedIDs() throws {
        let original = try SpreadsheetImport.events(fromCSV: try fixture("allocations-en.csv"), kind: .allocations)
        let reordered = """
            金额（元）,日期,下达单位代码,接收单位代码,资金编号,资金名称,资金级次,资金渠道,年度,文号,指定接收单位代码,用途,转拨期限,使用期限
            "800,000.00",2018-03-15,140400,140431,F5,中央以工代赈资金,central,以工代赈,2018,示例〔2018〕1号,140431,以工代赈,2018-04-30,2018-12-31
            """
        let events = try SpreadsheetImport.events(fromCSV: Array(reordered.utf8), kind: .allocations)
        #expect(events.map(\.id) == [original[0].id])
        #expect(events[0].event == original[0].event)
    }

    @Test("milestones: percent to basis points, blank trailing row skipped, scope from the county column")
    func milestones() throws {
        let events = try SpreadsheetImport.events(fromCSV: try fixture("milestones.csv"), kind: .milestones)
        #expect(events.map(\.rowNumber) == [2, 3])
        #expect(events.map(\.scope) == ["140431", "140431"])
        #expect(events[0].event == .milestone(ProjectMilestone(
            projectID: "P3", milestone: "progress_70", status: .accepted, progressBasisPoints: 7_000,
            acceptingUnit: "沁源县交通局", quantity: Quantity(value: 700, unit: .personMonth), note: "路基完成",
            effectiveDate: CivilDate(year: 2018, month: 8, day: 1)!)))
        #expect(events[1].event == .milestone(ProjectMilestone(
            projectID: "P3", milestone: "completed", status: .reached, progressBasisPoints: 9_550,
            effectiveDate: CivilDate(year: 2018, month: 9, day: 15)!)))
    }

    @Test("header spellings: full-width parentheses, spaces, case and underscores are normalised")
    func headerNormalisation() {
        let columns: [ImportColumn] = ImportColumn.allCases
        #expect(ImportColumn.matching(header: " 金额（元） ", among: columns) == .amountYuan)
        #expect(ImportColumn.matching(header: "金额 (元)", among: columns) == .amountYuan)
        #expect(ImportColumn.matching(header: "Amount Yuan", among: columns) == .amountYuan)
        #expect(ImportColumn.matching(header: "县／区划代码", among: columns) == .countyCode)
        #expect(ImportColumn.matching(header: "COUNTY_CODE", among: columns) == .countyCode)
        #expect(ImportColumn.matching(header: "金额(万元)", among: columns) == nil)
    }

    @Test("cell values: dates in Excel's Chinese forms, periods, full-width digits")
    func cellValues() {
        #expect(ImportValue.date("2018/4/20")?.description == "2018-04-20")
        #expect(ImportValue.date("2018年4月20日")?.description == "2018-04-20")
        #expect(ImportValue.date("２０１８－０４－２０")?.description == "2018-04-20")
        #expect(ImportValue.date("4/20/2018") == nil)
        #expect(ImportValue.date("2018-02-29") == nil)
        #expect(ImportValue.date("2018-04-20 10:00") == nil)
        #expect(ImportValue.date("43210") == nil)
        #expect(ImportRowReader.parsePeriod("2016-02")?.end.description == "2016-02-29")
        #expect(ImportRowReader.parsePeriod("2018年12月")?.end.description == "2018-12-31")
        #expect(ImportRowReader.parsePeriod("2018-07-01~2018-06-30") == nil)
        #expect(ImportRowReader.parsePeriod("2018-13") == nil)
        #expect(ImportValue.divisionCode("１４０４３１") == DivisionCode("140431"))
    }

    @Test("a UTF-16 big-endian file decodes like the others")
    func utf16BigEndian() throws {
        let utf8 = try fixture("disbursements-utf8.csv")
        var bytes: [UInt8] = [0xFE, 0xFF]
        for unit in String(decoding: utf8, as: UTF8.self).utf16 { bytes += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
        #expect(try SpreadsheetEncoding.decode(bytes).encoding == .utf16BigEndian)
        #expect(try SpreadsheetImport.events(fromCSV: bytes, kind: .disbursements) == Self.expectedDisbursements)
    }

    @Test("templates carry a BOM and every accepted header, and import as a sheet with no rows", arguments: ImportKind.allCases)
    func templates(kind: ImportKind) {
        for language in [ReportLanguage.chinese, .english] {
            let template = kind.templateCSV(language: language)
            #expect(template.starts(with: [0xEF, 0xBB, 0xBF]))
            #expect(throws: ImportError.noDataRows) { try SpreadsheetImport.events(fromCSV: template, kind: kind) }
        }
        let header = String(decoding: kind.templateCSV(language: .chinese).dropFirst(3), as: UTF8.self)
        #expect(header.hasPrefix("日期,"))
        #expect(header.hasSuffix("\r\n"))
    }

    @Test("Excel's tab-separated Unicode text (UTF-16LE) imports like the CSV")
    func tabSeparated() throws {
        // The fixture's fields hold no tabs; quoted fields stay quoted, so commas inside them survive.
        let csv = String(decoding: try fixture("disbursements-utf8.csv"), as: UTF8.self)
        var tabbed = ""
        var isQuoted = false
        for character in csv {
            if character == "\"" { isQuoted.toggle() }
            tabbed.append(character == "," && !isQuoted ? "\t" : character)
        }
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in tabbed.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(try SpreadsheetImport.events(fromCSV: bytes, kind: .disbursements) == Self.expectedDisbursements)
        #expect(CSVReader.detectedDelimiter(of: "a\tb\nc,d") == 0x09)
        #expect(CSVReader.detectedDelimiter(of: "a,b\tc\n") == UInt8(ascii: ","))
    }

    @Test("a central allocation whose 000000 Excel turned into 0 is still central")
    func centralAsZero() throws {
        let csv = "日期,下达单位代码,接收单位代码,资金编号,资金名称,资金级次,资金渠道,文号,金额(元),用途\n"
            + "2018-03-20,0,140000,F2,中央财政专项扶贫资金,中央,财政专项扶贫资金,示例〔2018〕2号,1200000,产业扶贫\n"
        let events = try SpreadsheetImport.events(fromCSV: Array(csv.utf8), kind: .allocations)
        guard case .allocate(let allocation) = events.first?.event else { Issue.record("no allocation"); return }
        #expect(allocation.fromUnit == .central)
        #expect(events[0].scope == nil)
    }
}
