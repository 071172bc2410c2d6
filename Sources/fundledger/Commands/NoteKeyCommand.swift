import Foundation
import LedgerJournal

/// `fundledger note-key`: prints the signed-note verifier key (`name+keyhash+base64key`) of a public key.
enum NoteKeyCommand: Command {
    static let name = "note-key"
    static let abstract = (zh: "打印签名文书验证密钥（名称+密钥哈希+base64 公钥），供核验检查点和编写见证策略",
                           en: "Print the signed-note verifier key (name+keyhash+base64key) for checking checkpoints and writing policies")
    static let usage = "note-key (--public-key <hex> --name <name> | --key <keyfile> [--name <name>]) [--witness]"
    static let example = (zh: "fundledger note-key --public-key $(cat 授权机构.pub) --name fundledger.example.gov.cn/140431",
                          en: "fundledger note-key --public-key $(cat authority.pub) --name fundledger.example.gov.cn/140431")
    static let options: [OptionSpec] = [
        .option("public-key", "hex", zh: "Ed25519 公钥（64 位十六进制）", en: "The Ed25519 public key (64 hex digits)"),
        .option("key", "keyfile", zh: "从私钥文件读取公钥（及默认名称）", en: "Read the public key (and default name) from a private key file"),
        .option("name", "name", zh: "密钥名称：日志密钥用日志的 origin，见证密钥用检查组名称", en: "The key name: the journal's origin for a log key, the inspectorate's name for a witness"),
        .flag("witness", zh: "见证（检查组）联署密钥，类型 0x04，用于策略文件", en: "A witness (inspector) cosignature key, type 0x04, for policy files"),
    ]

    static func run(_ arguments: CommandLineArguments, _ context: CommandContext) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 0)
        let publicKey: [UInt8]
        let name: String
        switch (arguments.value("public-key"), arguments.value("key")) {
        case (let hex?, nil):
            guard let key = KeyRegistry.publicKey(hex: hex) else { throw CommandFailure.invalidPublicKey(hex) }
            publicKey = Array(key.rawRepresentation)
            name = try arguments.required("name")
        case (nil, let path?):
            let file = try KeyFileReading.signingKey(at: path, context)
            publicKey = Array(file.privateKey.publicKey.rawRepresentation)
            name = arguments.value("name") ?? file.name
        default:
            throw CommandFailure.message(zh: "请给出 --public-key 和 --key 之一", en: "give exactly one of --public-key and --key", status: .usage)
        }
        let verifier = try NoteVerifier(name: name, publicKey: publicKey,
                                        signatureType: arguments.has("witness") ? .cosignatureV1 : .ed25519)
        Console.line(verifier.verifierKey)
        return .success
    }

    /// Reads a verifier key given on the command line.
    static func verifier(_ text: String) throws -> NoteVerifier {
        try NoteVerifier(verifierKey: text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Reads a whole text file (a checkpoint, a proof, a policy).
    static func readText(_ path: String) throws -> String {
        String(decoding: try AppendCommand.readInput(path), as: UTF8.self)
    }
}
