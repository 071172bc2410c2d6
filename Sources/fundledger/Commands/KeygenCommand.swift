import LedgerCrypto
import LedgerJournal

/// `fundledger keygen`: creates a private key file (mode 0600) and prints its public key and key id.
enum KeygenCommand: Command {
    static let name = "keygen"
    static let abstract = (zh: "生成 Ed25519 签名密钥文件（权限 0600），打印公钥和密钥编号",
                           en: "Create an Ed25519 signing key file (mode 0600); print its public key and key id")
    static let usage = "keygen --name <name> --out <file>"
    static let example = (zh: "fundledger keygen --name 沁源县财政局 --out 沁源县财政局.key",
                          en: "fundledger keygen --name 沁源县财政局 --out qinyuan.key")
    static let options: [OptionSpec] = [
        .option("name", "name", zh: "密钥持有人，例如 沁源县财政局", en: "Who holds the key, e.g. 沁源县财政局"),
        .option("out", "file", zh: "私钥写入的位置；绝不覆盖已有文件", en: "Where to write the private key; never overwritten"),
    ]

    static func run(_ arguments: CommandLineArguments, _ context: CommandContext) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 0)
        let name = try arguments.required("name")
        let path = try arguments.required("out")
        let key = Curve25519.Signing.PrivateKey()
        try SigningKeyFile(name: name, privateKey: key).write(to: path)
        let l = context.language
        Console.line("\(l.pick("公钥", "public key")): \(Hex.encode(key.publicKey.rawRepresentation))")
        Console.line("\(l.pick("密钥编号", "key id")): \(KeyID(publicKey: key.publicKey).hex)")
        Console.line("\(l.pick("私钥已写入", "private key written to")) \(path) (0600)")
        return .success
    }
}
