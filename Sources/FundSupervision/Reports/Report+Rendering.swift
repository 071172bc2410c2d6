// Rendering of a Report as a text table, RFC 4180 CSV and canonical JSON.
import LedgerJournal

extension Report {
    /// Space between table columns.
    static let columnGap = "  "

    /// The aligned text table: title, parameters, then each section with a header, a rule and rows.
    /// Columns are padded by display width (`DisplayWidth`), so Chinese text aligns in a terminal.
    func renderedTable(language: ReportLanguage) -> String {
        String(decoding: renderedTableBytes(language: language), as: UTF8.self)
    }

    /// `renderedTable(language:)` as UTF-8 bytes, written into one buffer: a report has a row per
    /// payee and year, and appending each cell and padding to a `String` cost about as much as the
    /// rest of the report.
    func renderedTableBytes(language: ReportLanguage) -> [UInt8] {
        // The buffer is a local value passed `inout`, not a variable captured by nested functions: a
        // captured variable lives in a box whose every access is checked for exclusivity at run time
        // (two calls per cell and padding, measured).
        var text = TableBytes()
        text.append(title.text(in: language))
        text.appendNewline()
        for parameter in parameters {
            text.append(parameter.label.text(in: language))
            text.append(": ")
            text.append(parameter.value.text(language, groupsThousands: true))
            text.appendNewline()
        }
        for section in sections {
            text.appendNewline()
            text.append(section.title.text(in: language))
            text.appendNewline()
            let columnCount = section.columns.count
            var header = TableBytes.Cells()
            for column in section.columns { header.add(column.label.text(in: language)) }
            // Every cell's UTF-8 bytes and width, row after row in one buffer each (no array per row,
            // no text kept per cell); each cell is formatted and measured once.
            var cells = TableBytes.Cells()
            cells.reserveCapacity(section.rows.count * columnCount)
            // Where each row's cells end in `cells`.
            var rowEnds: [Int] = []
            rowEnds.reserveCapacity(section.rows.count)
            for row in section.rows {
                for cell in row { cells.add(cell.text(language, groupsThousands: true)) }
                rowEnds.append(cells.count)
            }
            var widths = header.widths
            var rowStart = 0
            for rowEnd in rowEnds {
                for position in rowStart..<rowEnd {
                    widths[position - rowStart] = max(widths[position - rowStart], cells.widths[position])
                }
                rowStart = rowEnd
            }
            let numeric = section.columns.indices.map { index in section.rows.contains { $0[index].isNumeric } }
            let layout = TableBytes.Layout(widths: widths, numeric: numeric)
            text.appendLine(header, 0..<header.count, layout: layout)
            text.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: Self.columnGap))
            text.appendNewline()
            rowStart = 0
            for rowEnd in rowEnds {
                text.appendLine(cells, rowStart..<rowEnd, layout: layout)
                rowStart = rowEnd
            }
            if section.rows.isEmpty {
                text.append(language == .chinese ? "（无）" : "(none)")
                text.appendNewline()
            }
        }
        return text.bytes
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

/// The UTF-8 bytes of a text table being written (`Report.renderedTableBytes`).
private struct TableBytes {
    /// The columns of one section: their widths, and which are right-aligned (numeric).
    struct Layout {
        let widths: [Int]
        let numeric: [Bool]
        /// The gap between columns.
        let gap = Array(Report.columnGap.utf8)
        /// Spaces for the widest padding, appended as slices.
        let spaces: [UInt8]

        init(widths: [Int], numeric: [Bool]) {
            self.widths = widths
            self.numeric = numeric
            spaces = [UInt8](repeating: UInt8(ascii: " "), count: widths.max() ?? 0)
        }
    }

    var bytes: [UInt8] = []

    mutating func append(_ string: String) {
        var string = string
        string.withUTF8 { bytes.append(contentsOf: $0) }
    }

    mutating func appendNewline() { bytes.append(UInt8(ascii: "\n")) }

    /// Cells' UTF-8 bytes, one after another in one buffer, with where each ends and its display width.
    struct Cells {
        private(set) var bytes: [UInt8] = []
        private(set) var ends: [Int] = []
        private(set) var widths: [Int] = []

        var count: Int { ends.count }

        mutating func reserveCapacity(_ count: Int) {
            ends.reserveCapacity(count)
            widths.reserveCapacity(count)
        }

        /// Adds a cell: its bytes, and its width (measured on them when ASCII).
        mutating func add(_ text: String) {
            var text = text
            let asciiWidth = text.withUTF8 { utf8 -> Int? in
                bytes.append(contentsOf: utf8)
                return DisplayWidth.asciiByteCount(utf8)
            }
            ends.append(bytes.count)
            widths.append(asciiWidth ?? DisplayWidth.of(text))
        }

    }

    /// One line: the cells at `positions` of `cells`, each padded to its column's width (numeric cells
    /// on the left, others on the right except the last). Copied from the buffers' memory (an array
    /// slice per cell and padding was retained and appended through the generic path).
    mutating func appendLine(_ cells: Cells, _ positions: Range<Int>, layout: Layout) {
        cells.bytes.withUnsafeBufferPointer { cellBytes in
            layout.spaces.withUnsafeBufferPointer { spaces in
                for index in 0..<positions.count {
                    let position = positions.lowerBound + index
                    let cell = UnsafeBufferPointer(
                        rebasing: cellBytes[(position == 0 ? 0 : cells.ends[position - 1])..<cells.ends[position]])
                    let padding = UnsafeBufferPointer(rebasing: spaces[0..<(layout.widths[index] - cells.widths[position])])
                    if index > 0 { bytes.append(contentsOf: layout.gap) }
                    if layout.numeric[index] {
                        bytes.append(contentsOf: padding)
                        bytes.append(contentsOf: cell)
                    } else {
                        bytes.append(contentsOf: cell)
                        if index != positions.count - 1 { bytes.append(contentsOf: padding) }
                    }
                }
            }
        }
        appendNewline()
    }
}

private extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
