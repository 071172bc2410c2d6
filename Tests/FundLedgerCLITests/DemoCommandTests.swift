// `fundledger demo` end to end (without starting a process): the committed demo verifies and
// prints the DEMO banner, the verification, the balances, county totals and flags; a missing demo
// says what to do; `--rebuild` writes the committed bytes again.
import Foundation
import LedgerTestSupport
import Testing
@testable import fundledger

@Suite("fundledger demo")
struct DemoCommandTests {
    static let journalDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Journal").path

    @Test("demo verifies the shipped journal and prints the report, DEMO first, in both languages")
    func shippedDemo() throws {
        for language in [Language.en, .zh] {
            let (text, errorText, status) = try DemoCommand.output(directory: Self.journalDirectory, language)
            #expect(status == .success)
            #expect(errorText.isEmpty)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.first?.hasPrefix(language == .en ? "DEMO journal signed with DEMO keys" : "演示日志，使用演示密钥") == true)
            #expect(text.contains(language == .en ? "authority checked against the pinned key" : "授权机构公钥已与指定值核对"))
            #expect(text.contains("R-WITHHOLDING") && text.contains("R-SEPARATION-OF-DUTIES"))
            #expect(text.contains("沁源县"))
        }
    }

    @Test("demo without a Journal folder exits 74 and says how to get one")
    func missingDemo() throws {
        let (text, errorText, status) = try DemoCommand.output(directory: "/nonexistent-fundledger-demo", .en)
        #expect(status == .ioError)
        #expect(text.isEmpty)
        #expect(errorText.contains("no demo journal at /nonexistent-fundledger-demo/demo.jsonl"))
        #expect(errorText.contains("fundledger demo --rebuild"))
    }

    @Test("demo --rebuild --out writes the committed journal again, byte for byte, twice over")
    func rebuild() throws {
        let scratch = try TemporaryDirectory(prefix: "fundledger-demo-cli")
        defer { scratch.remove() }
        // A folder that does not exist yet, as the first rebuild into it finds it.
        let directory = scratch.file("demo")
        for _ in 0..<2 {
            let (text, status) = try DemoCommand.rebuild(into: directory, .en)
            #expect(status == .success)
            #expect(text.hasPrefix("rebuilt the DEMO journal"))
        }
        let expected = try Data(contentsOf: URL(fileURLWithPath: Self.journalDirectory + "/demo.jsonl"))
        let actual = try Data(contentsOf: URL(fileURLWithPath: directory + "/demo.jsonl"))
        #expect(actual == expected)
    }
}
