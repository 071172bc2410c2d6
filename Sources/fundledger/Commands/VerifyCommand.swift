import LedgerCrypto
import LedgerJournal

/// `fundledger verify`: checks everything in a journal and names the first bad entry.
enum VerifyCommand: Command {
    static let name = "verify"
    static let abstract = (zh: "核验日志：规范格式、序号、哈希链、时间顺序、签名、授权和撤销、事件编号唯一",
                           en: "Verify a journal: canonical form, seq, hash chain, time order, signatures, grants, unique ids")
    static let usage = "verify <journal> [--authority <hex>] [--checkpoint <file> (--verifier-key <key> | --policy <file>)] [--json] [--no-signatures]"
    static let example = (zh: "fundledger verify Journal/demo.jsonl --authority $(cat Journal/demo-authority.pub) --lang zh",
                          en: "fundledger verify Journal/demo.jsonl --authority $(cat Journal/demo-authority.pub)")
    static let options: [OptionSpec] = [
        .option("authority", "hex", zh: "经其他渠道获知的授权机构公钥（锁定创世条目）", en: "The authority public key known out of band (pins the genesis)"),
        .option("checkpoint", "file", zh: "日志必须延续的已发布检查点（此后只追加）", en: "A published checkpoint the journal must extend (append-only since then)"),
        .option("verifier-key", "key", zh: "签署该检查点的日志验证密钥（见 note-key）", en: "The log's verifier key that signed the checkpoint (see note-key)"),
        .option("policy", "file", zh: "或检查点必须满足的见证策略（日志密钥和法定联署数）", en: "Or a witness policy the checkpoint must satisfy (log key and quorum)"),
        .flag("json", zh: "输出机器可读的报告", en: "Print a machine-readable report"),
        .flag("no-signatures", zh: "跳过 Ed25519 签名和资金校验（只查哈希链、树、格式和授权）", en: "Skip Ed25519 signatures and fund validation (chain, tree, format and grants only)"),
    ]

    static func run(_ arguments: CommandLineArguments, _ context: CommandContext) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 1)
        let path = try arguments.positional(0, named: "journal")
        var options = JournalVerifier.Options()
        if let authorityHex = arguments.value("authority") {
            guard let key = KeyRegistry.publicKey(hex: authorityHex) else { throw CommandFailure.invalidPublicKey(authorityHex) }
            options.pinnedAuthority = key
        }
        options.checksSignatures = !arguments.has("no-signatures")
        // Read the checkpoint and its trust before the long pass, so a wrong key fails at once.
        let checkpointNote = try arguments.value("checkpoint").map(NoteKeyCommand.readText)
        let trust = try checkpointNote.map { _ in try VerifyProofCommand.trust(arguments) }
        if checkpointNote == nil, arguments.value("verifier-key") != nil || arguments.value("policy") != nil {
            throw CommandFailure.message(zh: "--verifier-key 和 --policy 须与 --checkpoint 一起使用",
                                         en: "--verifier-key and --policy need --checkpoint", status: .usage)
        }
        let progress = ProgressBar(label: context.language.pick("核验", "verifying"), total: 100)
        var report = try JournalVerification.verify(
            path: path, options: options, validator: options.checksSignatures ? DomainHooks.makeVerificationValidator() : nil,
            progress: { done, total in progress.update(Int(done * 100 / max(total, 1))) })
        progress.finish()
        var checkpoint: Checkpoint?
        if let checkpointNote, let trust {
            let comparison = try JournalTransparency.compare(
                journalPath: path, withCheckpointNote: checkpointNote, trust: trust, expectedOrigin: report.origin)
            checkpoint = comparison.checkpoint
            if let deviation = comparison.deviation {
                report.findings.append(deviation.finding(reason: MessageCatalog.checkpointDeviation(deviation, context.language)))
                report.findings.sort { ($0.byteOffset, $0.lineNumber) < ($1.byteOffset, $1.lineNumber) }
            }
        }
        if arguments.has("json") {
            Console.line(VerificationRendering.json(report, path: path, context.language))
        } else {
            Console.out(VerificationRendering.text(report, path: path, context.language))
            if let checkpoint, report.isValid {
                let l = context.language
                Console.line(l.pick("  日志延续已签署的检查点（大小 \(checkpoint.treeSize)，树根 \(checkpoint.rootHash.base64EncodedString)）",
                                    "  the journal extends the signed checkpoint (size \(checkpoint.treeSize), root \(checkpoint.rootHash.base64EncodedString))"))
            }
        }
        return report.isValid ? .success : .failure
    }
}
