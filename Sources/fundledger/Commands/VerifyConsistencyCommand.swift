import LedgerJournal

/// `fundledger verify-consistency`: checks offline that a newer checkpoint extends an older one.
enum VerifyConsistencyCommand: Command {
    static let name = "verify-consistency"
    static let abstract = (zh: "离线核验一致性证明：新检查点只是在旧检查点之后追加（未改写、未回滚）",
                           en: "Verify a consistency proof offline: the newer checkpoint only appends to the older one")
    static let usage = "verify-consistency <old-checkpoint> <new-checkpoint> <proof> --verifier-key <key>"
    static let example = (zh: "fundledger verify-consistency 2026-10.checkpoint 2026-11.checkpoint 10-to-11.proof --verifier-key $(cat 沁源县.vkey)",
                          en: "fundledger verify-consistency 2026-10.checkpoint 2026-11.checkpoint 10-to-11.proof --verifier-key $(cat qinyuan.vkey)")
    static let options: [OptionSpec] = [
        .option("verifier-key", "key", zh: "日志的验证密钥（name+keyhash+base64key，见 note-key）", en: "The log's verifier key (name+keyhash+base64key, see note-key)"),
    ]

    static func run(_ arguments: CommandLineArguments, _ context: CommandContext) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 3)
        let old = try NoteKeyCommand.readText(try arguments.positional(0, named: "old-checkpoint"))
        let new = try NoteKeyCommand.readText(try arguments.positional(1, named: "new-checkpoint"))
        let proof = try NoteKeyCommand.readText(try arguments.positional(2, named: "proof"))
        let verifier = try NoteKeyCommand.verifier(try arguments.required("verifier-key"))
        let checkpoints = try JournalTransparency.verifyConsistency(
            oldCheckpointNote: old, newCheckpointNote: new, proofText: proof, logVerifier: verifier)
        let l = context.language
        Console.line(l.pick("一致：\(checkpoints.new.origin) 从大小 \(checkpoints.old.treeSize) 到 \(checkpoints.new.treeSize) 只有追加",
                            "consistent: \(checkpoints.new.origin) grew from size \(checkpoints.old.treeSize) to \(checkpoints.new.treeSize) by appending only"))
        return .success
    }
}
