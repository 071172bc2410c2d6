import Foundation
import LedgerJournal

/// `fundledger cosign`: an inspectorate (witness) cosigns a checkpoint after checking that it
/// extends the last one it cosigned, or refuses and writes an evidence file.
enum CosignCommand: Command {
    static let name = "cosign"
    static let abstract = (zh: "监督机构联署检查点（须延续其上次联署的检查点）；回滚或分叉则拒绝并写出证据文件",
                           en: "Cosign a checkpoint as an inspectorate if it extends the last one cosigned; refuse and write evidence otherwise")
    static let usage = "cosign <checkpoint> --key <inspector-keyfile> --state <dir> --log-key <key> [--proof <file>] [--name <name>]"
    static let example = "fundledger cosign qinyuan.checkpoint --key province.key --state witness/ --log-key $(cat qinyuan.vkey) --proof 10-to-11.proof"
    static let options: [OptionSpec] = [
        .option("key", "keyfile", "The inspectorate's private key file"),
        .option("state", "dir", "The witness state directory (last cosigned checkpoint per origin, evidence files)"),
        .option("log-key", "key", "The log's verifier key (name+keyhash+base64key, see note-key)"),
        .option("proof", "file", "Consistency proof from the last checkpoint cosigned (see 'prove --from --to')"),
        .option("name", "name", "The witness key name (default: the key file's name)"),
    ]

    static func run(_ arguments: CommandLineArguments, _ context: CommandContext) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 1)
        let note = try NoteKeyCommand.readText(try arguments.positional(0, named: "checkpoint"))
        let keyFile = try SigningKeyFile.read(from: try arguments.required("key"))
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
