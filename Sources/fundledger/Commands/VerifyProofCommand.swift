import LedgerJournal

/// `fundledger verify-proof`: checks an offline inclusion proof (`.tlog-proof`) with only the
/// proof, the entry's line and the log's key or a witness policy.
enum VerifyProofCommand: Command {
    static let name = "verify-proof"
    static let abstract = (zh: "离线核验包含证明（.tlog-proof）：条目确在已签署（并联署）的检查点内",
                           en: "Verify an inclusion proof (.tlog-proof) offline: the entry is in a signed (and cosigned) checkpoint")
    static let usage = "verify-proof <proof> [--entry <linefile>] (--verifier-key <key> | --policy <file>)"
    static let example = (zh: "fundledger verify-proof 条目-41.tlog-proof --policy 检查组.policy",
                          en: "fundledger verify-proof entry-41.tlog-proof --policy inspectorates.policy")
    static let options: [OptionSpec] = [
        .option("entry", "linefile", zh: "该条目的日志行（默认：证明中附带的日志行）", en: "The entry's journal line (default: the line carried in the proof)"),
        .option("verifier-key", "key", zh: "日志的验证密钥（name+keyhash+base64key，见 note-key）", en: "The log's verifier key (name+keyhash+base64key, see note-key)"),
        .option("policy", "file", zh: "C2SP tlog-policy 文件：日志密钥和见证法定数", en: "A C2SP tlog-policy file: log key and witness quorum"),
    ]

    static func run(_ arguments: CommandLineArguments, _ context: CommandContext) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 1)
        let proofText = try NoteKeyCommand.readText(try arguments.positional(0, named: "proof"))
        let entryLine = try arguments.value("entry").map(AppendCommand.readInput)
        let (checkpoint, index, line) = try JournalTransparency.verifyProof(proofText, entryLine: entryLine, trust: try trust(arguments))
        let l = context.language
        Console.line(l.pick("证明有效：条目 \(index) 在 \(checkpoint.origin) 大小为 \(checkpoint.treeSize) 的树中",
                            "proof is valid: entry \(index) is in the tree of size \(checkpoint.treeSize) of \(checkpoint.origin)"))
        Console.line("  \(l.pick("树根", "root")): \(checkpoint.rootHash.base64EncodedString)")
        Console.line("  \(l.pick("条目", "entry")): \(String(decoding: line.last == 0x0a ? line.dropLast() : line[...], as: UTF8.self))")
        return .success
    }

    /// The trust given by `--verifier-key` or `--policy` (exactly one of them).
    static func trust(_ arguments: CommandLineArguments) throws -> JournalTransparency.Trust {
        switch (arguments.value("verifier-key"), arguments.value("policy")) {
        case (let key?, nil):
            return .logKey(try NoteKeyCommand.verifier(key))
        case (nil, let path?):
            return .policy(try WitnessPolicy(parsing: try NoteKeyCommand.readText(path)))
        default:
            throw CommandFailure.message(zh: "请给出 --verifier-key 和 --policy 之一", en: "give exactly one of --verifier-key and --policy",
                                         status: .usage)
        }
    }
}
