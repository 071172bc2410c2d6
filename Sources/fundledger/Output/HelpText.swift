/// Help in the style of swift-argument-parser: overview, usage, subcommands with one-line purposes,
/// options, examples and exit codes.
enum HelpText {
    /// The options every command accepts, listed after its own in `help COMMAND`.
    static let globalOptions: [OptionSpec] = [
        .option("lang", "zh|en", zh: "消息和标签的语言（默认：由 LANG 等环境变量决定）",
                en: "Language of messages and labels (default: from LANG)"),
        .flag("help", zh: "显示帮助信息", en: "Show help information"),
    ]

    /// The help of `fundledger --help`: overview, usage, every subcommand's purpose, exit codes.
    static func overview(commands: [any Command.Type], language: Language) -> String {
        let width = (commands.map { $0.name.count }.max() ?? 0) + 2
        var text = language.pick(
            "概述: FundLedger —— 扶贫资金“零容忍”监管的防篡改审计账本。每一笔资金下达、拨付和项目进度都是一条\n  Ed25519 签名、哈希链接的日志条目；任何人都可以重放并核验。\n\n",
            "OVERVIEW: FundLedger — a tamper-evident audit ledger for the zero-tolerance supervision of\n  poverty-alleviation funds. Every allocation, disbursement and milestone is a signed, hash-chained\n  journal entry that anyone can replay and verify.\n\n")
        text += language.pick("用法: fundledger [--lang zh|en] <子命令> [<选项>]", "USAGE: fundledger [--lang zh|en] <subcommand> [<options>]") + "\n\n"
        text += language.pick("子命令", "SUBCOMMANDS") + ":\n"
        for command in commands {
            let padding = String(repeating: " ", count: width - command.name.count)
            text += "  \(command.name)\(padding)\(language.pick(command.abstract.zh, command.abstract.en))\n"
        }
        text += "\n" + exitCodes(language)
        text += "\n" + language.pick("详细帮助：'fundledger help <子命令>'。\n", "See 'fundledger help <subcommand>' for detailed help.\n")
        return text
    }

    /// The help of `fundledger help COMMAND`: purpose, usage, options, example, exit codes.
    static func help(for command: any Command.Type, language: Language) -> String {
        var text = language.pick("概述", "OVERVIEW") + ": " + language.pick(command.abstract.zh, command.abstract.en) + "\n\n"
        text += language.pick("用法", "USAGE") + ": fundledger \(command.usage)\n\n"
        let options = command.options + globalOptions
        text += language.pick("选项", "OPTIONS") + ":\n"
        let labels = options.map { option in "--\(option.name)" + (option.valueName.map { " <\($0)>" } ?? "") }
        let width = (labels.map(\.count).max() ?? 0) + 2
        for (label, option) in zip(labels, options) {
            text += "  \(label)\(String(repeating: " ", count: width - label.count))\(language.pick(option.help.zh, option.help.en))\n"
        }
        text += "\n" + language.pick("示例", "EXAMPLE") + ":\n  \(language.pick(command.example.zh, command.example.en))\n\n"
        text += exitCodes(language)
        return text
    }

    /// The exit codes paragraph.
    static func exitCodes(_ language: Language) -> String {
        language.pick(
            "退出码: 0 成功; 1 核验失败或发现异常; 64 用法错误; 65 输入数据错误; 70 内部错误; 74 读写错误\n",
            "EXIT CODES: 0 success; 1 verification failed or anomalies found; 64 usage error;\n  65 bad input data; 70 internal error; 74 I/O error\n")
    }
}
