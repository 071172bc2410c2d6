/// Help in the style of swift-argument-parser: overview, usage, subcommands with one-line purposes,
/// options, examples and exit codes.
enum HelpText {
    static func overview(commands: [any Command.Type], language: Language) -> String {
        let width = (commands.map { $0.name.count }.max() ?? 0) + 2
        var text = language.pick(
            "概述: FundLedger —— 扶贫资金“零容忍”监管的防篡改审计账本。每一笔资金下达、拨付和项目进度都是一条\n  Ed25519 签名、哈希链接的日志条目；任何人都可以重放并核验。\n\n",
            "OVERVIEW: FundLedger — a tamper-evident audit ledger for the zero-tolerance supervision of\n  poverty-alleviation funds. Every allocation, disbursement and milestone is a signed, hash-chained\n  journal entry that anyone can replay and verify.\n\n")
        text += language.pick("用法", "USAGE") + ": fundledger [--lang zh|en] <subcommand> [<options>]\n\n"
        text += language.pick("子命令", "SUBCOMMANDS") + ":\n"
        for command in commands {
            let padding = String(repeating: " ", count: width - command.name.count)
            text += "  \(command.name)\(padding)\(language.pick(command.abstract.zh, command.abstract.en))\n"
        }
        text += "\n" + exitCodes(language)
        text += "\n" + language.pick("详细帮助：'fundledger help <子命令>'。\n", "See 'fundledger help <subcommand>' for detailed help.\n")
        return text
    }

    static func help(for command: any Command.Type, language: Language) -> String {
        var text = language.pick("概述", "OVERVIEW") + ": " + language.pick(command.abstract.zh, command.abstract.en) + "\n\n"
        text += language.pick("用法", "USAGE") + ": fundledger \(command.usage)\n\n"
        let options = command.options + [
            .option("lang", "zh|en", "Language of messages and labels (default: from LANG)"),
            .flag("help", "Show help information"),
        ]
        text += language.pick("选项", "OPTIONS") + ":\n"
        let labels = options.map { option in "--\(option.name)" + (option.valueName.map { " <\($0)>" } ?? "") }
        let width = (labels.map(\.count).max() ?? 0) + 2
        for (label, option) in zip(labels, options) {
            text += "  \(label)\(String(repeating: " ", count: width - label.count))\(option.help)\n"
        }
        text += "\n" + language.pick("示例", "EXAMPLE") + ":\n  \(command.example)\n\n"
        text += exitCodes(language)
        return text
    }

    static func exitCodes(_ language: Language) -> String {
        language.pick(
            "退出码: 0 成功; 1 核验失败或发现异常; 64 用法错误; 65 输入数据错误; 70 内部错误; 74 读写错误\n",
            "EXIT CODES: 0 success; 1 verification failed or anomalies found; 64 usage error;\n  65 bad input data; 70 internal error; 74 I/O error\n")
    }
}
