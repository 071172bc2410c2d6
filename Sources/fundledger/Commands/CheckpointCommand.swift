import LedgerJournal

/// `fundledger checkpoint`: prints a signed checkpoint (C2SP tlog-checkpoint, signed note) of the journal.
enum CheckpointCommand: Command {
    static let name = "checkpoint"
    static let abstract = (zh: "为日志当前（或指定）大小签署检查点（C2SP 签名文书），供公示",
                           en: "Print a signed checkpoint (C2SP signed note) of the journal's current or given size, to publish")
    static let usage = "checkpoint <journal> --key <keyfile> [--size <n>]"
    static let example = (zh: "fundledger checkpoint 沁源县.jsonl --key 授权机构.key > 沁源县-2026-11.checkpoint",
                          en: "fundledger checkpoint qinyuan.jsonl --key authority.key > qinyuan-2026-11.checkpoint")
    static let options: [OptionSpec] = [
        .option("key", "keyfile", zh: "授权机构的私钥文件，或被授予 checkpoint 角色的密钥", en: "The authority's key file, or a key granted the 'checkpoint' role"),
        .option("size", "n", zh: "要签署的树大小（默认：全部条目）", en: "The tree size to sign (default: every entry)"),
    ]

    static func run(_ arguments: CommandLineArguments, _ context: CommandContext) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 1)
        let path = try arguments.positional(0, named: "journal")
        let key = try KeyFileReading.signingKey(at: try arguments.required("key"), context)
        let note = try JournalTransparency.signCheckpoint(journalPath: path, key: key.privateKey, treeSize: try arguments.integer("size"))
        Console.out(note.serialized)
        return .success
    }
}
