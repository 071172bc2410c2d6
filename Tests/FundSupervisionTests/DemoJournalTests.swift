// The shipped demo journal (Journal/demo.jsonl): the committed file is exactly what the generator
// writes, it verifies against the demo authority key with no finding, it raises a flag of every
// anomaly rule and only the planted ones, and its `report all` output is pinned in golden files.
//
// Method: the generator runs once into a temporary directory (shared by the tests below); files
// are compared byte for byte with Journal/, located relative to this file.
import Foundation
import LedgerCrypto
import LedgerJournal
import LedgerTestSupport
import Testing
import FundSupervision

enum DemoJournalFixture {
    static let repositoryJournalDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Journal").path

    /// The demo as the generator writes it now, in a fresh temporary directory shared by the tests
    /// below and removed when the test process exits.
    static let generated: TemporaryDirectory = {
        let directory = try! TemporaryDirectory(prefix: "fundledger-demo")
        try! DemoJournal.make(inDirectory: directory.path)
        return directory
    }()

    /// The path of `generated`.
    static var generatedDirectory: String { generated.path }

    static func bytes(_ path: String) throws -> [UInt8] { try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))) }

    /// The `report all` text, rendered as `fundledger report JOURNAL all` renders it.
    static func reportAll(journalPath: String, language: ReportLanguage) throws -> [UInt8] {
        let replay = try SupervisionReplay.replay(journalPath: journalPath)
        var output = Report.balances(replay.projection).rendered(as: .table, language: language)
        output += Report.counties(replay.projection).rendered(as: .table, language: language)
        output += Array(AnomalyReport(records: replay.flagRecords(), ruleID: nil, county: nil, status: .all)
            .render(.table, language: language).utf8)
        return output
    }
}

@Suite("Demo journal")
struct DemoJournalTests {
    let committed = DemoJournalFixture.repositoryJournalDirectory
    let generated = DemoJournalFixture.generatedDirectory

    @Test("the committed demo journal and keys are what the generator writes, byte for byte")
    func committedEqualsGenerated() throws {
        for name in DemoJournal.fileNames {
            let expected = try DemoJournalFixture.bytes(generated + "/" + name)
            let actual = try DemoJournalFixture.bytes(committed + "/" + name)
            #expect(actual == expected, "Journal/\(name) differs from the generator's output; run 'fundledger demo --rebuild'")
        }
    }

    @Test("the demo journal verifies against the demo authority key with no finding")
    func verifies() throws {
        let keyHex = String(decoding: try DemoJournalFixture.bytes(committed + "/" + DemoJournal.authorityPublicKeyFileName), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(keyHex == DemoJournal.authority.publicKeyHex)
        var options = JournalVerifier.Options()
        let authority = try #require(KeyRegistry.publicKey(hex: keyHex))
        options.pinnedAuthority = authority
        let report = try JournalVerification.verify(path: committed + "/" + DemoJournal.journalFileName, options: options,
                                                    validator: FlaggingValidator())
        #expect(report.findings.isEmpty, "\(report.findings)")
        #expect(report.isValid)
        #expect(report.entryCount > 100 && report.entryCount < 300)
    }

    @Test("the demo raises a flag of every standard rule, and exactly the planted ones")
    func everyRulePlanted() throws {
        let records = try SupervisionReplay.replay(journalPath: committed + "/" + DemoJournal.journalFileName).flagRecords()
        let ruleIDs = Set(records.map(\.flag.ruleID))
        for ruleType in RuleEngine.standardRuleTypes {
            #expect(ruleIDs.contains(ruleType.descriptor.id), "no flag of \(ruleType.descriptor.id)")
        }
        // One flag per rule, plus the second 虚报冒领 case (a removed household) and the reversed typing error.
        var counts: [String: Int] = [:]
        for record in records { counts[record.flag.ruleID, default: 0] += 1 }
        var expected = Dictionary(uniqueKeysWithValues: RuleEngine.standardRuleTypes.map { ($0.descriptor.id, 1) })
        expected[PayeeNotEligible.descriptor.id] = 2
        expected[AmountOffStandard.descriptor.id] = 2
        #expect(counts == expected)
        let statuses = records.map { "\($0.flag.ruleID) \($0.status)" }
        #expect(records.filter { $0.status.isOpen }.count == records.count - 3, "\(statuses)")
    }

    @Test("every demo key file says DEMO KEY on its name line and has 'demo' in its name")
    func keysAreLabelled() throws {
        for key in DemoJournal.keys {
            #expect(key.stem.contains("demo"))
            let text = String(decoding: try DemoJournalFixture.bytes(committed + "/" + key.stem + ".key"), as: UTF8.self)
            let lines = text.split(separator: "\n").map(String.init)
            #expect(lines.count == 3)
            #expect(lines[0] == SigningKeyFile.header)
            #expect(lines[1] == "name: \(key.holder) — DEMO KEY — not for real funds")
        }
    }

    @Test("the demo's report all output matches the golden files in Chinese and English")
    func golden() throws {
        let path = committed + "/" + DemoJournal.journalFileName
        let chinese = try DemoJournalFixture.reportAll(journalPath: path, language: .chinese)
        let english = try DemoJournalFixture.reportAll(journalPath: path, language: .english)
        try GoldenFile.check(chinese, named: "demo-report-all.zh.txt")
        try GoldenFile.check(english, named: "demo-report-all.en.txt")
        // Figures planted in the scenario, tied to the text so a refreshed golden file cannot carry a wrong one.
        let text = String(decoding: english, as: UTF8.self)
        #expect(text.contains("forwarded only 800,000.00 yuan; 200,000.00 yuan withheld"))
        #expect(text.contains("has been paid 650,000.00 yuan; accepted progress allows only 195,000.00 yuan"))
        #expect(text.contains("4,000.00 yuan was paid, a difference of 1,500.00 yuan"))
    }
}
