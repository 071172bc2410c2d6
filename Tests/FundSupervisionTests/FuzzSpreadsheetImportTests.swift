// Fuzzing of the spreadsheet importer (`SpreadsheetImport.drafts(fromCSV:kind:)`): encodings,
// CSV syntax, headers, cells. Goal: no crash, no hang, limits enforced with `ImportError`, every
// refusal worded in both languages, and every accepted row an event the journal accepts as input
// (valid id and scope, a body that the event schema decodes and that encodes to a canonical line
// within the line limit). Method: `FuzzMutator` over the committed import fixtures, then replay of
// Fixtures/fuzz-corpus/csv-import/.
import Foundation
import FundSupervision
import LedgerJournal
import LedgerTestSupport
import Testing

private let fixtureDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/import")

/// The committed sheets and the kind each one holds.
private let importSeeds: [(name: String, kind: ImportKind)] = [
    ("disbursements-utf8.csv", .disbursements), ("disbursements-utf8-bom.csv", .disbursements),
    ("disbursements-gb18030.csv", .disbursements), ("disbursements-utf16le.csv", .disbursements),
    ("allocations-en.csv", .allocations), ("milestones.csv", .milestones),
]

/// Returns the first broken invariant for `input` read as `kind`, or nil.
func importBrokenInvariant(_ input: [UInt8], kind: ImportKind) -> String? {
    let drafts: [EventDraft]
    do {
        drafts = try SpreadsheetImport.drafts(fromCSV: input, kind: kind)
    } catch {
        for language in [ReportLanguage.chinese, .english] {
            let lines = error.messageLines(in: language)
            if lines.isEmpty || lines.contains(where: \.isEmpty) { return "a refusal without wording: \(error)" }
        }
        if case .invalidRows(let problems) = error, problems.isEmpty { return "invalidRows without a problem" }
        return nil
    }
    if drafts.isEmpty { return "accepted a sheet without events" }
    for draft in drafts {
        guard JournalEntry.isValidID(draft.id), JournalEntry.isValidKind(draft.kind) else { return "accepted an invalid id or kind: \(draft.id)" }
        if let scope = draft.scope, !JournalEntry.isValidScope(scope) { return "accepted an invalid scope \(scope)" }
        let line = CanonicalJSON.encode(draft.body)
        guard line.count < CanonicalJSON.maximumInputByteCount, (try? CanonicalJSON.parseCanonical(line)) == draft.body else {
            return "accepted a body that is not a canonical line"
        }
        do {
            _ = try FundEvent(kind: draft.kind, body: draft.body, entryID: draft.id)
        } catch {
            return "accepted a body the event schema refuses: \(error)"
        }
    }
    return nil
}

@Suite("Fuzzing: the CSV importer")
struct FuzzSpreadsheetImportTests {
    /// Iterations per run (a few seconds in a debug build).
    static let iterations = 2000

    @Test("mutated sheets never crash the importer, and what it accepts is valid append input")
    func mutatedSheets() throws {
        let seeds = try importSeeds.map { Array(try Data(contentsOf: fixtureDirectory.appendingPathComponent($0.name))) }
        for (seed, entry) in zip(seeds, importSeeds) {
            #expect(importBrokenInvariant(seed, kind: entry.kind) == nil, "seed \(entry.name)")
            #expect((try? SpreadsheetImport.drafts(fromCSV: seed, kind: entry.kind)) != nil, "seed \(entry.name) is refused")
        }
        var mutator = FuzzMutator(seed: 0x5_2026_1124, structuralBytes: Array(",\"\r\n;\t，元￥-.0123456789年月日/至".utf8) + [0xFE, 0xFF, 0x81, 0x30])
        var failures = 0
        var accepted = 0
        let scale = max(1, Int(ProcessInfo.processInfo.environment["FUNDLEDGER_FUZZ_SCALE"] ?? "") ?? 1)
        for iteration in 0..<(Self.iterations * scale) {
            let input = mutator.mutate(seeds, allowHuge: iteration % 500 == 499)
            let kind = [ImportKind.allocations, .disbursements, .milestones][mutator.index(3)]
            if (try? SpreadsheetImport.drafts(fromCSV: input, kind: kind)) != nil { accepted += 1 }
            if let broken = importBrokenInvariant(input, kind: kind) {
                failures += 1
                Issue.record("iteration \(iteration) (\(mutator.random)), kind \(kind): \(broken)\ninput: \(fuzzPreview(input))")
                if failures > 5 { break }
            }
        }
        print("fuzz csv-import: \(Self.iterations * scale) inputs, \(accepted) accepted, \(mutator.random)")
        #expect(accepted > 0, "no mutated sheet was accepted: the fuzzer never reaches the row mapping")
    }

    @Test("the saved sheets that once found bugs are handled")
    func corpus() {
        for (name, bytes) in fuzzCorpus("csv-import") {
            for kind in [ImportKind.allocations, .disbursements, .milestones] {
                #expect(importBrokenInvariant(bytes, kind: kind) == nil, "fuzz-corpus/csv-import/\(name) as \(kind)")
            }
        }
    }

    @Test("oversized files, fields, rows and columns are refused by their limits")
    func limitsAreEnforced() throws {
        let header = Array("日期,县/区划代码,资金编号,项目编号,收款人,收款人类型,金额(元),凭证号\n".utf8)
        let tooLarge = header + Array(repeating: UInt8(ascii: "A"), count: SpreadsheetImport.maximumFileByteCount)
        #expect(throws: ImportError.fileTooLarge(byteCount: tooLarge.count, maximumByteCount: SpreadsheetImport.maximumFileByteCount)) {
            try SpreadsheetImport.drafts(fromCSV: tooLarge, kind: .disbursements)
        }
        let hugeField = header + Array("2018-04-20,140431,F5,P3,".utf8) + Array(repeating: UInt8(ascii: "A"), count: FuzzMutator.hugeByteCount) + Array(",企业,1.00,记-1\n".utf8)
        do {
            _ = try SpreadsheetImport.drafts(fromCSV: hugeField, kind: .disbursements)
            Issue.record("a 10 MB field was accepted")
        } catch {
            guard case .malformedCSV(let syntax) = error, case .fieldTooLong = syntax.problem else {
                Issue.record("a 10 MB field: \(error)"); return
            }
        }
        let manyColumns = Array((String(repeating: "日期,", count: CSVReader.maximumFieldCount + 1) + "\n").utf8)
        #expect(throws: ImportError.self) { try SpreadsheetImport.drafts(fromCSV: manyColumns, kind: .disbursements) }
        let manyRows = header + Array(String(repeating: ",,,,,,,\n1,", count: CSVReader.maximumRowCount / 2 + 1).utf8)
        #expect(throws: ImportError.self) { try SpreadsheetImport.drafts(fromCSV: manyRows, kind: .disbursements) }
    }
}
