import Foundation
import LedgerJournal

/// `fundledger cosign`: an inspectorate (witness) cosigns a checkpoint after checking that it
/// extends the last one it cosigned, or refuses and writes an evidence file.
enum CosignCommand: Command {
    static let name = "cosign"
    static let abstract = (zh: "监督机构联署检查点（须延续其上次联署的检查点）；回滚或分叉则拒绝并写出证据文件",
                           en: "Cosign a checkpoint as an inspectorate if it extends the last one cosigned; refuse and write evidence otherwise")
    static let usage = "cosign <checkpoint> --key <inspector-keyfile> --state <dir> --log-key <key> [--proof <file>] [--name <name>]"
    static let example = (zh: "fundledger cosign 沁源县.checkpoint --key 省检查组.key --state witness/ --log-key $(cat 沁源县.vkey) --proof 10-to-11.proof",
                          en: "fundledger cosign qinyuan.checkpoint --key province.key --state witness/ --log-key $(cat qinyuan.vkey) --proof 10-to-11.proof")
    static let options: [OptionSpec] = [
        .option("key", "keyfile", zh: "检查组（见证方）的私钥文件", en: "The inspectorate's private key file"),
        .option("state", "dir", zh: "见证状态目录（每个日志最近联署的检查点、证据文件）", en: "The witness state directory (last cosigned checkpoint per origin, evidence files)"),
        .option("log-key", "key", zh: "日志的验证密钥（name+keyhash+base64key，见 note-key）", en: "The log's verifier key (name+keyhash+base64key, see note-key)"),
        .option("proof", "file", zh: "从上次联署的检查点到本检查点的一致性证明（见 prove --from --to）", en: "Consistency proof from the last checkpoint cosigned (see 'prove --from --to')"),
        .option("name", "name", zh: "见证密钥名称（默认：密钥文件中的名称）", en: "The witness key name (default: the key file's name)"),
    ]

    static func run(_ arguments: CommandLineArguments, _ context: CommandContext) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 1)
        let note = try NoteKeyCommand.readText(try arguments.positional(0, named: "checkpoint"))
        let keyFile = try KeyFileReading.signingKey(at: try arguments.required("key"), context)
        let witnessKey = try NoteSigner(name: arguments.value("name") ?? keyFile.name,
                                        seed: Array(keyFile.privateKey.rawRepresentation), signatureType: .cosignatureV1)
        let cosigned = try JournalTransparency.cosign(
            checkpointNote: note, logVerifier: try NoteKeyCommand.verifier(try arguments.required("log-key")),
            consistencyProofText: try arguments.value("proof").map(NoteKeyCommand.readText),
            key: witnessKey, stateDirectory: try arguments.required("state"), now: Date())
        Console.out(cosigned)
        return .success
    }
}
