import FundSupervision
import LedgerCrypto
import LedgerJournal

/// `fundledger report`: replays the journal and prints balances, county totals and anomaly flags.
enum ReportCommand: Command {
    static let name = "report"
    static let abstract = (zh: "重放日志，输出余额、各县整合资金统计和异常标记（可按日期或序号截止）",
                           en: "Replay the journal: balances, per-county integration totals, anomaly flags (as of a date or seq)")
    static let usage = "report <journal> balances|counties|anomalies|all|closing-digest [--as-of <date>] [--until-seq <n>] [--format table|csv|json|html] [--bom] [--digest] [--rule <id>] [--county <code>] [--status open|disposed]"
    static let example = (zh: "fundledger report Journal/demo.jsonl all --as-of 2019-12-31 --lang zh",
                          en: "fundledger report Journal/demo.jsonl all --as-of 2019-12-31 --lang zh")
    static let options: [OptionSpec] = [
        .option("as-of", "YYYY-MM-DD", zh: "业务日期：只计入在该日或之前生效的事实", en: "Business date: keep facts effective on or before it"),
        .option("until-seq", "n", zh: "只计入 seq < n 的条目（即树大小为 n 时的日志）", en: "Keep entries with seq < n (the journal as it was at tree size n)"),
        .option("format", "table|csv|json|html", zh: "输出格式（默认：table）；html 为单个自包含网页", en: "Output format (default: table); html is one self-contained page"),
        .flag("bom", zh: "CSV 以 UTF-8 字节顺序标记开头（供 Excel 使用）", en: "Start CSV with a UTF-8 byte order mark (for Excel)"),
        .flag("digest", zh: "只输出报表的 SHA-256，便于一行比对重放结果", en: "Print only the SHA-256 of the report, to compare replays in one line"),
        .option("rule", "id", zh: "anomalies：只看该规则", en: "anomalies: only this rule"),
        .option("county", "code", zh: "anomalies：只看该县", en: "anomalies: only this county"),
        .option("status", "open|disposed", zh: "anomalies：只看未处理或已处理的标记", en: "anomalies: only open or only disposed flags"),
    ]

    enum Section: String, CaseIterable {
        case balances, counties, anomalies, all
        /// The `report_digest` a `period.close` at seq N must record (docs/EVENTS.md): one replay
        /// instead of the two `--format json` runs and `sha256sum` an outsider would otherwise need.
        case closingDigest = "closing-digest"
    }

    static func run(_ arguments: CommandLineArguments, _ context: CommandContext) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 2)
        let path = try arguments.positional(0, named: "journal")
        let sectionName = arguments.positionals.count > 1 ? arguments.positionals[1] : "all"
        guard let section = Section(rawValue: sectionName) else { throw UsageError.invalidValue("<report>", sectionName) }
        let format = arguments.value("format") ?? "table"
        guard format == "html" || ReportFormat(rawValue: format) != nil else { throw UsageError.invalidValue("--format", format) }
        let reportFormat = ReportFormat(rawValue: format) ?? .table
        var asOf: CivilDate?
        if let text = arguments.value("as-of") {
            guard let date = CivilDate(parsing: text) else { throw UsageError.invalidValue("--as-of", text) }
            asOf = date
        }
        var county: DivisionCode?
        if let text = arguments.value("county") {
            guard let code = DivisionCode(text) else { throw UsageError.invalidValue("--county", text) }
            county = code
        }
        var status = AnomalyReport.StatusFilter.all
        if let text = arguments.value("status") {
            guard let filter = AnomalyReport.StatusFilter(rawValue: text) else { throw UsageError.invalidValue("--status", text) }
            status = filter
        }
        if section == .closingDigest, arguments.value("as-of") != nil {
            // A closing covers entries by sequence; its report never has an as-of date.
            throw UsageError.notApplicable("--as-of", section.rawValue)
        }
        let progress = ProgressBar(label: context.language.pick("重放", "replaying"), total: 100)
        var replay = try SupervisionReplay.replay(
            journalPath: path, asOf: asOf, untilSequence: try arguments.integer("until-seq"),
            progress: { done, total in progress.update(Int(done * 100 / max(total, 1))) })
        progress.finish()
        if section == .closingDigest {
            let untilSequence = replay.untilSequence ?? replay.entryCount
            // Fewer entries than asked for: a closing at seq N needs entries 0 ..< N to exist.
            guard replay.entryCount == untilSequence else {
                throw UsageError.tooLarge("--until-seq", untilSequence, maximum: replay.entryCount)
            }
            Console.line(PeriodClose.reportDigest(of: replay.projection, untilSequence: untilSequence))
            return .success
        }
        let language = DomainHooks.reportLanguage(context.language)
        if format == "html" {
            // The evaluator's page: verification status first, then the replayed figures and flags.
            let report = try JournalVerification.verify(path: path, validator: DomainHooks.makeVerificationValidator())
            let verification = HTMLReportInput.Verification(
                isVerified: report.isValid, entryCount: report.entryCount,
                findings: report.findings.prefix(20).map { VerificationRendering.describe($0, context.language) })
            let page = HTMLReport.render(HTMLReportInput(journalPath: path, replay: replay, verification: verification, checkpoint: nil),
                                         language: language)
            if arguments.has("digest") {
                Console.line(Report.digest(of: Array(page.utf8)))
            } else {
                Console.out(page)
            }
            return .success
        }
        let flagRecords = replay.takeFlagRecords()
        var output: [UInt8] = []
        // What was rendered is freed on another thread (`Report.release(elsewhere:)`).
        if section == .balances || section == .all {
            let balances = Report.balances(replay.projection)
            output += balances.rendered(as: reportFormat, language: language, includesByteOrderMark: arguments.has("bom"))
            Report.release(elsewhere: consume balances)
        }
        if section == .counties || section == .all {
            output += Report.counties(replay.projection).rendered(as: reportFormat, language: language,
                                                                  includesByteOrderMark: arguments.has("bom") && output.isEmpty)
        }
        Report.release(elsewhere: consume replay)
        if section == .anomalies || section == .all {
            let anomalies = AnomalyReport(records: flagRecords, ruleID: arguments.value("rule"), county: county, status: status)
            let anomalyFormat = AnomalyReport.Format(rawValue: format) ?? .table
            output += Array(anomalies.render(anomalyFormat, language: language).utf8)
        }
        if arguments.has("digest") {
            Console.line(Report.digest(of: output))
        } else {
            Console.out(String(decoding: output, as: UTF8.self))
        }
        return .success
    }
}
