// Report: a deterministic, language-independent model of a report (sections of rows), rendered
// as an aligned text table, RFC 4180 CSV or canonical JSON. The same projection always gives the
// same bytes for a given format and language; `reportDigest` is their SHA-256.
import Dispatch
import LedgerCrypto
import LedgerJournal

/// A report: a title, the filters it was made with, and sections of rows.
public struct Report: Sendable, Equatable {
    /// A stable identifier: `balances`, `counties`, ….
    public var kind: String
    /// The title.
    public var title: BilingualText
    /// The filters and context printed under the title, as (key, label, value) — e.g. as-of date.
    public var parameters: [ReportParameter]
    /// The sections, in order.
    public var sections: [ReportSection]

    /// Creates a report.
    public init(kind: String, title: BilingualText, parameters: [ReportParameter], sections: [ReportSection]) {
        self.kind = kind
        self.title = title
        self.parameters = parameters
        self.sections = sections
    }

    /// The report's bytes in `format` and `language`; CSV starts with a UTF-8 byte order mark when
    /// `includesByteOrderMark` (so that Excel reads it as UTF-8).
    public func rendered(as format: ReportFormat, language: ReportLanguage, includesByteOrderMark: Bool = false) -> [UInt8] {
        switch format {
        case .table: return renderedTableBytes(language: language)
        case .csv:
            let text = renderedCSV(language: language)
            return (includesByteOrderMark ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8)
        case .json: return CanonicalJSON.encode(jsonValue) + [UInt8(ascii: "\n")]
        }
    }

    /// The lowercase hex SHA-256 of `bytes` (a rendered report): one line that an evaluator's
    /// replay and the finance department's can compare.
    public static func digest(of bytes: [UInt8]) -> String {
        Hex.encode(Array(SHA256.hash(data: bytes)))
    }
}

/// The output formats of a report.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// An aligned text table for terminals (East Asian wide characters count two columns).
    case table
    /// RFC 4180 CSV (CRLF line ends), one block per section.
    case csv
    /// Canonical JSON (RFC 8785 key order), language-independent.
    case json
}

/// One filter or context value printed with a report.
public struct ReportParameter: Sendable, Equatable {
    /// The JSON key.
    public var key: String
    /// The label.
    public var label: BilingualText
    /// The value.
    public var value: ReportCell

    /// Creates a parameter.
    public init(key: String, label: BilingualText, value: ReportCell) {
        self.key = key
        self.label = label
        self.value = value
    }
}

/// A column: its JSON key and its label in both languages.
public struct ReportColumn: Sendable, Equatable {
    /// The JSON key (snake_case; amounts end in `_fen`).
    public var key: String
    /// The header label.
    public var label: BilingualText

    /// Creates a column.
    public init(_ key: String, zh: String, en: String) {
        self.key = key
        self.label = BilingualText(zh: zh, en: en)
    }
}

/// One section of a report: a titled table.
public struct ReportSection: Sendable, Equatable {
    /// The JSON key of the section.
    public var key: String
    /// The section title.
    public var title: BilingualText
    /// The columns.
    public var columns: [ReportColumn]
    /// The rows; each has one cell per column.
    public var rows: [[ReportCell]]

    /// Creates a section. Requires every row to have `columns.count` cells.
    public init(key: String, title: BilingualText, columns: [ReportColumn], rows: [[ReportCell]]) {
        precondition(rows.allSatisfy { $0.count == columns.count }, "row width differs from column count")
        self.key = key
        self.title = title
        self.columns = columns
        self.rows = rows
    }
}

/// A cell value, rendered per format: amounts as yuan text in tables and CSV, integer fen in JSON.
public enum ReportCell: Sendable, Equatable {
    /// Text printed as recorded (names, codes, ids).
    case text(String)
    /// A label with a stable JSON value (`key`) and a translation for tables and CSV.
    case label(key: String, BilingualText)
    /// Money.
    case amount(Fen)
    /// A count or other integer.
    case integer(Int64)
    /// A ratio in basis points, printed as a percentage with two decimals.
    case basisPoints(Int64)
    /// A date.
    case date(CivilDate)
    /// Nothing (JSON `null`).
    case empty

    /// The text shown in tables (`groupsThousands`) and CSV.
    func text(_ language: ReportLanguage, groupsThousands: Bool) -> String {
        switch self {
        case .text(let text): return text
        case .label(_, let label): return label.text(in: language)
        case .amount(let amount): return groupsThousands ? amount.yuanText : amount.plainYuanText
        case .integer(let value): return String(value)
        case .basisPoints(let value):
            let magnitude = value.magnitude
            let fraction = magnitude % 100
            return (value < 0 ? "-" : "") + String(magnitude / 100) + "." + (fraction < 10 ? "0" : "") + String(fraction) + "%"
        case .date(let date): return date.description
        case .empty: return ""
        }
    }

    /// Whether tables right-align the cell.
    var isNumeric: Bool {
        switch self {
        case .amount, .integer, .basisPoints: return true
        default: return false
        }
    }

    /// The JSON value: amounts in integer fen, labels by key.
    var json: JSONValue {
        switch self {
        case .text(let text): return .string(text)
        case .label(let key, _): return .string(key)
        case .amount(let amount): return .integer(amount.rawValue)
        case .integer(let value): return .integer(value)
        case .basisPoints(let value): return .integer(value)
        case .date(let date): return .string(date.description)
        case .empty: return .null
        }
    }
}

extension Report {
    /// Lets go of `value` on another thread. What a report is made from and of (a replay's registers,
    /// a report's rows) is hundreds of thousands of objects: freed on the calling thread after
    /// rendering, they held up `report` by about a third of its time after replaying (100,000
    /// entries, measured), while the other core idled.
    ///
    /// The value is moved into memory that only the other thread then owns: had the calling thread
    /// kept a reference (a closure's captured copy), its own release could come last and free it all
    /// here after all.
    public static func release<Value: Sendable>(elsewhere value: consuming Value) {
        let slot = UnsafeMutablePointer<Value>.allocate(capacity: 1)
        slot.initialize(to: value)
        let owned = UncheckedSendableSlot(slot: slot)
        DispatchQueue.global().async {
            owned.slot.deinitialize(count: 1)
            owned.slot.deallocate()
        }
    }

    /// A slot handed whole to one other thread.
    private struct UncheckedSendableSlot<Value>: @unchecked Sendable {
        let slot: UnsafeMutablePointer<Value>
    }
}
