// FiscalPeriod: the month or year a `period.close` entry closes (docs/EVENTS.md `period.close`).
// The fiscal year is the calendar year; dates are China Standard Time calendar dates.

/// A calendar month (月结) or a fiscal year (年结).
public struct FiscalPeriod: Hashable, Sendable, CustomStringConvertible, Codable {
    /// Month or year.
    public let kind: PeriodKind
    /// The calendar year.
    public let year: Int
    /// The month 1-12 for a month, `nil` for a year.
    public let month: Int?

    /// A month; `nil` when the month is not 1-12 or the year is outside the supported years.
    public init?(year: Int, month: Int) {
        guard CivilDate(year: year, month: month, day: 1) != nil else { return nil }
        kind = .month
        self.year = year
        self.month = month
    }

    /// A year; `nil` outside the supported years.
    public init?(year: Int) {
        guard CivilDate(year: year, month: 1, day: 1) != nil else { return nil }
        kind = .year
        self.year = year
        month = nil
    }

    /// Parses `YYYY-MM` (a month) or `YYYY` (a year), the `period` member's forms.
    public init?(parsing text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 4 || bytes.count == 7, let date = CivilDate(parsing: bytes.count == 4 ? text + "-01-01" : text + "-01") else {
            return nil
        }
        if bytes.count == 4 {
            self.init(year: date.year)
        } else {
            self.init(year: date.year, month: date.components.month)
        }
    }

    /// Parses `text` as a period of `kind`; `nil` when the form does not match the kind.
    public init?(kind: PeriodKind, text: String) {
        guard let period = FiscalPeriod(parsing: text), period.kind == kind else { return nil }
        self = period
    }

    /// The first day of the period.
    public var firstDay: CivilDate { CivilDate(year: year, month: month ?? 1, day: 1)! }

    /// The last day of the period (inclusive).
    public var lastDay: CivilDate {
        guard let month else { return CivilDate(year: year, month: 12, day: 31)! }
        // The day before the first of the next month (December ends on the 31st).
        guard month < 12 else { return CivilDate(year: year, month: 12, day: 31)! }
        return CivilDate(year: year, month: month + 1, day: 1)!.adding(days: -1)
    }

    /// Whether `date` falls in the period (first and last day included).
    public func contains(_ date: CivilDate) -> Bool {
        firstDay <= date && date <= lastDay
    }

    /// `YYYY-MM` or `YYYY`, as the `period` member writes it.
    public var description: String {
        let yearText = String(year)
        guard let month else { return yearText }
        return yearText + "-" + (month < 10 ? "0" : "") + String(month)
    }
}
