import FundSupervision

/// `fundledger rules`: lists every anomaly rule with its source and parameters, optionally with the
/// values in force in a journal on a date (`policy.set` entries override the documented defaults).
enum RulesCommand: Command {
    static let name = "rules"
    static let abstract = (zh: "列出全部异常规则：编号、名称、政策出处、参数及现行取值",
                           en: "List every anomaly rule: id, names, policy source, parameters and values in force")
    static let usage = "rules [<journal>] [--as-of <date>] [--county <code>] [--format table|csv|json]"
    static let example = (zh: "fundledger rules Journal/demo.jsonl --as-of 2019-06-30 --lang zh",
                          en: "fundledger rules Journal/demo.jsonl --as-of 2019-06-30 --lang zh")
    static let options: [OptionSpec] = [
        .option("as-of", "YYYY-MM-DD", zh: "显示该日期的参数值（需指定日志）", en: "The date whose parameter values are shown (with a journal)"),
        .option("county", "code", zh: "显示对该行政区划有效的参数值", en: "Show the values in force for this division"),
        .option("format", "table|csv|json", zh: "输出格式（默认：table）", en: "Output format (default: table)"),
    ]

    static func run(_ arguments: CommandLineArguments, _ context: CommandContext) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 1)
        let format = arguments.value("format") ?? "table"
        guard let renderFormat = AnomalyReport.Format(rawValue: format) else { throw UsageError.invalidValue("--format", format) }
        var date: CivilDate?
        if let text = arguments.value("as-of") {
            guard let parsed = CivilDate(parsing: text) else { throw UsageError.invalidValue("--as-of", text) }
            date = parsed
        }
        var county: DivisionCode?
        if let text = arguments.value("county") {
            guard let code = DivisionCode(text) else { throw UsageError.invalidValue("--county", text) }
            county = code
        }
        var engine = RuleEngine()
        if let journal = arguments.positionals.first {
            engine = try SupervisionReplay.replay(journalPath: journal, asOf: date).engine
        }
        let catalog = RulesCatalog(engine: engine, on: date, for: county)
        Console.out(catalog.render(renderFormat, language: DomainHooks.reportLanguage(context.language)))
        return .success
    }
}
