import LedgerJournal

/// `fundledger recover`: moves a torn tail left by a crash to a side file and truncates to the last
/// complete line. Never alters a complete line.
enum RecoverCommand: Command {
    static let name = "recover"
    static let abstract = (zh: "处理崩溃留下的残缺尾部：移到旁边的文件并截断到最后完整条目",
                           en: "Move a torn tail left by a crash to a side file; truncate to the last complete entry")
    static let usage = "recover <journal>"
    static let example = (zh: "fundledger recover 沁源县.jsonl",
                          en: "fundledger recover qinyuan.jsonl")
    static let options: [OptionSpec] = []

    static func run(_ arguments: CommandLineArguments, _ context: CommandContext) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 1)
        let path = try arguments.positional(0, named: "journal")
        let l = context.language
        let file = JournalFile(path: path)
        if let recovery = try file.recoverTornTail(lineParses: { line in
            (try? JournalEntry(parsing: CanonicalJSON.parseCanonical(line))) != nil
        }) {
            Console.line(l.pick(
                "已把字节 \(recovery.byteOffset) 起的 \(recovery.byteCount) 字节残缺数据移到 \(recovery.sideFilePath)，日志截断到 \(recovery.byteOffset) 字节",
                "moved \(recovery.byteCount) torn bytes from byte \(recovery.byteOffset) to \(recovery.sideFilePath); journal truncated to \(recovery.byteOffset) bytes"))
        } else {
            Console.line(l.pick("日志末尾完整，无需恢复", "the journal ends with a complete entry; nothing to recover"))
        }
        return .success
    }
}
