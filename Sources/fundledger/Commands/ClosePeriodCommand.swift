import FundSupervision
import LedgerCrypto
import LedgerJournal

/// `fundledger close-period`: records a signed `period.close` (月结/年结) with the period's totals and
/// the digest of the balances and counties report (docs/EVENTS.md `period.close`).
enum ClosePeriodCommand: Command {
    static let name = "close-period"
    static let abstract = (zh: "月结/年结：记录本期合计与报表摘要的签名条目（verify 会重算核对）",
                           en: "Close a month or year: a signed entry of its totals and report digest (verify recomputes it)")
    static let usage = "close-period <journal> --key <keyfile> --period <YYYY-MM|YYYY> [--unit <code>] [--effective-date <date>]"
    static let example = "fundledger close-period Journal/demo.jsonl --key Journal/keys/qinyuan.key --period 2018-06 --unit 140431"
    static let options: [OptionSpec] = [
        .option("key", "keyfile", "The signer's private key file (its grant must include period.close)"),
        .option("period", "YYYY-MM|YYYY", "The month (YYYY-MM) or fiscal year (YYYY) to close"),
        .option("unit", "code", "Close one unit's books (6-digit code); default: nationwide, unscoped"),
        .option("effective-date", "YYYY-MM-DD", "The closing date (default: the period's last day)"),
    ]

    static func run(_ arguments: CommandLineArguments, _ context: CommandContext) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 1)
        let path = try arguments.positional(0, named: "journal")
        let key = try SigningKeyFile.read(from: try arguments.required("key"))
        let periodText = try arguments.required("period")
        guard let period = FiscalPeriod(parsing: periodText) else { throw UsageError.invalidValue("--period", periodText) }
        var unit: DivisionCode?
        if let text = arguments.value("unit") {
            guard let code = DivisionCode(text) else { throw UsageError.invalidValue("--unit", text) }
            unit = code
        }
        var effectiveDate: CivilDate?
        if let text = arguments.value("effective-date") {
            guard let date = CivilDate(parsing: text) else { throw UsageError.invalidValue("--effective-date", text) }
            effectiveDate = date
        }
        let (outcome, closing) = try PeriodClose.append(journalPath: path, period: period, unit: unit, effectiveDate: effectiveDate,
                                                        signer: key.privateKey, validator: DomainHooks.makeValidator())
        AppendCommand.print(outcome, context)
        let l = context.language
        Console.line(l.pick("结账期间 \(closing.period)（\(closing.unit?.description ?? "全国")），覆盖序号 < \(closing.untilSequence) 的条目",
                            "closed \(closing.period) (\(closing.unit?.description ?? "nationwide")), covering entries with seq < \(closing.untilSequence)"))
        Console.line(l.pick("报表摘要 \(closing.reportDigest)", "report digest \(closing.reportDigest)"))
        for name in closing.totals.keys.sorted() {
            let amount = closing.totals[name] ?? 0
            Console.line("  \(name) \(amount) (\(Fen(amount).yuanText) \(l.pick("元", "yuan")))")
        }
        return .success
    }
}
