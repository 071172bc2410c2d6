// CSVReader: a strict RFC 4180 reader for the spreadsheets clerks export from Excel or WPS.
//
// RFC 4180 §2: records separated by line breaks, fields by commas (or tabs, for the tab-separated
// text Excel saves as "Unicode text"); a field containing a comma,
// a double quote or a line break is enclosed in double quotes, and a double quote inside it is
// doubled. We accept CRLF (the RFC's line break, and what Excel writes) and bare LF, and a last
// record with or without a line break. Everything else is refused with its position: a quote
// inside an unquoted field, text after a closing quote, an unterminated quoted field, a bare CR.
// Limits are named and checked while reading, so a hostile or mistaken file is an error, never
// a crash or an unbounded allocation.

/// One record of a CSV file: its fields and where it starts.
public struct CSVRecord: Sendable, Equatable {
    /// The fields, unquoted and with doubled quotes undone.
    public var fields: [String]
    /// The 1-based record number, which is the row number a spreadsheet shows (header = 1);
    /// a quoted field with line breaks keeps its record on one row.
    public var rowNumber: Int
    /// The 1-based line of the text where the record starts.
    public var lineNumber: Int

    /// Creates a record.
    public init(fields: [String], rowNumber: Int, lineNumber: Int) {
        self.fields = fields
        self.rowNumber = rowNumber
        self.lineNumber = lineNumber
    }

    /// Whether every field is empty (a blank line, or a row of commas that Excel leaves behind).
    public var isBlank: Bool { fields.allSatisfy(\.isEmpty) }
}

/// A defect that stops CSV reading, with its position in the decoded text.
public struct CSVSyntaxError: Error, Sendable, Equatable {
    /// What is wrong.
    public enum Problem: Sendable, Equatable {
        /// A `"` inside a field that did not start with one (RFC 4180 §2.5).
        case quoteInUnquotedField
        /// Something other than `,` or a line break right after a closing quote (RFC 4180 §2.7).
        case textAfterClosingQuote
        /// The text ended inside a quoted field (RFC 4180 §2.6).
        case unterminatedQuotedField(startLineNumber: Int)
        /// A carriage return not followed by a line feed, outside quotes.
        case bareCarriageReturn
        /// More records than `CSVReader.maximumRowCount`.
        case tooManyRows(maximumRowCount: Int)
        /// A field longer than `CSVReader.maximumFieldByteCount` UTF-8 bytes.
        case fieldTooLong(maximumByteCount: Int)
        /// A record with more fields than `CSVReader.maximumFieldCount`.
        case tooManyFields(maximumFieldCount: Int)
    }

    /// What is wrong.
    public var problem: Problem
    /// The 1-based row (record) number where the defect is.
    public var rowNumber: Int
    /// The 1-based line number where the defect is.
    public var lineNumber: Int
    /// The 0-based byte offset into the UTF-8 text where the defect is.
    public var byteOffset: Int

    /// Creates a syntax error.
    public init(problem: Problem, rowNumber: Int, lineNumber: Int, byteOffset: Int) {
        self.problem = problem
        self.rowNumber = rowNumber
        self.lineNumber = lineNumber
        self.byteOffset = byteOffset
    }
}

/// Reads CSV text (RFC 4180, comma- or tab-separated) into records.
public enum CSVReader {
    /// The most records a file may hold (header included): a county's disbursements for a year
    /// are a few thousand rows; 100,000 leaves room for a province and keeps memory bounded.
    public static let maximumRowCount = 100_000
    /// The longest field, in UTF-8 bytes: twice the longest text an event body accepts (4096 bytes,
    /// docs/EVENTS.md), so that an over-long note is reported by column rather than as a syntax error.
    public static let maximumFieldByteCount = 8_192
    /// The most fields in one record: the widest import has 17 columns.
    public static let maximumFieldCount = 64

    private static let quote = UInt8(ascii: "\"")
    private static let carriageReturn: UInt8 = 0x0D
    private static let lineFeed: UInt8 = 0x0A

    /// The field separator of `text`: a tab when its first line has tabs and no commas (Excel's
    /// "Unicode text" export is tab-separated), otherwise a comma.
    public static func detectedDelimiter(of text: String) -> UInt8 {
        let firstLine = text.utf8.prefix { $0 != lineFeed }
        let hasTab = firstLine.contains(0x09)
        let hasComma = firstLine.contains(UInt8(ascii: ","))
        return hasTab && !hasComma ? 0x09 : UInt8(ascii: ",")
    }

    /// Splits `text` into records, fields separated by `delimiter` (a comma, or a tab for
    /// tab-separated text). An empty text has no records; a final line break does not start
    /// another record. Throws `CSVSyntaxError` at the first defect.
    public static func records(in text: String, delimiter: UInt8 = UInt8(ascii: ",")) throws(CSVSyntaxError) -> [CSVRecord] {
        precondition(delimiter != quote && delimiter != carriageReturn && delimiter != lineFeed, "the delimiter cannot be a quote or a line break")
        let bytes = Array(text.utf8)
        var records: [CSVRecord] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var index = 0
        var lineNumber = 1
        var recordLineNumber = 1
        var isAtFieldStart = true

        func fail(_ problem: CSVSyntaxError.Problem, at offset: Int) -> CSVSyntaxError {
            CSVSyntaxError(problem: problem, rowNumber: records.count + 1, lineNumber: lineNumber, byteOffset: offset)
        }
        func appendByte(_ byte: UInt8, at offset: Int) throws(CSVSyntaxError) {
            guard field.count < maximumFieldByteCount else {
                throw fail(.fieldTooLong(maximumByteCount: maximumFieldByteCount), at: offset)
            }
            field.append(byte)
        }
        func endField(at offset: Int) throws(CSVSyntaxError) {
            guard fields.count < maximumFieldCount else {
                throw fail(.tooManyFields(maximumFieldCount: maximumFieldCount), at: offset)
            }
            // The bytes are a slice of valid UTF-8 cut only at ASCII delimiters, so decoding cannot fail.
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        func endRecord(at offset: Int) throws(CSVSyntaxError) {
            try endField(at: offset)
            guard records.count < maximumRowCount else {
                throw fail(.tooManyRows(maximumRowCount: maximumRowCount), at: offset)
            }
            records.append(CSVRecord(fields: fields, rowNumber: records.count + 1, lineNumber: recordLineNumber))
            fields.removeAll(keepingCapacity: true)
        }

        while index < bytes.count {
            let byte = bytes[index]
            if isAtFieldStart, byte == quote {
                // RFC 4180 §2.5-2.7: a quoted field runs to the next quote not doubled.
                let startLineNumber = lineNumber
                index += 1
                var isClosed = false
                while index < bytes.count {
                    let inner = bytes[index]
                    if inner == quote {
                        if index + 1 < bytes.count, bytes[index + 1] == quote {
                            try appendByte(quote, at: index)
                            index += 2
                            continue
                        }
                        isClosed = true
                        index += 1
                        break
                    }
                    if inner == lineFeed { lineNumber += 1 }
                    try appendByte(inner, at: index)
                    index += 1
                }
                guard isClosed else {
                    throw fail(.unterminatedQuotedField(startLineNumber: startLineNumber), at: bytes.count)
                }
                // After the closing quote only a delimiter or the end of the text may follow.
                if index < bytes.count {
                    let next = bytes[index]
                    let isLineBreak = next == lineFeed || (next == carriageReturn && index + 1 < bytes.count && bytes[index + 1] == lineFeed)
                    guard next == delimiter || isLineBreak else {
                        throw fail(.textAfterClosingQuote, at: index)
                    }
                }
                isAtFieldStart = false
                continue
            }
            isAtFieldStart = false
            switch byte {
            case delimiter:
                try endField(at: index)
                isAtFieldStart = true
                index += 1
            case carriageReturn:
                guard index + 1 < bytes.count, bytes[index + 1] == lineFeed else {
                    throw fail(.bareCarriageReturn, at: index)
                }
                try endRecord(at: index)
                index += 2
                lineNumber += 1
                recordLineNumber = lineNumber
                isAtFieldStart = true
            case lineFeed:
                try endRecord(at: index)
                index += 1
                lineNumber += 1
                recordLineNumber = lineNumber
                isAtFieldStart = true
            case quote:
                throw fail(.quoteInUnquotedField, at: index)
            default:
                try appendByte(byte, at: index)
                index += 1
            }
        }
        // A last record without a line break; `isAtFieldStart` with no pending fields means the
        // text ended with a line break (or was empty), which starts no record.
        if !(isAtFieldStart && fields.isEmpty && field.isEmpty) {
            try endRecord(at: bytes.count)
        }
        return records
    }
}
