// CSVReader against RFC 4180: quoting, doubled quotes, embedded commas and line breaks, CRLF and
// LF, a last record with and without a line break, and each syntax defect refused at its position.
// A seeded property test writes random tables with the RFC's quoting rules and reads them back.
import Foundation
import Testing
import LedgerTestSupport
@testable import FundSupervision

@Suite("Import: CSV reader (RFC 4180)")
struct ImportCSVReaderTests {
    private func fields(_ text: String) throws -> [[String]] {
        try CSVReader.records(in: text).map(\.fields)
    }

    @Test("plain records with CRLF, LF and no final line break read the same")
    func lineEndings() throws {
        let expected = [["a", "b"], ["c", "d"]]
        #expect(try fields("a,b\r\nc,d\r\n") == expected)
        #expect(try fields("a,b\nc,d\n") == expected)
        #expect(try fields("a,b\nc,d") == expected)
        #expect(try fields("a,b\r\nc,d") == expected)
    }

    @Test("quoted fields keep commas, doubled quotes and line breaks")
    func quoting() throws {
        let records = try CSVReader.records(in: "名称,备注\r\n\"甲,乙\",\"他说\"\"好\"\"\"\r\n\"第一行\r\n第二行\",x\r\nlast,\"\"")
        #expect(records.map(\.fields) == [["名称", "备注"], ["甲,乙", "他说\"好\""], ["第一行\r\n第二行", "x"], ["last", ""]])
        // The multi-line cell is one spreadsheet row (3) but starts a new text line count.
        #expect(records.map(\.rowNumber) == [1, 2, 3, 4])
        #expect(records.map(\.lineNumber) == [1, 2, 3, 5])
    }

    @Test("empty fields, trailing commas and blank lines are kept as records")
    func emptyFields() throws {
        #expect(try fields(",a,\n\n,,\n") == [["", "a", ""], [""], ["", "", ""]])
        #expect(try fields("") == [])
        #expect(try fields("a,") == [["a", ""]])
    }

    @Test("syntax defects are refused with row, line and byte offset")
    func defects() {
        func failure(_ text: String) -> CSVSyntaxError? {
            do { _ = try CSVReader.records(in: text); return nil } catch { return error }
        }
        #expect(failure("a,b\nc\"d,e\n") == CSVSyntaxError(problem: .quoteInUnquotedField, rowNumber: 2, lineNumber: 2, byteOffset: 5))
        #expect(failure("\"ab\"c,d") == CSVSyntaxError(problem: .textAfterClosingQuote, rowNumber: 1, lineNumber: 1, byteOffset: 4))
        #expect(failure("a\n\"open\nstill open") == CSVSyntaxError(problem: .unterminatedQuotedField(startLineNumber: 2), rowNumber: 2, lineNumber: 3, byteOffset: 18))
        #expect(failure("a\rb") == CSVSyntaxError(problem: .bareCarriageReturn, rowNumber: 1, lineNumber: 1, byteOffset: 1))
        // A closing quote followed by a bare CR is text after the quote, not a line break.
        #expect(failure("\"a\"\rb")?.problem == .textAfterClosingQuote)
    }

    @Test("limits on field length, field count and row count are errors, not crashes")
    func limits() {
        let longField = String(repeating: "x", count: CSVReader.maximumFieldByteCount + 1)
        #expect(throws: CSVSyntaxError(problem: .fieldTooLong(maximumByteCount: CSVReader.maximumFieldByteCount), rowNumber: 1, lineNumber: 1, byteOffset: CSVReader.maximumFieldByteCount)) {
            try CSVReader.records(in: longField)
        }
        let quotedLong = "\"" + longField + "\""
        #expect(throws: CSVSyntaxError.self) { try CSVReader.records(in: quotedLong) }
        let wide = String(repeating: ",", count: CSVReader.maximumFieldCount)
        #expect(throws: CSVSyntaxError(problem: .tooManyFields(maximumFieldCount: CSVReader.maximumFieldCount), rowNumber: 1, lineNumber: 1, byteOffset: CSVReader.maximumFieldCount)) {
            try CSVReader.records(in: wide)
        }
        let tall = String(repeating: "a\n", count: CSVReader.maximumRowCount) + "b\n"
        #expect(throws: CSVSyntaxError(problem: .tooManyRows(maximumRowCount: CSVReader.maximumRowCount), rowNumber: CSVReader.maximumRowCount + 1, lineNumber: CSVReader.maximumRowCount + 1, byteOffset: 2 * CSVReader.maximumRowCount + 1)) {
            try CSVReader.records(in: tall)
        }
        #expect((try? CSVReader.records(in: String(repeating: "a\n", count: CSVReader.maximumRowCount)))?.count == CSVReader.maximumRowCount)
    }

    @Test("random tables written with RFC 4180 quoting read back unchanged")
    func roundTrip() throws {
        var generator = SeededRandomNumberGenerator(defaultSeed: 0x4353_5652)
        let alphabet: [String] = ["a", "甲", ",", "\"", "\n", "\r\n", " ", "1", "元", "é"]
        for _ in 0..<200 {
            let columnCount = Int.random(in: 1...5, using: &generator)
            let rowCount = Int.random(in: 1...6, using: &generator)
            var table: [[String]] = []
            for _ in 0..<rowCount {
                table.append((0..<columnCount).map { _ in
                    (0..<Int.random(in: 0...6, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
                })
            }
            // A single empty field is written as "" so the record is not a blank line.
            let lineBreak = Bool.random(using: &generator) ? "\r\n" : "\n"
            let text = table.map { row in
                row.map { field in
                    let needsQuotes = field.isEmpty || field.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
                    return needsQuotes ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
                }.joined(separator: ",")
            }.joined(separator: lineBreak) + (Bool.random(using: &generator) ? lineBreak : "")
            let read = try fields(text)
            #expect(read == table, "seed \(generator.seed): \(text.debugDescription)")
            if read != table { return }
        }
    }
}
