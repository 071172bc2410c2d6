// SpreadsheetImport: a clerk's CSV sheet of allocations, disbursements or milestones, turned into
// the events the journal appends, all or nothing.
//
// Pipeline: bytes → encoding detection (SpreadsheetEncoding) → RFC 4180 records (CSVReader) →
// header mapping (ImportColumn) → one body per row (ImportRowReader) → a final check of every body
// by the event decoder (FundEvent), so an import can never produce a body that append refuses as
// malformed. Any defect refuses the whole file; row defects are all collected first.
//
// Event ids: the voucher number (凭证号) when the row has one, so that importing the same sheet twice
// is refused by the journal's unique ids; otherwise `imp-` and 24 hex digits of a SHA-256 over the
// kind and the row's values (column order and spelling of the file do not matter), which gives the
// same protection to rows without a voucher.
import Dispatch
import LedgerCrypto
import LedgerJournal

/// One event an import produced, with the spreadsheet row it came from.
public struct ImportedEvent: Sendable, Equatable {
    /// The row number a spreadsheet shows (header = 1).
    public var rowNumber: Int
    /// The event id: the voucher number, or a generated `imp-…` id.
    public var id: String
    /// The envelope scope (a 6-digit code), or `nil` for unscoped (an allocation from central).
    public var scope: String?
    /// The decoded event.
    public var event: FundEvent

    /// Creates an imported event.
    public init(rowNumber: Int, id: String, scope: String?, event: FundEvent) {
        self.rowNumber = rowNumber
        self.id = id
        self.scope = scope
        self.event = event
    }
}

/// Imports spreadsheets (CSV) of allocations, disbursements and milestones.
public enum SpreadsheetImport {
    /// The largest file accepted: 16 MiB holds 100,000 rows of 160 bytes, the row limit
    /// (`CSVReader.maximumRowCount`); larger files are refused before decoding.
    public static let maximumFileByteCount = 16 << 20
    /// The longest event id the journal accepts (docs/FORMAT.md: 1...128 bytes); a voucher used
    /// as id must fit.
    public static let maximumIDByteCount = 128
    /// Hex digits of the SHA-256 in a generated id: 96 bits, no collision among any number of rows
    /// a journal will ever hold.
    static let generatedIDHexDigitCount = 24

    /// Reads `bytes` as a CSV sheet of `kind` and returns its events, one per data row, in row
    /// order, with their row numbers. Blank rows are skipped. `drafts(fromCSV:kind:)` gives the
    /// journal's append input.
    ///
    /// Throws `ImportError` when the file cannot be read, its header is wrong, or any row is wrong
    /// (every bad row listed). Nothing partial is ever returned. `progress`, when given, is called
    /// after each data row with (rows read, data rows in the file).
    public static func events(
        fromCSV bytes: [UInt8], kind: ImportKind, progress: ((Int, Int) -> Void)? = nil
    ) throws(ImportError) -> [ImportedEvent] {
        guard bytes.count <= maximumFileByteCount else {
            throw .fileTooLarge(byteCount: bytes.count, maximumByteCount: maximumFileByteCount)
        }
        let (text, _) = try SpreadsheetEncoding.decode(bytes)
        let records: [CSVRecord]
        do {
            records = try CSVReader.records(in: text, delimiter: CSVReader.detectedDelimiter(of: text))
        } catch {
            throw .malformedCSV(error)
        }
        guard let headerRecord = records.first, !headerRecord.isBlank else { throw .missingHeader }
        let dataRecords = records.dropFirst().filter { !$0.isBlank }
        let layout = try mapHeader(headerRecord, dataRecords: dataRecords, kind: kind)
        guard !dataRecords.isEmpty else { throw .noDataRows }

        // Each row is mapped and its body checked on its own (on all cores for a large sheet); the
        // checks across rows (repeated ids) and the progress run in row order afterwards.
        let fieldCount = headerRecord.fields.count
        let rows = DataRows(records: dataRecords)
        let mappedRows: [MappedRow] = rows.map { record in mapRow(record, kind: kind, layout: layout, fieldCount: fieldCount) }

        var events: [ImportedEvent] = []
        events.reserveCapacity(mappedRows.count)
        var problems: [RowProblem] = []
        var firstRowByID: [String: Int] = [:]
        for (rowsRead, row) in mappedRows.enumerated() {
            progress?(rowsRead, dataRecords.count)
            switch row {
            case .problems(let rowProblems):
                problems.append(contentsOf: rowProblems)
            case .mapped(var reader, let id, let isVoucher, let rowNumber, let checked):
                if let firstRow = firstRowByID[id] {
                    let reason: RowProblemReason = isVoucher ? .duplicateVoucher(firstRowNumber: firstRow) : .duplicateRow(firstRowNumber: firstRow)
                    reader.report(isVoucher ? .voucher : nil, reason)
                } else {
                    firstRowByID[id] = rowNumber
                    // The event decoder is the schema's authority: a body it refuses is a row defect.
                    switch checked {
                    case .success(let event):
                        events.append(ImportedEvent(rowNumber: rowNumber, id: id, scope: event.scope, event: event.event))
                    case .failure(let error):
                        reader.report(nil, .refusedByEventSchema(error))
                    }
                }
                problems.append(contentsOf: reader.problems)
            }
        }
        progress?(dataRecords.count, dataRecords.count)
        guard problems.isEmpty else { throw .invalidRows(problems) }
        return events
    }

    /// One data row mapped on its own: its problems, or its event (checked by the decoder) and id.
    private enum MappedRow {
        case problems([RowProblem])
        case mapped(ImportRowReader, id: String, isVoucher: Bool, rowNumber: Int,
                    checked: Result<(event: FundEvent, scope: String?), SupervisionError>)
    }

    /// Maps one data row; pure, so rows can be mapped in any order.
    private static func mapRow(
        _ record: CSVRecord, kind: ImportKind, layout: [ImportColumn: (index: Int, header: String)], fieldCount: Int
    ) -> MappedRow {
        guard record.fields.count == fieldCount else {
            return .problems([RowProblem(rowNumber: record.rowNumber, header: nil, value: "",
                                         reason: .wrongFieldCount(expected: fieldCount, actual: record.fields.count))])
        }
        var reader = ImportRowReader(record: record, layout: layout)
        let mapped: (event: FundEvent, scope: DivisionCode?)?
        switch kind {
        case .allocations: mapped = RowMapping.allocation(&reader)
        case .disbursements: mapped = RowMapping.disbursement(&reader)
        case .milestones: mapped = RowMapping.milestone(&reader)
        }
        guard let mapped, reader.problems.isEmpty else { return .problems(reader.problems) }
        let voucher = reader.cell(.voucher)
        let id = voucher ?? generatedID(kind: kind, reader: reader)
        let checked: Result<(event: FundEvent, scope: String?), SupervisionError>
        do {
            checked = .success((try FundEvent(kind: mapped.event.kind, body: mapped.event.body, entryID: id),
                                mapped.scope?.description))
        } catch let error as SupervisionError {
            checked = .failure(error)
        } catch {
            preconditionFailure("FundEvent decoding throws only SupervisionError")
        }
        return .mapped(reader, id: id, isVoucher: voucher != nil, rowNumber: record.rowNumber, checked: checked)
    }

    /// The data rows of a sheet, mapped in order on the calling thread when there are few, else in
    /// chunks on all cores.
    private struct DataRows {
        /// Rows per task; smaller sheets are mapped on the calling thread.
        static let chunkCount = 256
        let records: [CSVRecord]

        func map<T>(_ transform: @Sendable (CSVRecord) -> T) -> [T] {
            guard records.count >= 2 * Self.chunkCount else { return records.map(transform) }
            let taskCount = (records.count + Self.chunkCount - 1) / Self.chunkCount
            let records = records
            return [T](unsafeUninitializedCapacity: records.count) { buffer, initialized in
                // Each task initializes its own disjoint range of the buffer.
                nonisolated(unsafe) let output = buffer.baseAddress!
                DispatchQueue.concurrentPerform(iterations: taskCount) { task in
                    let first = task * Self.chunkCount
                    for index in first..<min(first + Self.chunkCount, records.count) {
                        (output + index).initialize(to: transform(records[index]))
                    }
                }
                initialized = records.count
            }
        }
    }

    /// Whether a well-formed division code is one FundLedger knows (000000 included); append
    /// refuses the others (docs/EVENTS.md), so the import reports them by row instead.
    static func isKnownDivision(_ code: DivisionCode) -> Bool {
        AdministrativeDivision.isKnown(code)
    }

    /// Maps each header to its column; throws with every header problem.
    private static func mapHeader(_ header: CSVRecord, dataRecords: [CSVRecord], kind: ImportKind) throws(ImportError) -> [ImportColumn: (index: Int, header: String)] {
        var layout: [ImportColumn: (index: Int, header: String)] = [:]
        var problems: [HeaderProblem] = []
        for (index, rawHeader) in header.fields.enumerated() {
            // A BOM that survived decoding (e.g. a doubled one) is not part of the header.
            var written = rawHeader
            if index == 0, written.unicodeScalars.first == "\u{FEFF}" { written.unicodeScalars.removeFirst() }
            let trimmed = ImportValue.trimmed(written)
            if trimmed.isEmpty {
                // Excel exports formatted but empty columns; such a column is harmless when empty.
                let isUnused = dataRecords.allSatisfy { index >= $0.fields.count || ImportValue.trimmed($0.fields[index]).isEmpty }
                if !isUnused { problems.append(.emptyHeader(columnNumber: index + 1)) }
                continue
            }
            guard let column = ImportColumn.matching(header: trimmed, among: kind.acceptedColumns) else {
                problems.append(.unknownColumn(header: rawHeader, columnNumber: index + 1, accepted: kind.acceptedColumns))
                continue
            }
            if let first = layout[column] {
                problems.append(.duplicateColumn(header: rawHeader, columnNumber: index + 1, firstColumnNumber: first.index + 1))
                continue
            }
            layout[column] = (index, trimmed)
        }
        for column in kind.requiredColumns where layout[column] == nil {
            problems.append(.missingColumn(column))
        }
        guard problems.isEmpty else { throw .invalidHeader(problems) }
        return layout
    }

    /// `imp-` and the first 24 hex digits of SHA-256 over the kind and the row's trimmed values in
    /// the kind's column order (absent columns as empty), separated by U+001F.
    private static func generatedID(kind: ImportKind, reader: ImportRowReader) -> String {
        var material = "fundledger/v1 import\n" + kind.eventKind.rawValue
        for column in kind.acceptedColumns {
            material += "\u{1F}" + (reader.cell(column) ?? "")
        }
        let digest = SHA256.hash(data: Array(material.utf8))
        return "imp-" + String(Hex.encode(digest).prefix(generatedIDHexDigitCount))
    }
}
