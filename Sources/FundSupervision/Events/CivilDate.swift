// CivilDate: an effective date, a calendar day in China Standard Time (UTC+8).
//
// Business facts carry the day they took effect as `YYYY-MM-DD` (ISO 8601 calendar date,
// proleptic Gregorian). The day is stored as a count of days since 1970-01-01 so that
// comparisons and differences are integer operations; parsing is by hand (no Foundation)
// because replay parses one or more dates per entry.

/// A calendar date (effective date of a business fact), stored as days since 1970-01-01.
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before it).
    public let dayNumber: Int32

    /// The earliest year FundLedger accepts in a date (the People's Republic's founding year).
    public static let minimumYear = 1949
    /// The latest year FundLedger accepts in a date; later years are typing errors.
    public static let maximumYear = 2199

    /// Seconds in a day.
    static let secondsPerDay: Int64 = 86_400
    /// China Standard Time is UTC+8 all year (no daylight saving time since 1991).
    static let chinaStandardTimeOffsetSeconds: Int64 = 8 * 3_600

    /// Creates the date with the given day number (days since 1970-01-01).
    public init(dayNumber: Int32) {
        self.dayNumber = dayNumber
    }

    /// Creates the date from year, month and day, or returns `nil` when they name no calendar day
    /// or the year is outside `minimumYear...maximumYear`.
    public init?(year: Int, month: Int, day: Int) {
        guard year >= Self.minimumYear, year <= Self.maximumYear else { return nil }
        guard month >= 1, month <= 12 else { return nil }
        guard day >= 1, day <= Self.daysInMonth(year: year, month: month) else { return nil }
        self.dayNumber = Int32(Self.daysFromCivil(year: year, month: month, day: day))
    }

    /// Parses exactly `YYYY-MM-DD` (ASCII digits, hyphens), returning `nil` for anything else.
    public init?(parsing text: String) {
        var text = text
        let parsed = text.withUTF8 { Self.parseFields($0) }
        guard let (year, month, day) = parsed else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Parses exactly `YYYY-MM-DD` from UTF-8 bytes, like `init?(parsing:)` on their text.
    init?(parsingUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        guard let (year, month, day) = Self.parseFields(bytes) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The date in China Standard Time of an instant given in seconds since 1970-01-01T00:00:00Z.
    public init(chinaStandardTimeOf secondsSince1970: Int64) {
        let local = secondsSince1970 + Self.chinaStandardTimeOffsetSeconds
        // Floor division, so that instants before 1970 land on the right day.
        var days = local / Self.secondsPerDay
        if local % Self.secondsPerDay < 0 { days -= 1 }
        self.dayNumber = Int32(clamping: days)
    }

    /// The calendar fields (year, month 1-12, day 1-31).
    public var components: (year: Int, month: Int, day: Int) {
        Self.civilFromDays(Int(dayNumber))
    }

    /// The calendar year, which is also the fiscal year (财政年度 = calendar year). Read from a table
    /// of first days of the years 1970–2199 (replay takes the year of every payment, and the whole
    /// civil date cost about 100 instructions, measured), computed outside it.
    public var year: Int {
        let days = Int(dayNumber)
        // 1 January of year 1970 + n is day 365n + (leap days before it), so `days / 365` is the
        // year's offset or one more (fewer than 365 leap days in the table's span).
        var offset = days / 365
        let firstDays = Self.firstDaysOfYears
        guard days >= 0, offset < firstDays.count - 1 else { return components.year }
        if days < Int(firstDays[offset]) { offset -= 1 }
        return 1970 + offset
    }

    /// The first day (`dayNumber`) of each year from 1970 through 2200; element i is 1 January of 1970 + i.
    private static let firstDaysOfYears: [Int32] = (1970...2200).map { Int32(daysFromCivil(year: $0, month: 1, day: 1)) }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (year, month, day) = components
        return Self.pad(year, 4) + "-" + Self.pad(month, 2) + "-" + Self.pad(day, 2)
    }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(to other: CivilDate) -> Int {
        Int(other.dayNumber) - Int(dayNumber)
    }

    /// The date `count` days later (earlier when negative).
    public func adding(days count: Int) -> CivilDate {
        CivilDate(dayNumber: Int32(clamping: Int(dayNumber) + count))
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        lhs.dayNumber < rhs.dayNumber
    }

    // MARK: - Calendar arithmetic

    static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // H. Hinnant, "chrono-Compatible Low-Level Date Algorithms", days_from_civil.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    // H. Hinnant, civil_from_days.
    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func parseFields(_ bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int, Int)? {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = Int(bytes[index]) - 48
                guard digit >= 0, digit <= 9 else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        return (year, month, day)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
