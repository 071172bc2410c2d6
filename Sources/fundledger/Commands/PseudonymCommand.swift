import FundSupervision
import LedgerJournal

/// `fundledger pseudonym`: computes a beneficiary's pseudonym from a national ID and the county secret.
enum PseudonymCommand: Command {
    static let name = "pseudonym"
    static let abstract = (zh: "用县级密钥计算受益人化名（HMAC-SHA256），身份证号不进入日志",
                           en: "Compute a beneficiary pseudonym (HMAC-SHA256 under the county secret); IDs never enter the journal")
    static let usage = "pseudonym --secret <file> --id <national-id>"
    static let example = (zh: "fundledger pseudonym --secret 县级密钥.secret --id 140431199001011234",
                          en: "fundledger pseudonym --secret county.secret --id 140431199001011234")
    static let options: [OptionSpec] = [
        .option("secret", "file", zh: "县级保管的密钥文件（仅所有者可读）", en: "The county-held secret (a file readable only by its owner)"),
        .option("id", "national-id", zh: "身份证号码", en: "The national ID number"),
    ]

    static func run(_ arguments: CommandLineArguments, _ context: CommandContext) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 0)
        let secret = try KeyFileStore().read(at: try arguments.required("secret"))
        Console.line(Pseudonym.make(nationalID: try arguments.required("id"), secret: secret))
        return .success
    }
}
