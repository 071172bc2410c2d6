import FundSupervision

/// `fundledger rules`: lists every anomaly rule with its source and parameters.
enum RulesCommand: Command {
    static let name = "rules"
    static let abstract = (zh: "列出全部异常规则：编号、名称、政策出处、参数及默认值",
                           en: "List every anomaly rule: id, names, policy source, parameters and defaults")
    static let usage = "rules"
    static let example = "fundledger rules --lang zh"
    static let options: [OptionSpec] = []

    static func run(_ arguments: CommandLineArguments, _ context: CommandContext) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 0)
        let language = DomainHooks.reportLanguage(context.language)
        let l = context.language
        for descriptor in RuleEngine().descriptors {
            Console.line("\(descriptor.id)  \(descriptor.name.zh) / \(descriptor.name.en)  [\(descriptor.severity.label(in: language))]")
            Console.line("  \(descriptor.summary.text(in: language))")
            for source in descriptor.sources {
                Console.line("  \(l.pick("出处", "source")): \(source.document) \(source.clause) (\(source.domainIDs.joined(separator: ", ")))")
            }
            for parameter in descriptor.parameters {
                let value = parameter.defaultValue.map { "\($0) \(parameter.unit.rawValue)" } ?? parameter.defaultTexts.joined(separator: ", ")
                Console.line("  \(parameter.name) = \(value)  — \(parameter.summary.text(in: language)) (\(parameter.origin))")
            }
        }
        return .success
    }
}
