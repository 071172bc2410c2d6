import FundSupervision
import LedgerJournal

/// `fundledger import`: appends allocations, disbursements or milestones from a spreadsheet (CSV).
enum ImportCommand: Command {
    static let name = "import"
    static let abstract = (zh: "从表格（CSV，UTF-8 或 GB18030）批量导入下达、拨付或进度，全部成功或全部拒绝",
                           en: "Import allocations, disbursements or milestones from a CSV (UTF-8 or GB18030), all or nothing")
    static let usage = "import <journal> --key <keyfile> --kind allocations|disbursements|milestones <file.csv>"
    static let example = "fundledger import j.jsonl --key clerk.key --kind disbursements 拨付明细.csv"
    static let options: [OptionSpec] = [
        .option("key", "keyfile", "The signer's private key file"),
        .option("kind", "kind", "allocations, disbursements or milestones"),
        .flag("refuse-flagged", "Refuse the file if any row raises an anomaly flag"),
    ]

    static func run(_ arguments: CommandLineArguments, _ context: CommandContext) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 2)
        let path = try arguments.positional(0, named: "journal")
        let csvPath = try arguments.positional(1, named: "file.csv")
        let kindName = try arguments.required("kind")
        guard let kind = ImportKind(name: kindName) else { throw UsageError.invalidValue("--kind", kindName) }
        let key = try SigningKeyFile.read(from: try arguments.required("key"))
        let drafts = try SpreadsheetImport.drafts(fromCSV: try AppendCommand.readInput(csvPath), kind: kind)
        let outcome = try JournalAppender.append(
            path: path, drafts: drafts, signer: key.privateKey,
            validator: DomainHooks.makeValidator(refusesFlaggedEntries: arguments.has("refuse-flagged")))
        AppendCommand.print(outcome, context)
        return .success
    }
}
