// AnomalyReport: the flags of a journal prefix, filtered and rendered as a table, CSV or JSON,
// in Chinese or English.
//
// Output is a pure function of the records and options: rows keep the engine's deterministic order
// (raised-at sequence, rule order, flag id), amounts are printed from integer fen, and nothing
// depends on the machine's locale or clock, so two replays print byte-identical reports.

import LedgerJournal

/// The flags of a journal prefix with their status, ready to filter and render.
public struct AnomalyReport: Sendable {
    /// Which flags a report shows, by status.
    public enum StatusFilter: String, Sendable, CaseIterable {
        /// Every flag.
        case all
        /// Flags nobody has disposed of yet.
        case open
        /// Flags with a disposition or whose entry was reversed.
        case disposed
    }

    /// The output format.
    public enum Format: String, Sendable, CaseIterable {
        /// Aligned columns for a terminal.
        case table
        /// RFC 4180 CSV with a header row.
        case csv
        /// One canonical JSON object (RFC 8785) followed by a line feed.
        case json
    }

    /// The records shown, in the engine's order.
    public var records: [FlagRecord]

    /// Creates a report of `records`, keeping only those that match every filter given.
    public init(
        records: [FlagRecord], ruleID: String? = nil, county: DivisionCode? = nil, status: StatusFilter = .all
    ) {
        self.records = records.filter { record in
            if let ruleID, record.flag.ruleID != ruleID { return false }
            if let county, record.flag.county != county { return false }
            switch status {
            case .all: return true
            case .open: return record.status.isOpen
            case .disposed: return !record.status.isOpen
            }
        }
    }

    /// The report as text in `format` and `language`, ending with a line feed.
    public func render(_ format: Format, language: ReportLanguage) -> String {
        switch format {
        case .table: renderTable(language)
        case .csv: renderCSV(language)
        case .json: renderJSON()
        }
    }

    // MARK: - Columns

    private static let headers: [BilingualText] = [
        BilingualText(zh: "标识", en: "flag"),
        BilingualText(zh: "状态", en: "status"),
        BilingualText(zh: "严重程度", en: "severity"),
        BilingualText(zh: "县", en: "county"),
        BilingualText(zh: "项目", en: "project"),
        BilingualText(zh: "资金", en: "fund"),
        BilingualText(zh: "收款方", en: "payee"),
        BilingualText(zh: "涉及金额(元)", en: "amount (yuan)"),
        BilingualText(zh: "生效日期", en: "effective"),
        BilingualText(zh: "证据序号", en: "evidence seqs"),
        BilingualText(zh: "说明", en: "explanation"),
    ]

    private func cells(_ record: FlagRecord, _ language: ReportLanguage, plainAmounts: Bool) -> [String] {
        let flag = record.flag
        return [
            flag.id,
            statusText(record.status, language),
            plainAmounts ? flag.severity.name : flag.severity.label(in: language),
            flag.county?.description ?? "",
            flag.projectID ?? "",
            flag.fundID ?? "",
            flag.payee ?? "",
            plainAmounts ? flag.amountAtStake.plainYuanText : flag.amountAtStake.yuanText,
            flag.effectiveDate.description,
            flag.evidenceSequences.map(String.init).joined(separator: " "),
            flag.explanation.text(in: language),
        ]
    }

    private func statusText(_ status: FlagStatus, _ language: ReportLanguage) -> String {
        let label = status.label(in: language)
        switch status {
        case .open: return label
        case .confirmed(let sequence), .reversed(let sequence): return "\(label) @\(sequence)"
        case .rectified(let sequence, let correcting): return "\(label) @\(sequence) ← \(correcting)"
        case .dismissed(let sequence, let reason):
            return language == .chinese ? "\(label) @\(sequence)：\(reason)" : "\(label) @\(sequence): \(reason)"
        }
    }

    // MARK: - Table

    private func renderTable(_ language: ReportLanguage) -> String {
        let header = Self.headers.map { $0.text(in: language) }
        let rows = records.map { cells($0, language, plainAmounts: false) }
        var widths = header.map(DisplayWidth.of)
        for row in rows {
            for (column, cell) in row.enumerated() { widths[column] = max(widths[column], DisplayWidth.of(cell)) }
        }
        let amountColumn = 7
        let lastColumn = header.count - 1
        func line(_ row: [String]) -> String {
            var parts: [String] = []
            for (column, cell) in row.enumerated() {
                // The explanation is last and unpadded, so lines carry no trailing spaces.
                if column == lastColumn { parts.append(cell); continue }
                let padding = String(repeating: " ", count: widths[column] - DisplayWidth.of(cell))
                parts.append(column == amountColumn ? padding + cell : cell + padding)
            }
            return parts.joined(separator: "  ")
        }
        var text = line(header) + "\n"
        for row in rows { text += line(row) + "\n" }
        let total = records.reduce(Fen.zero) { $0 + $1.flag.amountAtStake }
        let openCount = records.filter { $0.status.isOpen }.count
        switch language {
        case .chinese:
            text += "共 \(records.count) 条，待处理 \(openCount) 条，涉及金额 \(total.yuanText) 元\n"
        case .english:
            text += "\(records.count) flags, \(openCount) open, \(total.yuanText) yuan at stake\n"
        }
        return text
    }

    // MARK: - CSV

    private func renderCSV(_ language: ReportLanguage) -> String {
        // Machine-readable: stable English header names and plain amounts, explanations in `language`.
        var header = Self.headers.map(\.en)
        header[7] = "amount_yuan"
        var text = header.map(Self.csvField).joined(separator: ",") + "\r\n"
        for record in records {
            var row = cells(record, language, plainAmounts: true)
            row[1] = record.status.name
            text += row.map(Self.csvField).joined(separator: ",") + "\r\n"
        }
        return text
    }

    // RFC 4180 §2: fields containing a comma, quote or line break are quoted, quotes doubled.
    private static func csvField(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        var quoted = "\""
        for character in field {
            if character == "\"" { quoted += "\"\"" } else { quoted.append(character) }
        }
        return quoted + "\""
    }

    // MARK: - JSON

    private func renderJSON() -> String {
        let flags: [JSONValue] = records.map { record in
            let flag = record.flag
            var members: [String: JSONValue] = [
                "id": .string(flag.id),
                "rule": .string(flag.ruleID),
                "severity": .string(flag.severity.name),
                "amount_fen": .integer(flag.amountAtStake.rawValue),
                "evidence": .array(flag.evidenceSequences.map { .integer(Int64($0)) }),
                "effective_date": .string(flag.effectiveDate.description),
                "raised_at_seq": .integer(Int64(flag.raisedAtSequence)),
                "explanation": .object(["zh": .string(flag.explanation.zh), "en": .string(flag.explanation.en)]),
                "status": .string(record.status.name),
            ]
            if let county = flag.county { members["county"] = .string(county.description) }
            if let project = flag.projectID { members["project"] = .string(project) }
            if let fund = flag.fundID { members["fund"] = .string(fund) }
            if let payee = flag.payee { members["payee"] = .string(payee) }
            if let sequence = record.status.sequence { members["status_seq"] = .integer(Int64(sequence)) }
            if case .rectified(_, let correcting) = record.status { members["correcting_seq"] = .integer(Int64(correcting)) }
            if case .dismissed(_, let reason) = record.status { members["reason"] = .string(reason) }
            return .object(members)
        }
        let total = records.reduce(Fen.zero) { $0 + $1.flag.amountAtStake }
        let document: JSONValue = [
            "report": "anomalies",
            "flags": .array(flags),
            "count": .integer(Int64(records.count)),
            "amount_fen": .integer(total.rawValue),
        ]
        return String(decoding: CanonicalJSON.encode(document), as: UTF8.self) + "\n"
    }
}
