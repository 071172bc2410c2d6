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
    static let example = (zh: "fundledger close-period Journal/demo.jsonl --key Journal/demo-authority.key --period 2018-06 --unit 140431",
                          en: "fundledger close-period Journal/demo.jsonl --key Journal/demo-authority.key --period 2018-06 --unit 140431")
    static let options: [OptionSpec] = [
        .option("key", "keyfile", zh: "签名者的私钥文件（其授权须包含 period.close）", en: "The signer's private key file (its grant must include period.close)"),
        .option("period", "YYYY-MM|YYYY", zh: "结账的月份（YYYY-MM）或财政年度（YYYY）", en: "The month (YYYY-MM) or fiscal year (YYYY) to close"),
        .option("unit", "code", zh: "只结某单位的账（6 位区划代码）；默认全国、不带 scope", en: "Close one unit's books (6-digit code); default: nationwide, unscoped"),
        .option("effective-date", "YYYY-MM-DD", zh: "结账日期（默认：期间最后一天）", en: "The closing date (default: the period's last day)"),
    ]

    static func run(_ arguments: CommandLineArguments, _ context: CommandContext) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 1)
        let path = try arguments.positional(0, named: "journal")
        let key = try KeyFileReading.signingKey(at: try arguments.required("key"), context)
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
                                                        signer: key.privateKey,
                                                        // Fund validation without the anomaly rules: a closing raises no flag,
                                                        // and the rules would only slow the replay under the lock.
                                                        validator: DomainHooks.makeVerificationValidator())
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
