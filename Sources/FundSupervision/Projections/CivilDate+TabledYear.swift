// The year of a date, read from a table of first days of the year: replay takes the year of every
// payment (the payee-year totals, the household caps), and `CivilDate.year` computes the whole civil
// date for it (≈ 100 instructions, about 0.5% of replay's at 100,000 entries, measured).

extension CivilDate {
    /// The first day (`dayNumber`) of each year from 1970 through 2200; `firstDays[i]` is 1 January of 1970 + i.
    private static let firstDays: [Int32] = (1970...2200).map { Int32(daysFromCivil(year: $0, month: 1, day: 1)) }

    /// `year`, the same for every date: from the table for 1970 through 2199, otherwise computed.
    var tabledYear: Int {
        let days = Int(dayNumber)
        // 1 January of year 1970 + n is day 365n + (leap days before it), so `days / 365` is the
        // year's offset or one more (fewer than 365 leap days in the table's span).
        var offset = days / 365
        let firstDays = Self.firstDays
        guard days >= 0, offset < firstDays.count - 1 else { return year }
        if days < Int(firstDays[offset]) { offset -= 1 }
        return 1970 + offset
    }
}
