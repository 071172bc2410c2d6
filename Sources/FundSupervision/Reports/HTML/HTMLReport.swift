// HTMLReport: one self-contained HTML file for evaluators (`report --format html`).
//
// What it must never contain: scripts, external URLs, web fonts or anything fetched from the
// network; the file is opened offline and archived as evidence. Styles are inline CSS, charts
// inline SVG (SVGChart). Every user text is escaped (HTMLEscaping). The output is a pure function
// of the input and the language: no clock, no locale, no dictionary order.

import Foundation

/// Renders the evaluator's HTML report.
public enum HTMLReport {
    /// The whole document for `input`, with labels in `language`; names are printed as recorded.
    public static func render(_ input: HTMLReportInput, language: ReportLanguage) -> String {
        let zh = language == .chinese
        func label(_ chinese: String, _ english: String) -> String { zh ? chinese : english }
        var html = ""
        html += "<!DOCTYPE html>\n<html lang=\"\(zh ? "zh-CN" : "en")\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<title>\(label("扶贫资金监管报告", "Poverty-alleviation fund supervision report")) — \(HTMLEscaping.escaped(input.journalPath))</title>\n"
        html += "<style>\n\(stylesheet)</style>\n</head>\n<body>\n<main>\n"

        // Title.
        html += "<header>\n<h1>\(label("扶贫资金监管报告", "Poverty-alleviation fund supervision report"))</h1>\n"
        html += "<p class=\"subtitle\">\(label("账本", "Journal")) <code>\(HTMLEscaping.escaped(input.journalPath))</code>"
        if let asOf = input.asOfDate {
            html += " · \(label("截至", "as of")) \(asOf.description)"
        }
        html += " · \(label("金额单位：元", "amounts in yuan (元)"))</p>\n</header>\n"

        // Verification and checkpoint.
        html += "<section class=\"status\">\n"
        let verification = input.verification
        if verification.isVerified {
            html += "<div class=\"card ok\"><h2>\(label("✓ 验证通过", "✓ Verified"))</h2>"
            html += "<p>\(label("全部 \(verification.entryCount) 条条目的签名、哈希链和授权均已核验。", "Signatures, hash chain and grants of all \(verification.entryCount) entries check out."))</p>"
        } else {
            html += "<div class=\"card bad\"><h2>\(label("✗ 验证未通过", "✗ Verification failed"))</h2>"
            html += "<p>\(label("共 \(verification.entryCount) 条条目；发现以下问题：", "\(verification.entryCount) entries; the verifier found:"))</p>"
        }
        if !verification.findings.isEmpty {
            html += "<ul>" + verification.findings.map { "<li>\(HTMLEscaping.escaped($0))</li>" }.joined() + "</ul>"
        }
        html += "</div>\n"
        html += "<div class=\"card\"><h2>\(label("最新检查点", "Latest checkpoint"))</h2>"
        if let checkpoint = input.checkpoint {
            html += "<dl>"
            html += "<dt>\(label("来源", "Origin"))</dt><dd><code>\(HTMLEscaping.escaped(checkpoint.origin))</code></dd>"
            html += "<dt>\(label("树大小", "Tree size"))</dt><dd>\(checkpoint.treeSize)</dd>"
            html += "<dt>\(label("根哈希", "Root hash"))</dt><dd><code class=\"hash\">\(HTMLEscaping.escaped(checkpoint.rootHash))</code></dd>"
            html += "<dt>\(label("文件", "File"))</dt><dd><code>\(HTMLEscaping.escaped(checkpoint.filePath))</code></dd>"
            html += "</dl>"
        } else {
            html += "<p>\(label("尚无签名检查点：请用 fundledger checkpoint 生成。", "No signed checkpoint yet: make one with fundledger checkpoint."))</p>"
        }
        html += "</div>\n</section>\n"

        // Per-county integration totals.
        html += "<section>\n<h2>\(label("各县统筹整合资金", "Integrated funds per county"))</h2>\n"
        if input.counties.isEmpty {
            html += "<p class=\"empty\">\(label("没有统筹整合记录。", "No integration recorded."))</p>\n"
        } else {
            html += SVGChart.countyBars(input.counties, language: language) + "\n"
        }
        html += "</section>\n"

        // Disbursements over time.
        html += "<section>\n<h2>\(label("每月拨付", "Disbursements per month"))</h2>\n"
        if input.monthlyDisbursements.isEmpty {
            html += "<p class=\"empty\">\(label("没有拨付记录。", "No disbursements recorded."))</p>\n"
        } else {
            html += SVGChart.monthlyColumns(input.monthlyDisbursements, language: language) + "\n"
        }
        html += "</section>\n"

        // Balances.
        html += "<section>\n<h2>\(label("资金余额", "Balances"))</h2>\n"
        if input.balances.isEmpty {
            html += "<p class=\"empty\">\(label("没有资金记录。", "No funds recorded."))</p>\n"
        } else {
            html += "<table>\n<thead><tr>"
            let headers = [label("单位", "Unit"), label("资金编号", "Fund"), label("资金名称", "Fund name"), label("渠道", "Channel"),
                           label("下达", "Allocated"), label("整合", "Integrated"), label("拨付", "Disbursed"),
                           label("缴回", "Returned"), label("可用余额", "Available")]
            for (index, header) in headers.enumerated() {
                html += index >= 4 ? "<th class=\"num\">\(header)</th>" : "<th>\(header)</th>"
            }
            html += "</tr></thead>\n<tbody>\n"
            for row in input.balances {
                html += "<tr><td>\(HTMLEscaping.escaped(row.unit))</td><td><code>\(HTMLEscaping.escaped(row.fundID))</code></td>"
                html += "<td>\(HTMLEscaping.escaped(row.fundName))</td><td>\(HTMLEscaping.escaped(row.channel))</td>"
                for amount in [row.allocated, row.integrated, row.disbursed, row.returned] {
                    html += "<td class=\"num\">\(amount.yuanText)</td>"
                }
                html += "<td class=\"num\(row.available < .zero ? " negative" : "")\"><strong>\(row.available.yuanText)</strong></td></tr>\n"
            }
            html += "</tbody>\n</table>\n"
        }
        html += "</section>\n"

        // Anomaly flags with their evidence and how to prove it.
        html += "<section>\n<h2>\(label("异常标记", "Anomaly flags")) (\(input.flags.count))</h2>\n"
        if input.flags.isEmpty {
            html += "<p class=\"empty\">\(label("未发现异常。", "No anomalies found."))</p>\n"
        } else {
            // Counts by severity (most serious first) and how many are still open.
            var parts: [String] = []
            for severity in RuleSeverity.allCases.sorted(by: >) {
                let count = input.flags.filter { $0.severity == severity }.count
                if count > 0 { parts.append("\(severity.label(in: language)) \(count)") }
            }
            let openCount = input.flags.filter { $0.status.isOpen }.count
            parts.append(label("待处理 \(openCount)", "open \(openCount)"))
            html += "<p class=\"summary\">\(parts.joined(separator: " · "))</p>\n"
            html += "<p class=\"hint\">\(label("每个标记下列出核验其证据条目的命令。KEY 为日志的签名验证密钥（fundledger note-key 输出）；证明表明该条目包含在检查点所覆盖的账本中，内容未被改动。", "Under each flag are the commands that verify its evidence entries. KEY is the log's verifier key (printed by fundledger note-key); a proof shows that the entry is in the journal the checkpoint covers, unchanged."))</p>\n"
        }
        let checkpointPath = input.checkpoint.map { shellWord($0.filePath) } ?? "CHECKPOINT"
        let journalPath = shellWord(input.journalPath)
        for flag in input.flags {
            html += "<article class=\"flag \(flag.severity.name)\">\n"
            html += "<h3><span class=\"badge\">\(flag.severity.label(in: language))</span> "
            html += "\(HTMLEscaping.escaped(flag.ruleTitle.text(in: language))) "
            html += "<span class=\"flag-status \(flag.status.name)\">\(flag.status.label(in: language))</span></h3>\n"
            html += "<p>\(HTMLEscaping.escaped(flag.explanation.text(in: language)))</p>\n"
            html += "<dl class=\"facts\"><dt>\(label("标记", "Flag"))</dt><dd><code>\(HTMLEscaping.escaped(flag.id))</code></dd>"
            if !flag.unit.isEmpty {
                html += "<dt>\(label("单位", "Unit"))</dt><dd>\(HTMLEscaping.escaped(flag.unit))</dd>"
            }
            html += "<dt>\(label("涉及金额", "At stake"))</dt><dd>\(flag.amountAtStake.yuanText)</dd>"
            switch flag.status {
            case .open:
                break
            case .confirmed(let sequence), .reversed(let sequence):
                html += "<dt>\(label("处置条目", "Disposition"))</dt><dd><code>seq \(sequence)</code></dd>"
            case .rectified(let sequence, let correctingSequence):
                html += "<dt>\(label("处置条目", "Disposition"))</dt><dd><code>seq \(sequence)</code> · "
                html += "\(label("整改条目", "correcting entry")) <code>seq \(correctingSequence)</code></dd>"
            case .dismissed(let sequence, let reason):
                html += "<dt>\(label("处置条目", "Disposition"))</dt><dd><code>seq \(sequence)</code> · \(HTMLEscaping.escaped(reason))</dd>"
            }
            html += "<dt>\(label("证据条目", "Evidence entries"))</dt><dd>"
            html += flag.evidenceSequences.map { "<code>seq \($0)</code>" }.joined(separator: " ")
            html += "</dd></dl>\n"
            html += "<details open><summary>\(label("如何用证明核验这些条目", "How to verify these entries with a proof"))</summary>\n<pre>"
            for sequence in flag.evidenceSequences {
                let proofFile = "entry-\(sequence).tlog-proof"
                html += HTMLEscaping.escaped("fundledger prove \(journalPath) --index \(sequence) --checkpoint \(checkpointPath) > \(proofFile)") + "\n"
                html += HTMLEscaping.escaped("fundledger verify-proof \(proofFile) --verifier-key KEY") + "\n"
            }
            html += "</pre>\n"
            html += "</details>\n</article>\n"
        }
        html += "</section>\n"

        html += "<footer>\(label("本文件自包含（内联 CSS 与 SVG，无脚本、无外部资源），可离线打开和归档。复核：", "This file is self-contained (inline CSS and SVG, no scripts, no external resources) and can be opened offline and archived. To re-check:")) "
        html += "<code>\(HTMLEscaping.escaped("fundledger verify \(journalPath)"))</code></footer>\n"
        html += "</main>\n</body>\n</html>\n"
        return html
    }

    /// `path` as one POSIX shell word: unchanged when it holds only letters (any script), digits
    /// and `._-/+:@,=`, otherwise single-quoted with embedded quotes written `'\''`.
    static func shellWord(_ path: String) -> String {
        let isPlain = !path.isEmpty && path.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._-/+:@,=".unicodeScalars.contains(scalar)
        }
        return isPlain ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The inline stylesheet: local CJK fonts only (never downloaded), print-friendly.
    static let stylesheet = """
        :root { color-scheme: light; }
        body { margin: 0; background: #f5f7fa; color: #1f2933;
          font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "Helvetica Neue", Arial, sans-serif;
          font-size: 15px; line-height: 1.55; }
        main { max-width: 1120px; margin: 0 auto; padding: 24px 32px 48px; background: #fff; }
        h1 { font-size: 26px; margin: 0 0 4px; }
        h2 { font-size: 19px; margin: 28px 0 12px; padding-bottom: 4px; border-bottom: 2px solid #e4e7eb; }
        h3 { font-size: 16px; margin: 0 0 6px; }
        .subtitle { color: #52606d; margin: 0; }
        code { font-family: "Noto Sans Mono CJK SC", "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; }
        .hash { word-break: break-all; }
        .status { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; margin-top: 20px; }
        .card { border: 1px solid #d9dee4; border-radius: 6px; padding: 12px 16px; }
        .card h2 { border: 0; margin: 0 0 6px; padding: 0; }
        .card.ok { border-color: #2e7d5b; background: #eef8f2; }
        .card.ok h2 { color: #1e6b47; }
        .card.bad { border-color: #b42318; background: #fdf0ef; }
        .card.bad h2 { color: #b42318; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0; }
        dt { color: #52606d; }
        dd { margin: 0; }
        svg.chart { display: block; max-width: 100%; height: auto; }
        svg .label { font-size: 15px; fill: #1f2933; }
        svg .legend { font-size: 14px; fill: #1f2933; }
        svg .value { font-size: 15px; font-weight: bold; fill: #1f2933; font-variant-numeric: tabular-nums; }
        svg .code { font-size: 12px; fill: #52606d; font-variant-numeric: tabular-nums; }
        table { border-collapse: collapse; width: 100%; font-size: 14px; }
        th, td { padding: 6px 8px; border-bottom: 1px solid #e4e7eb; text-align: left; vertical-align: top; }
        th { background: #f0f2f5; font-weight: 600; }
        .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .negative { color: #b42318; }
        .empty { color: #52606d; }
        .flag { border: 1px solid #d9dee4; border-left: 6px solid #8795a1; border-radius: 4px; padding: 10px 14px; margin: 12px 0; }
        .flag.critical { border-left-color: #b42318; }
        .flag.major { border-left-color: #c4661f; }
        .flag.minor { border-left-color: #8795a1; }
        .badge { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 13px; color: #fff; background: #8795a1; }
        .critical .badge { background: #b42318; }
        .flag-status { display: inline-block; margin-left: 6px; padding: 0 8px; border: 1px solid #8795a1; border-radius: 10px; font-size: 13px; font-weight: normal; color: #52606d; }
        .flag-status.open { border-color: #b42318; color: #b42318; }
        .major .badge { background: #c4661f; }
        .facts { margin: 6px 0; }
        pre { background: #1f2933; color: #f5f7fa; padding: 10px 12px; border-radius: 4px; overflow-x: auto; font-size: 13px; }
        .hint { color: #52606d; font-size: 13px; }
        .summary { font-weight: 600; margin: 0 0 4px; }
        footer { margin-top: 32px; color: #52606d; font-size: 13px; }
        @media print { body { background: #fff; } main { padding: 0; } details { display: block; } }

        """
}
