import LedgerCrypto
import LedgerJournal

/// `fundledger revoke`: the authority revokes a key's grant from this point of the journal on.
enum RevokeCommand: Command {
    static let name = "revoke"
    static let abstract = (zh: "撤销密钥的授权（从此条目起失效）", en: "Revoke a key's grant from this entry on")
    static let usage = "revoke <journal> --authority <keyfile> --public-key <hex> [--reason <text>]"
    static let example = (zh: "fundledger revoke 沁源县.jsonl --authority 授权机构.key --public-key 1d9c… --reason 人员调离",
                          en: "fundledger revoke j.jsonl --authority authority.key --public-key 1d9c… --reason 人员调离")
    static let options: [OptionSpec] = [
        .option("authority", "keyfile", zh: "授权机构的私钥文件", en: "The authority's private key file"),
        .option("public-key", "hex", zh: "要撤销的公钥（64 位十六进制）", en: "The key to revoke (64 hex digits)"),
        .option("reason", "text", zh: "撤销原因（记入条目）", en: "Why (recorded in the entry)"),
        .option("id", "event-id", zh: "撤销条目的事件编号", en: "Event id of the revocation entry"),
    ]

    static func run(_ arguments: CommandLineArguments, _ context: CommandContext) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 1)
        let path = try arguments.positional(0, named: "journal")
        let authority = try KeyFileReading.signingKey(at: try arguments.required("authority"), context)
        let publicKeyHex = try arguments.required("public-key")
        guard KeyRegistry.publicKey(hex: publicKeyHex) != nil else { throw CommandFailure.invalidPublicKey(publicKeyHex) }
        let now = Timestamp.now()
        let draft = EventDraft(
            id: arguments.value("id") ?? "revoke-\(publicKeyHex.prefix(16))-\(now.secondsSinceEpoch)", kind: "key.revoke",
            body: .object(["public_key": .string(publicKeyHex), "reason": .string(arguments.value("reason") ?? "")]))
        let outcome = try JournalAppender.append(path: path, drafts: [draft], signer: authority.privateKey, now: now)
        AppendCommand.print(outcome, context)
        return .success
    }
}
