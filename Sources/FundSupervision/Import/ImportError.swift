// ImportError: why a spreadsheet was refused, as structured data the CLI renders in Chinese or
// English. An import is all-or-nothing: file-level defects stop at the first one (their position
// is given), while row defects are collected for every row so the clerk can fix them in one pass.

/// Why a spreadsheet import was refused. Nothing is appended when any of these is thrown.
public enum ImportError: Error, Sendable, Equatable {
    /// The file is larger than `SpreadsheetImport.maximumFileByteCount`.
    case fileTooLarge(byteCount: Int, maximumByteCount: Int)
    /// The bytes are not text in any supported encoding; `byteOffset` (0-based) is the first byte
    /// that `encoding` (the candidate that read furthest) could not decode, and `bytes` shows it.
    case undecodableText(byteOffset: Int, bytes: [UInt8], encoding: SpreadsheetEncoding)
    /// The text is not valid CSV (RFC 4180).
    case malformedCSV(CSVSyntaxError)
    /// The file has no header row.
    case missingHeader
    /// The header row is wrong: every problem with it is listed.
    case invalidHeader([HeaderProblem])
    /// The header is right but the file has no data rows.
    case noDataRows
    /// One or more data rows are wrong: every problem of every bad row is listed, in row order.
    case invalidRows([RowProblem])
}

/// One problem with the header row.
public enum HeaderProblem: Sendable, Equatable {
    /// A column header that this kind does not accept; `accepted` lists the accepted headers
    /// (Chinese and English, one `ImportColumn` each).
    case unknownColumn(header: String, columnNumber: Int, accepted: [ImportColumn])
    /// Two headers name the same column (e.g. `金额(元)` and `amount_yuan`).
    case duplicateColumn(header: String, columnNumber: Int, firstColumnNumber: Int)
    /// A required column is absent.
    case missingColumn(ImportColumn)
    /// A header cell is empty.
    case emptyHeader(columnNumber: Int)
}

/// One problem in one data row: the row as a spreadsheet numbers it (header = 1), the column
/// header exactly as written in the file (`nil` for whole-row problems), the offending value as
/// written, and the reason.
public struct RowProblem: Sendable, Equatable {
    /// The 1-based row number a spreadsheet shows (the header is row 1).
    public var rowNumber: Int
    /// The column's header as written in the file, or `nil` when the problem concerns the row.
    public var header: String?
    /// The value as written in the file (Chinese preserved), empty for a missing value.
    public var value: String
    /// What is wrong.
    public var reason: RowProblemReason

    /// Creates a row problem.
    public init(rowNumber: Int, header: String?, value: String, reason: RowProblemReason) {
        self.rowNumber = rowNumber
        self.header = header
        self.value = value
        self.reason = reason
    }
}

/// What is wrong with a value (or a row) of a spreadsheet. It is an `Error` so that cell parsers
/// such as `YuanAmount.fen(fromYuan:)` can return it in a `Result`.
public enum RowProblemReason: Error, Sendable, Equatable {
    /// The row has a different number of fields than the header.
    case wrongFieldCount(expected: Int, actual: Int)
    /// A required value is empty.
    case emptyRequiredValue
    /// A value that needs another column's value, which is empty (e.g. 单位 without 数量).
    case requiresColumn(ImportColumn)
    /// Two columns of which at most one may be filled are both filled (项目编号 and 类别).
    case conflictsWithColumn(ImportColumn)
    /// Neither of two columns of which exactly one must be filled is filled.
    case missingOneOf([ImportColumn])
    /// An amount with more than two decimals: fen is the smallest unit, and amounts are never rounded.
    case tooManyDecimals(decimalCount: Int)
    /// A negative amount (corrections are separate `fund.return` or `entry.reverse` entries).
    case negativeAmount
    /// An amount of zero.
    case zeroAmount
    /// An amount in exponent notation (`1.2E+05`), which Excel shows for wide numbers.
    case exponentNotation
    /// Thousands separators not in groups of three (`1,23.00`, `12,3456`).
    case malformedThousandsSeparators
    /// Not a number at all.
    case notANumber
    /// An amount above `Fen.maximumEventAmount`.
    case amountTooLarge(maximumFen: Int64)
    /// A number with a fraction where only whole numbers are allowed, or outside its range.
    case numberOutOfRange(minimum: String, maximum: String)
    /// Not a date in an accepted form (`YYYY-MM-DD`, `YYYY/M/D`, `YYYY年M月D日`) or not a real day.
    case invalidDate
    /// A period that is not `START至END`, `YYYY-MM` or `YYYY`, or ends before it starts.
    case invalidPeriod
    /// A date that is earlier than the date in another column it must follow.
    case earlierThan(ImportColumn)
    /// Not six ASCII digits (or the central code `000000` where a unit is required).
    case invalidDivisionCode
    /// A well-formed code that is not in FundLedger's division table.
    case unknownDivisionCode
    /// A designated recipient that does not lie within the receiving unit.
    case outsideUnit(ImportColumn)
    /// A value that must be one of a closed list; `allowed` gives the accepted spellings.
    case notAllowed(allowed: [String])
    /// A text containing a control character (a line break typed with Alt+Enter, a tab).
    case controlCharacter
    /// A text longer than the event schema allows, in UTF-8 bytes.
    case tooLong(byteCount: Int, maximumByteCount: Int)
    /// A beneficiary payee whose id is not a 64-hex pseudonym (names never enter the journal).
    case notAPseudonym
    /// The same voucher number (凭证号) already appears in an earlier row of the file.
    case duplicateVoucher(firstRowNumber: Int)
    /// A row identical to an earlier row (same generated event id).
    case duplicateRow(firstRowNumber: Int)
    /// A list (用途) with the same element twice.
    case duplicateListElement
    /// A list with more elements than the schema allows.
    case tooManyElements(maximumCount: Int)
    /// A labour amount larger than the amount it is part of.
    case exceedsColumn(ImportColumn)
    /// The event schema refused the row for a reason the column checks did not anticipate.
    case refusedByEventSchema(SupervisionError)
}
