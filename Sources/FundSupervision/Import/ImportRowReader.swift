// ImportRowReader: reads the cells of one data row by column, collecting every problem.
//
// Each accessor returns `nil` when the cell is absent, empty or wrong, and records a `RowProblem`
// for a wrong or missing-but-required value, so one pass over a row reports all of its defects.

/// Reads one data row of a spreadsheet whose header has been mapped to columns.
struct ImportRowReader {
    /// The longest name-like text an event body accepts (docs/EVENTS.md `text`), in UTF-8 bytes.
    static let maximumTextByteCount = 256
    /// The longest free text an event body accepts (docs/EVENTS.md *long text*), in UTF-8 bytes.
    static let maximumLongTextByteCount = 4_096
    /// The most elements a list field holds (docs/EVENTS.md).
    static let maximumListCount = 256

    let record: CSVRecord
    /// Column → (0-based field index, header as written).
    let layout: [ImportColumn: (index: Int, header: String)]
    private(set) var problems: [RowProblem] = []

    init(record: CSVRecord, layout: [ImportColumn: (index: Int, header: String)]) {
        self.record = record
        self.layout = layout
    }

    var rowNumber: Int { record.rowNumber }

    /// Whether the file has `column`.
    func has(_ column: ImportColumn) -> Bool { layout[column] != nil }

    /// The cell as written (untrimmed), or `nil` when the file has no such column.
    func rawCell(_ column: ImportColumn) -> String? {
        guard let position = layout[column] else { return nil }
        return record.fields[position.index]
    }

    /// The trimmed cell, `nil` when the column is absent or the cell empty.
    func cell(_ column: ImportColumn) -> String? {
        guard let raw = rawCell(column) else { return nil }
        let value = ImportValue.trimmed(raw)
        return value.isEmpty ? nil : value
    }

    /// The header of `column` as written, or its Chinese template header when the file lacks it.
    func header(_ column: ImportColumn) -> String {
        layout[column]?.header ?? column.chineseHeader
    }

    mutating func report(_ column: ImportColumn?, _ reason: RowProblemReason) {
        let header = column.map { self.header($0) }
        let value = column.flatMap { rawCell($0) } ?? ""
        problems.append(RowProblem(rowNumber: rowNumber, header: header, value: value, reason: reason))
    }

    /// The cell, or `nil` after recording `emptyRequiredValue` when `isRequired` and it is empty.
    private mutating func present(_ column: ImportColumn, isRequired: Bool) -> String? {
        guard let value = cell(column) else {
            if isRequired { report(column, .emptyRequiredValue) }
            return nil
        }
        return value
    }

    /// A text: no control characters, at most `maximumByteCount` UTF-8 bytes.
    mutating func text(_ column: ImportColumn, isRequired: Bool, maximumByteCount: Int = maximumTextByteCount) -> String? {
        guard let value = present(column, isRequired: isRequired) else { return nil }
        if ImportValue.containsControlCharacter(value) {
            report(column, .controlCharacter)
            return nil
        }
        let byteCount = value.utf8.count
        guard byteCount <= maximumByteCount else {
            report(column, .tooLong(byteCount: byteCount, maximumByteCount: maximumByteCount))
            return nil
        }
        return value
    }

    /// A positive amount in yuan, as fen.
    mutating func amount(_ column: ImportColumn, isRequired: Bool) -> Fen? {
        guard let value = present(column, isRequired: isRequired) else { return nil }
        switch YuanAmount.fen(fromYuan: value) {
        case .success(let amount): return amount
        case .failure(let reason):
            report(column, reason)
            return nil
        }
    }

    /// A calendar date.
    mutating func date(_ column: ImportColumn, isRequired: Bool) -> CivilDate? {
        guard let value = present(column, isRequired: isRequired) else { return nil }
        guard let date = ImportValue.date(value) else {
            report(column, .invalidDate)
            return nil
        }
        return date
    }

    /// A division code; `000000` (central) only when `allowsCentral`. A well-formed code must be
    /// in FundLedger's division table (GB/T 2260).
    mutating func divisionCode(_ column: ImportColumn, isRequired: Bool, allowsCentral: Bool = false) -> DivisionCode? {
        guard let value = present(column, isRequired: isRequired) else { return nil }
        // Excel stores 000000 as the number 0 unless the column is formatted as text.
        if allowsCentral, ImportValue.foldingFullWidth(value) == "0" { return .central }
        guard let code = ImportValue.divisionCode(value), allowsCentral || code != .central else {
            report(column, .invalidDivisionCode)
            return nil
        }
        guard SpreadsheetImport.isKnownDivision(code) else {
            report(column, .unknownDivisionCode)
            return nil
        }
        return code
    }

    /// A value of a closed list.
    mutating func choice<Value>(_ column: ImportColumn, isRequired: Bool, in list: [(spellings: [String], value: Value)]) -> Value? {
        guard let value = present(column, isRequired: isRequired) else { return nil }
        guard let chosen = ImportValue.choice(value, in: list) else {
            report(column, .notAllowed(allowed: ImportValue.spellings(of: list)))
            return nil
        }
        return chosen
    }

    /// A whole number in `range`.
    mutating func integer(_ column: ImportColumn, in range: ClosedRange<Int64>) -> Int64? {
        guard let value = cell(column) else { return nil }
        guard let number = ImportValue.scaledDecimal(value, scaleDigits: 0), range.contains(number) else {
            report(column, .numberOutOfRange(minimum: String(range.lowerBound), maximum: String(range.upperBound)))
            return nil
        }
        return number
    }

    /// A list of distinct texts separated by 、 , ， ; ； or |.
    mutating func textList(_ column: ImportColumn, isRequired: Bool) -> [String]? {
        guard let value = present(column, isRequired: isRequired) else { return nil }
        let separators: Set<Character> = ["、", ",", "，", ";", "；", "|"]
        let elements = value.split(whereSeparator: { separators.contains($0) })
            .map { ImportValue.trimmed(String($0)) }
            .filter { !$0.isEmpty }
        guard !elements.isEmpty else {
            report(column, .emptyRequiredValue)
            return nil
        }
        guard elements.count <= Self.maximumListCount else {
            report(column, .tooManyElements(maximumCount: Self.maximumListCount))
            return nil
        }
        guard Set(elements).count == elements.count else {
            report(column, .duplicateListElement)
            return nil
        }
        if elements.contains(where: ImportValue.containsControlCharacter) {
            report(column, .controlCharacter)
            return nil
        }
        if let long = elements.first(where: { $0.utf8.count > Self.maximumTextByteCount }) {
            report(column, .tooLong(byteCount: long.utf8.count, maximumByteCount: Self.maximumTextByteCount))
            return nil
        }
        return elements
    }

    /// The quantity from the 数量 and 单位 columns: both or neither; area in 亩 with up to two
    /// decimals becomes hundredths of a mu.
    mutating func quantity() -> Quantity? {
        let value = cell(.quantity)
        let unitText = cell(.unit)
        switch (value, unitText) {
        case (nil, nil):
            return nil
        case (_?, nil):
            report(.quantity, .requiresColumn(.unit))
            return nil
        case (nil, _?):
            report(.unit, .requiresColumn(.quantity))
            return nil
        case (let value?, let unitText?):
            let key = ImportValue.foldingFullWidth(unitText).lowercased()
            guard let unit = ImportValue.quantityUnits.first(where: { $0.spellings.contains(key) }) else {
                report(.unit, .notAllowed(allowed: ImportValue.quantityUnits.flatMap(\.spellings)))
                return nil
            }
            guard let scaled = ImportValue.scaledDecimal(value, scaleDigits: unit.scaleDigits),
                  scaled >= 1, scaled <= Quantity.maximumValue else {
                let maximum = unit.scaleDigits == 0 ? String(Quantity.maximumValue) : "10000000000.00"
                report(.quantity, .numberOutOfRange(minimum: unit.scaleDigits == 0 ? "1" : "0.01", maximum: maximum))
                return nil
            }
            return Quantity(value: scaled, unit: unit.unit)
        }
    }

    /// The period a payment covers: `START至END` (also `~`, `～`, `—`, `到`), a month `YYYY-MM`
    /// (`YYYY年M月`), or a year `YYYY` (`YYYY年`); both ends inclusive.
    mutating func period() -> (start: CivilDate, end: CivilDate)? {
        guard let value = cell(.period) else { return nil }
        guard let period = Self.parsePeriod(ImportValue.foldingFullWidth(value)) else {
            report(.period, .invalidPeriod)
            return nil
        }
        return period
    }

    static func parsePeriod(_ text: String) -> (start: CivilDate, end: CivilDate)? {
        // Plain character scanning, no Foundation: this runs once per row of a large sheet.
        let separators: Set<Character> = ["至", "~", "—", "到"]
        if let index = text.firstIndex(where: { separators.contains($0) }) {
            let endText = text[text.index(after: index)...]
            guard !endText.contains(where: { separators.contains($0) }),
                  let start = ImportValue.date(String(text[..<index])), let end = ImportValue.date(String(endText)),
                  start <= end else { return nil }
            return (start, end)
        }
        // A month or a year: digits separated by - / . or written with 年 and 月.
        var normalized = ""
        for character in text {
            switch character {
            case "年", "/", ".": normalized.append("-")
            case "月": continue
            default: normalized.append(character)
            }
        }
        if normalized.hasSuffix("-") { normalized.removeLast() }
        let parts = normalized.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.first?.count == 4, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) }),
              let year = Int(parts[0]) else { return nil }
        if parts.count == 1 {
            guard let start = CivilDate(year: year, month: 1, day: 1), let end = CivilDate(year: year, month: 12, day: 31) else { return nil }
            return (start, end)
        }
        guard parts.count == 2, parts[1].count <= 2, let month = Int(parts[1]),
              let start = CivilDate(year: year, month: month, day: 1) else { return nil }
        let end = month == 12 ? CivilDate(year: year, month: 12, day: 31) : CivilDate(year: year, month: month + 1, day: 1)?.adding(days: -1)
        guard let end else { return nil }
        return (start, end)
    }
}
