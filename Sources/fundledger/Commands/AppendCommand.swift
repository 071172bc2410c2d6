import Foundation
import FundSupervision
import LedgerCrypto
import LedgerJournal

/// `fundledger append`: appends events given as JSON Lines, all or nothing.
enum AppendCommand: Command {
    static let name = "append"
    static let abstract = (zh: "追加事件（JSON Lines，全部成功或全部拒绝），签名并写入日志",
                           en: "Append events given as JSON Lines, signed, all or nothing")
    static let usage = "append <journal> --key <keyfile> [<file>|-]"
    static let example = (zh: "fundledger append 沁源县.jsonl --key 沁源县财政局.key 事件.jsonl",
                          en: "fundledger append j.jsonl --key qinyuan.key events.jsonl")
    static let options: [OptionSpec] = [
        .option("key", "keyfile", zh: "签名者的私钥文件", en: "The signer's private key file"),
        .flag("refuse-flagged", zh: "只要有一条新条目触发异常标记，就拒绝整批", en: "Refuse the batch if any new entry raises an anomaly flag"),
    ]

    static func run(_ arguments: CommandLineArguments, _ context: CommandContext) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 2)
        let path = try arguments.positional(0, named: "journal")
        let key = try KeyFileReading.signingKey(at: try arguments.required("key"), context)
        let input = try readInput(arguments.positionals.count > 1 ? arguments.positionals[1] : "-")
        let drafts = try EventDraft.parseJSONLines(input)
        let outcome = try JournalAppender.append(path: path, drafts: drafts, signer: key.privateKey,
                                                 validator: DomainHooks.makeValidator(refusesFlaggedEntries: arguments.has("refuse-flagged")))
        print(outcome, context)
        context.endProcessKeepingState(.success)
        return .success
    }

    /// Reads a whole input file, or standard input for "-".
    static func readInput(_ source: String) throws -> [UInt8] {
        if source == "-" {
            return Array(FileHandle.standardInput.readDataToEndOfFile())
        }
        // A regular file in one read (FileManager's first use costs more than the read itself); a pipe
        // or device (e.g. /dev/fd/N) has no size to read up to and goes through FileManager.
        if let file = try? OpenFile(path: source, fileSystem: PosixFileSystem(), access: .readOnly),
           let status = try? file.status(), status.isRegularFile,
           let bytes = try? file.readBytes(atByteOffset: 0, byteCount: Int(status.byteCount)) {
            return bytes
        }
        guard let data = FileManager.default.contents(atPath: source) else {
            throw CommandFailure.unreadableInput(path: source, reason: "cannot open the file")
        }
        return Array(data)
    }

    /// One line per new entry (`seq N HASH`), and one per retried event that was already present.
    static func print(_ outcome: AppendOutcome, _ context: CommandContext) {
        // One write for all the new entries' lines, not one per entry (a bulk append has thousands).
        var text = ""
        text.reserveCapacity(outcome.appended.count * 80)
        for entry in outcome.appended {
            text += "seq \(entry.sequence) \(entry.hash.hex)\n"
        }
        if !text.isEmpty { Console.out(text) }
        for (id, sequence) in outcome.alreadyPresent {
            Console.line(context.language.pick("已存在 \(id) seq \(sequence)", "already present \(id) seq \(sequence)"))
        }
        if let flagging = outcome.validator as? FlaggingValidator, !flagging.raisedByNewEntries.isEmpty {
            let language = DomainHooks.reportLanguage(context.language)
            Console.line(context.language.pick("新条目触发 \(flagging.raisedByNewEntries.count) 个异常标记：",
                                               "the new entries raised \(flagging.raisedByNewEntries.count) anomaly flags:"))
            for flag in flagging.raisedByNewEntries {
                Console.line("  [\(flag.ruleID)] \(flag.explanation.text(in: language))")
            }
        }
    }
}
