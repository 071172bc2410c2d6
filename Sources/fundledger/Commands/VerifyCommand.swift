import LedgerCrypto
import LedgerJournal

/// `fundledger verify`: checks everything in a journal and names the first bad entry.
enum VerifyCommand: Command {
    static let name = "verify"
    static let abstract = (zh: "核验日志：规范格式、序号、哈希链、时间顺序、签名、授权和撤销、事件编号唯一",
                           en: "Verify a journal: canonical form, seq, hash chain, time order, signatures, grants, unique ids")
    static let usage = "verify <journal> [--authority <hex>] [--json] [--no-signatures]"
    static let example = "fundledger verify Journal/demo.jsonl --authority $(cat Journal/demo-authority.pub)"
    static let options: [OptionSpec] = [
        .option("authority", "hex", "The authority public key known out of band (pins the genesis)"),
        .flag("json", "Print a machine-readable report"),
        .flag("no-signatures", "Skip Ed25519 signatures (chain, tree and format only)"),
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
        let progress = ProgressBar(label: context.language.pick("核验", "verifying"), total: 100)
        let report = try JournalVerification.verify(
            path: path, options: options, validator: DomainHooks.makeValidator(),
            progress: { done, total in progress.update(Int(done * 100 / max(total, 1))) })
        progress.finish()
        if arguments.has("json") {
            Console.line(VerificationRendering.json(report, path: path, context.language))
        } else {
            Console.out(VerificationRendering.text(report, path: path, context.language))
        }
        return report.isValid ? .success : .failure
    }
}
