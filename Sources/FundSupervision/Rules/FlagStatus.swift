// FlagStatus: where a flag stands after the `flag.dispose` and `entry.reverse` entries that follow it.
//
// Dispositions never remove a flag. A dismissed flag is still reported, marked dismissed with the
// inspector's reason; a later `flag.dispose` for the same flag supersedes the earlier one, and the
// whole history stays in the journal.

/// Where a flag stands after every disposition and reversal in the journal prefix.
public enum FlagStatus: Sendable, Hashable, Codable {
    /// 待处理: no disposition yet.
    case open
    /// 已确认: confirmed by the `flag.dispose` entry at `sequence`.
    case confirmed(sequence: Int)
    /// 已整改: rectified, as the `flag.dispose` at `sequence` says, by the entry at `correctingSequence`.
    case rectified(sequence: Int, correctingSequence: Int)
    /// 不予认定: dismissed by the `flag.dispose` at `sequence`, with the inspector's reason.
    case dismissed(sequence: Int, reason: String)
    /// 已冲正: the entry the flag is about was reversed by the `entry.reverse` at `sequence`.
    case reversed(sequence: Int)

    /// Whether nobody has acted on the flag yet.
    public var isOpen: Bool {
        if case .open = self { return true }
        return false
    }

    /// The entry that set this status; `nil` while open.
    public var sequence: Int? {
        switch self {
        case .open: nil
        case .confirmed(let sequence), .rectified(let sequence, _), .dismissed(let sequence, _),
            .reversed(let sequence):
            sequence
        }
    }

    /// The stable lowercase name used in CSV and JSON: open, confirmed, rectified, dismissed, reversed.
    public var name: String {
        switch self {
        case .open: "open"
        case .confirmed: "confirmed"
        case .rectified: "rectified"
        case .dismissed: "dismissed"
        case .reversed: "reversed"
        }
    }

    /// The label in `language`.
    public func label(in language: ReportLanguage) -> String {
        switch (self, language) {
        case (.open, .chinese): "待处理"
        case (.open, .english): "open"
        case (.confirmed, .chinese): "已确认"
        case (.confirmed, .english): "confirmed"
        case (.rectified, .chinese): "已整改"
        case (.rectified, .english): "rectified"
        case (.dismissed, .chinese): "不予认定"
        case (.dismissed, .english): "dismissed"
        case (.reversed, .chinese): "已冲正"
        case (.reversed, .english): "reversed"
        }
    }
}

/// A flag together with its current status, as reports show it.
public struct FlagRecord: Sendable, Hashable, Identifiable {
    /// The flag.
    public var flag: AnomalyFlag
    /// Its status after every disposition and reversal seen.
    public var status: FlagStatus

    /// The flag's id.
    public var id: String { flag.id }

    /// Creates a record.
    public init(flag: AnomalyFlag, status: FlagStatus) {
        self.flag = flag
        self.status = status
    }
}
