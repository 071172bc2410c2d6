// Help text in both languages. Goal: `fundledger --help` and `fundledger help COMMAND` are complete
// in Chinese and in English, and nobody can add a command or an option without both texts.
// Method: golden files (Fixtures/help/, refreshed with FUNDLEDGER_UPDATE_GOLDEN=1, review the diff)
// for the overview and a few commands, rendered in-process and once through the real binary; and
// a check that walks the command table and every option in it.
import Foundation
import LedgerTestSupport
import Testing
@testable import fundledger

@Suite("help text in Chinese and English")
struct HelpTextTests {
    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/help")

    /// Commands whose `help COMMAND` output is pinned in golden files.
    static let pinnedCommands = ["verify", "import", "prove", "demo"]

    /// Compares `text` with the golden file `name`, or rewrites it under FUNDLEDGER_UPDATE_GOLDEN=1.
    static func checkGolden(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = goldenDirectory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["FUNDLEDGER_UPDATE_GOLDEN"] == "1" {
            try Data(text.utf8).write(to: url)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(text == expected, "\(name) differs; refresh with FUNDLEDGER_UPDATE_GOLDEN=1 and review the diff",
                sourceLocation: sourceLocation)
    }

    /// Whether `text` holds at least one CJK unified ideograph.
    static func containsChinese(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
    }

    @Test("the overview (fundledger --help) matches its golden file in both languages")
    func overviewGolden() throws {
        for language in [Language.en, .zh] {
            try Self.checkGolden(HelpText.overview(commands: FundLedgerTool.commands, language: language),
                                 named: "overview.\(language.rawValue).txt")
        }
    }

    @Test("help COMMAND matches its golden file in both languages", arguments: pinnedCommands)
    func commandGolden(name: String) throws {
        let command = try #require(FundLedgerTool.commands.first { $0.name == name })
        for language in [Language.en, .zh] {
            try Self.checkGolden(HelpText.help(for: command, language: language), named: "\(name).\(language.rawValue).txt")
        }
    }

    @Test("every command and every option has a Chinese and an English text")
    func everyOptionTranslated() {
        for command in FundLedgerTool.commands {
            #expect(Self.containsChinese(command.abstract.zh), "\(command.name): the purpose has no Chinese text")
            #expect(!Self.containsChinese(command.abstract.en), "\(command.name): the English purpose is not English")
            #expect(command.example.zh.hasPrefix("fundledger \(command.name)") && command.example.en.hasPrefix("fundledger \(command.name)"),
                    "\(command.name): an example does not run the command")
            for option in command.options + HelpText.globalOptions {
                #expect(Self.containsChinese(option.help.zh), "\(command.name) --\(option.name): no Chinese help text")
                #expect(option.help.en.contains { $0.isASCII && $0.isLetter } && option.help.en != option.help.zh,
                        "\(command.name) --\(option.name): no English help text")
            }
            // Every option a command parses is listed once.
            let names = command.options.map(\.name)
            #expect(Set(names).count == names.count, "\(command.name): an option is declared twice")
        }
    }

    @Test("help COMMAND shows only the chosen language's option texts, for every command")
    func helpUsesOneLanguage() {
        for command in FundLedgerTool.commands {
            let chinese = HelpText.help(for: command, language: .zh)
            let english = HelpText.help(for: command, language: .en)
            for option in command.options + HelpText.globalOptions {
                #expect(chinese.contains(option.help.zh) && !chinese.contains(option.help.en), "\(command.name) --\(option.name) in zh")
                #expect(english.contains(option.help.en) && !english.contains(option.help.zh), "\(command.name) --\(option.name) in en")
            }
            #expect(chinese.contains(command.example.zh) && english.contains(command.example.en))
        }
    }

    @Test("every command's option names are distinct (the parser takes the first with a name)")
    func optionNamesAreDistinct() {
        for command in FundLedgerTool.commands {
            let names = command.options.map(\.name)
            #expect(Set(names).count == names.count, "\(command.name): \(names)")
        }
    }

    @Test("the binary picks the help language from --lang, then from LANG")
    func binaryChoosesLanguage() throws {
        // Its own scratch folder, so the runner's stdin/stdout/stderr files never land in TMPDIR itself.
        let scratch = try TemporaryDirectory(prefix: "fundledger-help")
        defer { scratch.remove() }
        let directory = scratch.url
        let chineseOverview = HelpText.overview(commands: FundLedgerTool.commands, language: .zh)
        let englishVerify = try #require(FundLedgerTool.commands.first { $0.name == "verify" })
        let byOption = try FundLedgerProcess.run(["--help", "--lang", "zh"], in: directory, language: "en")
        #expect(byOption.status == 0 && byOption.stdout == chineseOverview && byOption.stderr.isEmpty)
        let byLocale = try FundLedgerProcess.run(["help", "prove"], in: directory, language: "",
                                                 environment: ["FUNDLEDGER_LANG": "", "LANG": "zh_CN.UTF-8"])
        let prove = try #require(FundLedgerTool.commands.first { $0.name == "prove" })
        #expect(byLocale.status == 0 && byLocale.stdout == HelpText.help(for: prove, language: .zh))
        let english = try FundLedgerProcess.run(["verify", "--help"], in: directory, language: "en")
        #expect(english.status == 0 && english.stdout == HelpText.help(for: englishVerify, language: .en))
    }
}
