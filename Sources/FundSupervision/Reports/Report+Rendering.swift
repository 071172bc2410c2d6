// Rendering of a Report as a text table, RFC 4180 CSV and canonical JSON.
import LedgerJournal

extension Report {
    /// Space between table columns.
    static let columnGap = "  "

    /// The aligned text table: title, parameters, then each section with a header, a rule and rows.
    /// Columns are padded by display width (`DisplayWidth`), so Chinese text aligns in a terminal.
    func renderedTable(language: ReportLanguage) -> String {
        // Written into one string, every line ended by "\n" (no array of lines joined at the end).
        var text = title.text(in: language) + "\n"
        for parameter in parameters {
            text += parameter.label.text(in: language)
            text += ": "
            text += parameter.value.text(language, groupsThousands: true)
            text += "\n"
        }
        for section in sections {
            text += "\n"
            text += section.title.text(in: language)
            text += "\n"
            let header = section.columns.map { $0.label.text(in: language) }
            let body = section.rows.map { row in row.map { $0.text(language, groupsThousands: true) } }
            // Each cell's width is measured once (a report has a row per payee and year).
            let headerWidths = header.map(DisplayWidth.of)
            let bodyWidths = body.map { $0.map(DisplayWidth.of) }
            var widths = headerWidths
            for rowWidths in bodyWidths {
                for (index, width) in rowWidths.enumerated() { widths[index] = max(widths[index], width) }
            }
            let numeric = section.columns.indices.map { index in section.rows.contains { $0[index].isNumeric } }
            // The padding of every width up to the widest column, made once per section.
            let paddings = (0...(widths.max() ?? 0)).map { String(repeating: " ", count: $0) }
            func appendLine(_ cells: [String], _ cellWidths: [Int]) {
                for (index, cell) in cells.enumerated() {
                    let padding = paddings[widths[index] - cellWidths[index]]
                    let isLast = index == cells.count - 1
                    if index > 0 { text += Self.columnGap }
                    if numeric[index] {
                        text += padding
                        text += cell
                    } else {
                        text += cell
                        if !isLast { text += padding }
                    }
                }
                text += "\n"
            }
            appendLine(header, headerWidths)
            text += widths.map { String(repeating: "-", count: $0) }.joined(separator: Self.columnGap)
            text += "\n"
            for (row, rowWidths) in zip(body, bodyWidths) { appendLine(row, rowWidths) }
            if body.isEmpty {
                text += language == .chinese ? "（无）" : "(none)"
                text += "\n"
            }
        }
        return text
    }

    /// RFC 4180 CSV: CRLF line ends; a field is quoted when it holds a comma, a quote, CR or LF,
    /// with quotes doubled. Each section is a block: its title, its header, its rows, then an
    /// empty line. Amounts are yuan with two decimals and no separators (Excel reads them as numbers).
    func renderedCSV(language: ReportLanguage) -> String {
        var records: [[String]] = [[title.text(in: language)]]
        for parameter in parameters {
            records.append([parameter.label.text(in: language), parameter.value.text(language, groupsThousands: false)])
        }
        for section in sections {
            records.append([])
            records.append([section.title.text(in: language)])
            records.append(section.columns.map { $0.label.text(in: language) })
            for row in section.rows { records.append(row.map { $0.text(language, groupsThousands: false) }) }
        }
        return records.map { $0.map(Self.csvField).joined(separator: ",") + "\r\n" }.joined()
    }

    // RFC 4180 §2 (6)-(7): quote fields containing line breaks, double quotes or commas; double
    // the quotes inside.
    static func csvField(_ text: String) -> String {
        let needsQuotes = text.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The language-independent JSON form:
    /// `{"kind", "parameters": {key: value}, "sections": {key: [{column key: value}]}}`.
    var jsonValue: JSONValue {
        var parameterMembers: [String: JSONValue] = [:]
        for parameter in parameters { parameterMembers[parameter.key] = parameter.value.json }
        var sectionMembers: [String: JSONValue] = [:]
        for section in sections {
            sectionMembers[section.key] = .array(section.rows.map { row in
                var members: [String: JSONValue] = [:]
                for (index, column) in section.columns.enumerated() { members[column.key] = row[index].json }
                return .object(members)
            })
        }
        return .object(["kind": .string(kind), "parameters": .object(parameterMembers), "sections": .object(sectionMembers)])
    }
}

private extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
