// CivilDate.year (read from a table of first days of years) against the year of the whole civil date.

@testable import FundSupervision
import Testing

@Suite("CivilDate.year")
struct CivilDateYearTests {
    @Test("equals the civil date's year for every day from 1960 to 2210, across the table's ends")
    func matchesYearEveryDay() {
        let first = Int32(CivilDate.daysFromCivil(year: 1960, month: 1, day: 1))
        let last = Int32(CivilDate.daysFromCivil(year: 2210, month: 12, day: 31))
        var mismatches = 0
        for day in first...last {
            let date = CivilDate(dayNumber: day)
            if date.year != date.components.year { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    @Test("the first and last day of years around leap years and the table's ends")
    func boundaries() {
        for year in [1969, 1970, 1971, 1972, 1999, 2000, 2020, 2100, 2199, 2200, 2201] {
            let january = CivilDate(dayNumber: Int32(CivilDate.daysFromCivil(year: year, month: 1, day: 1)))
            let december = CivilDate(dayNumber: Int32(CivilDate.daysFromCivil(year: year, month: 12, day: 31)))
            #expect(january.year == year && january.components.year == year)
            #expect(december.year == year && december.components.year == year)
        }
        for day: Int32 in [Int32.min, -1, 0, 84_000, 84_371, Int32.max] {
            #expect(CivilDate(dayNumber: day).year == CivilDate(dayNumber: day).components.year)
        }
    }
}
