import Foundation
import FundSupervision
import LedgerCrypto
import LedgerJournal

/// `fundledger demo`: verifies the shipped demo journal against its demo authority key and prints
/// the balances, the per-county integration totals and the anomaly flags; `--rebuild` regenerates it.
enum DemoCommand: Command {
    static let name = "demo"
    static let abstract = (zh: "核验自带的演示日志（演示密钥），输出余额、各县整合统计和异常标记",
                           en: "Verify the shipped DEMO journal; print balances, county totals and anomaly flags")
    static let usage = "demo [--dir <dir>] [--rebuild [--out <dir>]]"
    static let example = (zh: "fundledger demo --lang zh",
                          en: "fundledger demo --lang zh")
    static let options: [OptionSpec] = [
        .option("dir", "dir", zh: "演示日志和密钥所在目录（默认：当前目录下的 Journal）", en: "Where the demo journal and keys are (default: Journal, relative to the current directory)"),
        .flag("rebuild", zh: "逐字节重新生成演示日志及其演示密钥", en: "Regenerate the demo journal and its demo keys, byte for byte"),
        .option("out", "dir", zh: "与 --rebuild 一起使用：写入的目录（默认：--dir 指定的目录）", en: "With --rebuild: the directory to write (default: the --dir directory)"),
    ]

    /// The demo directory when none is given: the repository's `Journal/`, from the repository root.
    static let defaultDirectory = "Journal"

    static func run(_ arguments: CommandLineArguments, _ context: CommandContext) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 0)
        let directory = arguments.value("dir") ?? defaultDirectory
        if arguments.has("rebuild") {
            let (text, status) = try rebuild(into: arguments.value("out") ?? directory, context.language)
            Console.out(text)
            return status
        }
        if arguments.value("out") != nil { throw UsageError.unexpectedValue("--out") }
        let (text, errorText, status) = try output(directory: directory, context.language)
        Console.out(text)
        Console.error(errorText)
        return status
    }

    /// Verifies the demo journal in `directory` and renders the report: (standard output, standard
    /// error, exit status). Throws `StorageError` when the journal cannot be read.
    static func output(directory: String, _ l: Language) throws -> (String, String, ExitStatus) {
        let journalPath = directory + "/" + DemoJournal.journalFileName
        let keyPath = directory + "/" + DemoJournal.authorityPublicKeyFileName
        guard FileManager.default.fileExists(atPath: journalPath),
              let keyText = try? String(contentsOfFile: keyPath, encoding: .utf8) else {
            let message = l.pick(
                "fundledger: 错误：找不到演示日志 \(journalPath) 或其授权公钥 \(keyPath)\n  提示：请在代码仓库根目录（含 Journal/ 的目录）运行 'swift run fundledger demo'，或用 'fundledger demo --rebuild' 重新生成；也可用 --dir 指定目录\n",
                "fundledger: error: no demo journal at \(journalPath) or no authority key at \(keyPath)\n  hint: run 'swift run fundledger demo' from the repository root (the folder that holds Journal/), or regenerate it with 'fundledger demo --rebuild'; --dir names another folder\n")
            return ("", message, .ioError)
        }
        let keyHex = keyText.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let authority = KeyRegistry.publicKey(hex: keyHex) else { throw CommandFailure.invalidPublicKey(keyHex) }
        var text = l.pick(
            "演示日志，使用演示密钥（DEMO KEY —— 不可用于真实资金）；县名和区划代码、资金、标准来自政策文本，数量和金额为示例：\(journalPath)\n",
            "DEMO journal signed with DEMO keys (not for real funds); counties, division codes, funds and standards come from the policy texts, quantities and amounts are illustrative: \(journalPath)\n")
        var options = JournalVerifier.Options()
        options.pinnedAuthority = authority
        let verification = try JournalVerification.verify(path: journalPath, options: options, validator: DomainHooks.makeValidator())
        text += VerificationRendering.text(verification, path: journalPath, l)
        guard verification.isValid else { return (text, "", .failure) }
        text += "\n" + (try report(journalPath: journalPath, l))
        return (text, "", .success)
    }

    /// The `report all` output of the journal, as `fundledger report JOURNAL all` prints it.
    static func report(journalPath: String, _ l: Language) throws -> String {
        let replay = try SupervisionReplay.replay(journalPath: journalPath)
        let language = DomainHooks.reportLanguage(l)
        var output: [UInt8] = []
        output += Report.balances(replay.projection).rendered(as: .table, language: language, includesByteOrderMark: false)
        output += Report.counties(replay.projection).rendered(as: .table, language: language, includesByteOrderMark: false)
        output += Array(AnomalyReport(records: replay.flagRecords(), ruleID: nil, county: nil, status: .all)
            .render(.table, language: language).utf8)
        return String(decoding: output, as: UTF8.self)
    }

    /// Removes the demo files in `directory` (only those the generator writes, and derived side
    /// files) and writes them again. Returns the text to print and the exit status.
    static func rebuild(into directory: String, _ l: Language) throws -> (String, ExitStatus) {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for name in DemoJournal.fileNames + [".head", ".ids", ".tree"].map({ DemoJournal.journalFileName + $0 }) {
            try? FileManager.default.removeItem(atPath: directory + "/" + name)
        }
        try DemoJournal.make(inDirectory: directory)
        let lines = DemoJournal.fileNames.map { "  \(directory)/\($0)\n" }.joined()
        return (l.pick("已重新生成演示日志和演示密钥（DEMO KEY —— 不可用于真实资金）：\n", "rebuilt the DEMO journal and DEMO keys (not for real funds):\n") + lines, .success)
    }
}
