// ImportKind: the three spreadsheets a clerk imports and the columns each one takes.

/// What a spreadsheet holds: one event kind per file.
public enum ImportKind: String, Sendable, Hashable, CaseIterable {
    /// 资金下达 (`fund.allocate`), one allocation per row.
    case allocations
    /// 拨付 (`fund.disburse`), one payment per row.
    case disbursements
    /// 进度/验收 (`project.milestone`), one milestone report per row.
    case milestones

    /// The event kind each row becomes.
    public var eventKind: FundEventKind {
        switch self {
        case .allocations: return .fundAllocate
        case .disbursements: return .fundDisburse
        case .milestones: return .projectMilestone
        }
    }

    /// Parses `allocations`, `disbursements`, `milestones`, their event kinds (`fund.allocate`, …)
    /// or the Chinese names (资金下达, 拨付, 进度); `nil` for anything else.
    public init?(name: String) {
        switch name {
        case "allocations", "fund.allocate", "资金下达", "下达": self = .allocations
        case "disbursements", "fund.disburse", "拨付", "资金拨付": self = .disbursements
        case "milestones", "project.milestone", "进度", "验收", "进度验收": self = .milestones
        default: return nil
        }
    }

    /// Columns that must be present (and filled in every row, unless noted in docs/IMPORT.md).
    public var requiredColumns: [ImportColumn] {
        switch self {
        case .allocations:
            return [.date, .fromUnit, .toUnit, .fundID, .fundName, .sourceLevel, .channel, .documentNumber,
                    .amountYuan, .purposes]
        case .disbursements:
            return [.date, .countyCode, .fundID, .payee, .payeeKind, .amountYuan, .voucher]
        case .milestones:
            return [.date, .countyCode, .projectID, .milestone, .status]
        }
    }

    /// Columns that may be present; their cells may be empty.
    public var optionalColumns: [ImportColumn] {
        switch self {
        case .allocations:
            return [.fiscalYear, .designatedRecipient, .forwardBy, .useBy, .voucher]
        case .disbursements:
            return [.projectID, .category, .item, .quantity, .unit, .period, .labourYuan, .poorLabourYuan, .fromPool]
        case .milestones:
            return [.progressPercent, .acceptingUnit, .quantity, .unit, .note]
        }
    }

    /// Required then optional columns: every column this kind accepts.
    public var acceptedColumns: [ImportColumn] { requiredColumns + optionalColumns }
}

extension ImportKind {
    /// A blank sheet for this kind: the UTF-8 byte order mark (so that Excel opens it as UTF-8),
    /// then the header row with every accepted column, required first, in `language`, CRLF-ended.
    public func templateCSV(language: ReportLanguage) -> [UInt8] {
        let headers = acceptedColumns.map { language == .chinese ? $0.chineseHeader : $0.englishHeader }
        return [0xEF, 0xBB, 0xBF] + Array((headers.joined(separator: ",") + "\r\n").utf8)
    }
}
