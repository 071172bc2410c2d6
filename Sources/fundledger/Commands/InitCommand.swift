import LedgerCrypto
import LedgerJournal

/// `fundledger init`: creates a journal with its genesis entry.
enum InitCommand: Command {
    static let name = "init"
    static let abstract = (zh: "创建新日志及其创世条目（指定来源名和授权机构密钥）",
                           en: "Create a journal and its genesis entry (origin and authority key)")
    static let usage = "init <journal> --origin <origin> --authority <keyfile>"
    static let example = (zh: "fundledger init 沁源县.jsonl --origin fundledger.example.gov.cn/140431 --authority 授权机构.key",
                          en: "fundledger init qinyuan.jsonl --origin fundledger.example.gov.cn/140431 --authority authority.key")
    static let options: [OptionSpec] = [
        .option("origin", "origin", zh: "日志名称，也是检查点的 origin", en: "The journal's name, also its checkpoint origin"),
        .option("authority", "keyfile", zh: "授权机构的私钥文件", en: "The authority's private key file"),
    ]

    static func run(_ arguments: CommandLineArguments, _ context: CommandContext) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 1)
        let path = try arguments.positional(0, named: "journal")
        let origin = try arguments.required("origin")
        guard KeyRegistry.isValidOrigin(origin) else { throw CommandFailure.invalidOrigin(origin) }
        let authority = try KeyFileReading.signingKey(at: try arguments.required("authority"), context)
        let genesis = try JournalAppender.create(path: path, origin: origin, authority: authority.privateKey)
        let l = context.language
        Console.line(l.pick("已创建日志 \(path)，来源名 \(origin)", "created journal \(path) with origin \(origin)"))
        Console.line("seq \(genesis.sequence) \(genesis.hash.hex)")
        Console.line("\(l.pick("授权公钥", "authority")): \(Hex.encode(authority.privateKey.publicKey.rawRepresentation))")
        return .success
    }
}
