import FundSupervision
import LedgerJournal

/// `fundledger import`: appends allocations, disbursements or milestones from a spreadsheet (CSV).
enum ImportCommand: Command {
    static let name = "import"
    static let abstract = (zh: "从表格（CSV，UTF-8 或 GB18030）批量导入下达、拨付或进度，全部成功或全部拒绝",
                           en: "Import allocations, disbursements or milestones from a CSV (UTF-8 or GB18030), all or nothing")
    static let usage = "import <journal> --key <keyfile> --kind allocations|disbursements|milestones <file.csv>"
    static let example = (zh: "fundledger import 沁源县.jsonl --key 沁源县财政局.key --kind disbursements 拨付明细.csv",
                          en: "fundledger import j.jsonl --key clerk.key --kind disbursements 拨付明细.csv")
    static let options: [OptionSpec] = [
        .option("key", "keyfile", zh: "签名者的私钥文件", en: "The signer's private key file"),
        .option("kind", "kind", zh: "allocations（下达）、disbursements（拨付）或 milestones（进度）", en: "allocations, disbursements or milestones"),
        .flag("refuse-flagged", zh: "只要有一行触发异常标记，就拒绝整个文件", en: "Refuse the file if any row raises an anomaly flag"),
    ]

    static func run(_ arguments: CommandLineArguments, _ context: CommandContext) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 2)
        let path = try arguments.positional(0, named: "journal")
        let csvPath = try arguments.positional(1, named: "file.csv")
        let kindName = try arguments.required("kind")
        guard let kind = ImportKind(name: kindName) else { throw UsageError.invalidValue("--kind", kindName) }
        let key = try KeyFileReading.signingKey(at: try arguments.required("key"), context)
        let l = context.language
        // Three bars on a terminal: the sheet's rows, the replay and checks, the write.
        let reading = ProgressBar(label: l.pick("读取表格", "reading rows"), total: 100)
        let drafts = try SpreadsheetImport.drafts(fromCSV: try AppendCommand.readInput(csvPath), kind: kind,
                                                  progress: { done, total in reading.update(done * 100 / max(total, 1)) })
        reading.finish()
        // The journal's size from its tail (O(1)); when it cannot be read the append says why.
        let existingCount = (try? JournalTree.currentExpectation(journalPath: path).leafCount) ?? 0
        let checkCount = existingCount + drafts.count
        let validating = ProgressBar(label: l.pick("校验", "validating"), total: checkCount)
        let writing = ProgressBar(label: l.pick("写入", "appending"), total: 1)
        defer {
            // On a refusal too: the error message starts on a clean line.
            validating.finish()
            writing.finish()
        }
        let validator = ProgressReportingValidator(
            wrapping: DomainHooks.makeValidator(refusesFlaggedEntries: arguments.has("refuse-flagged")),
            entriesBeforeAppend: existingCount, applied: { count in
                validating.update(count)
                if count == checkCount {
                    validating.finish()
                    writing.update(0)
                }
            })
        var outcome = try JournalAppender.append(path: path, drafts: drafts, signer: key.privateKey, validator: validator)
        writing.update(1)
        // Cleared before the report, so no bar is left on the line the report starts on.
        validating.finish()
        writing.finish()
        outcome.validator = (outcome.validator as? ProgressReportingValidator)?.wrapped
        AppendCommand.print(outcome, context)
        context.endProcessKeepingState(.success)
        return .success
    }
}
