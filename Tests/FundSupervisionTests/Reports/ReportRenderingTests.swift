// Rendering details: display width of Chinese text, CSV quoting, JSON shape, digests, pseudonyms.
import Testing
import LedgerJournal
@testable import FundSupervision

@Suite("Report rendering")
struct ReportRenderingTests {
    @Test("East Asian wide characters take two columns")
    func displayWidth() {
        #expect(DisplayWidth.of("沁源县") == 6)
        #expect(DisplayWidth.of("P1") == 2)
        #expect(DisplayWidth.of("示例〔2018〕1号") == 15)
        #expect(DisplayWidth.of("（无）") == 6)
        #expect(DisplayWidth.of("e\u{301}") == 1)
    }

    @Test("a table aligns a Chinese column with an ASCII one")
    func alignment() {
        let report = Report(kind: "t", title: BilingualText(zh: "表", en: "T"), parameters: [], sections: [
            ReportSection(key: "s", title: BilingualText(zh: "节", en: "S"),
                          columns: [ReportColumn("name", zh: "名称", en: "Name"), ReportColumn("amount_fen", zh: "金额", en: "Amount")],
                          rows: [[.text("沁源县"), .amount(Fen(120_000_000))], [.text("Wuxiang"), .amount(Fen(5))]]),
        ])
        let text = String(decoding: report.rendered(as: .table, language: .chinese), as: UTF8.self)
        #expect(text == "表\n\n节\n名称             金额\n-------  ------------\n沁源县   1,200,000.00\nWuxiang          0.05\n")
    }

    @Test("CSV follows RFC 4180: quotes, doubled quotes, CRLF, optional BOM")
    func csv() {
        #expect(Report.csvField("plain") == "plain")
        #expect(Report.csvField("a,b") == "\"a,b\"")
        #expect(Report.csvField("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(Report.csvField("two\nlines") == "\"two\nlines\"")
        let report = Report(kind: "t", title: BilingualText(zh: "表", en: "T"), parameters: [], sections: [
            ReportSection(key: "s", title: BilingualText(zh: "节", en: "S"), columns: [ReportColumn("x_fen", zh: "金额", en: "Amount")],
                          rows: [[.amount(Fen(-123_450))]]),
        ])
        #expect(report.rendered(as: .csv, language: .english, includesByteOrderMark: true)
                == [0xEF, 0xBB, 0xBF] + Array("T\r\n\r\nS\r\nAmount\r\n-1234.50\r\n".utf8))
    }

    @Test("JSON is canonical: amounts in fen, labels by key, language-independent")
    func json() {
        let report = Report(kind: "t", title: BilingualText(zh: "表", en: "T"),
                            parameters: [ReportParameter(key: "as_of", label: BilingualText(zh: "截至", en: "As of"), value: .date(CivilDate(parsing: "2018-06-30")!))],
                            sections: [ReportSection(key: "s", title: BilingualText(zh: "节", en: "S"),
                                                     columns: [ReportColumn("level", zh: "层级", en: "Level"), ReportColumn("x_fen", zh: "金额", en: "Amount")],
                                                     rows: [[Report.levelLabel(.county), .amount(Fen(5))]])])
        let zh = report.rendered(as: .json, language: .chinese)
        #expect(zh == report.rendered(as: .json, language: .english))
        #expect(String(decoding: zh, as: UTF8.self) == "{\"kind\":\"t\",\"parameters\":{\"as_of\":\"2018-06-30\"},\"sections\":{\"s\":[{\"level\":\"county\",\"x_fen\":5}]}}\n")
    }

    @Test("the digest is SHA-256 of the report bytes")
    func digest() {
        // FIPS 180-4 example: SHA-256("abc").
        #expect(Report.digest(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("pseudonyms are HMAC-SHA256 hex, normalised for whitespace and the check letter")
    func pseudonym() {
        // Known answer computed with Python's hmac module: hmac.new(b"county-secret", b"11010119900101123X", sha256).hexdigest()
        let expected = "ff34465567b8f99ed0ff56cec562240b00a9b6cf7ab9618a243588534b2c3b08"
        let secret = Array("county-secret".utf8)
        let value = Pseudonym.make(nationalID: "11010119900101123X", secret: secret)
        #expect(value == expected)
        #expect(Pseudonym.make(nationalID: " 11010119900101123x\n", secret: secret) == value)
        #expect(Pseudonym.make(nationalID: "11010119900101123X", secret: Array("other".utf8)) != value)
    }
}
