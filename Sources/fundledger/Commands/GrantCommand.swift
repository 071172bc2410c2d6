import LedgerCrypto
import LedgerJournal

/// `fundledger grant`: the authority grants a key the right to sign kinds of events for divisions.
enum GrantCommand: Command {
    static let name = "grant"
    static let abstract = (zh: "授权机构授予密钥签署某些事件类型、某些区划的权限",
                           en: "Grant a key the right to sign given event kinds for given divisions")
    static let usage = "grant <journal> --authority <keyfile> --public-key <hex> --name <name> --roles <r1,r2|all> --counties <c1,c2|all>"
    static let example = (zh: "fundledger grant 沁源县.jsonl --authority 授权机构.key --public-key 1d9c… --name 沁源县财政局 --roles fund.disburse,project.milestone --counties 140431",
                          en: "fundledger grant j.jsonl --authority authority.key --public-key 1d9c… --name 沁源县财政局 --roles fund.disburse,project.milestone --counties 140431")
    static let options: [OptionSpec] = [
        .option("authority", "keyfile", zh: "授权机构的私钥文件", en: "The authority's private key file"),
        .option("public-key", "hex", zh: "要授权的公钥（64 位十六进制）", en: "The key to grant (64 hex digits)"),
        .option("name", "name", zh: "密钥持有人", en: "Who holds the key"),
        .option("roles", "kinds", zh: "逗号分隔的事件类型、checkpoint，或 all", en: "Comma-separated event kinds, 'checkpoint', or 'all'"),
        .option("counties", "codes", zh: "逗号分隔的 6 位行政区划代码，或 all", en: "Comma-separated 6-digit division codes, or 'all'"),
        .option("id", "event-id", zh: "授权条目的事件编号（默认：由公钥和时间派生）", en: "Event id of the grant entry (default: derived from key and time)"),
    ]

    static func run(_ arguments: CommandLineArguments, _ context: CommandContext) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 1)
        let path = try arguments.positional(0, named: "journal")
        let authority = try KeyFileReading.signingKey(at: try arguments.required("authority"), context)
        let publicKeyHex = try arguments.required("public-key")
        guard KeyRegistry.publicKey(hex: publicKeyHex) != nil else { throw CommandFailure.invalidPublicKey(publicKeyHex) }
        let roles = try arguments.required("roles").split(separator: ",").map { JSONValue.string(String($0)) }
        let counties = try arguments.required("counties").split(separator: ",").map { JSONValue.string(String($0)) }
        let now = Timestamp.now()
        let draft = EventDraft(
            id: arguments.value("id") ?? "grant-\(publicKeyHex.prefix(16))-\(now.secondsSinceEpoch)", kind: "key.grant",
            body: .object(["counties": .array(counties), "name": .string(try arguments.required("name")),
                           "public_key": .string(publicKeyHex), "roles": .array(roles)]))
        let outcome = try JournalAppender.append(path: path, drafts: [draft], signer: authority.privateKey, now: now)
        AppendCommand.print(outcome, context)
        return .success
    }
}
