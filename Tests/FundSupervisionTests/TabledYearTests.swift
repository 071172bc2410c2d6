// CivilDate.tabledYear (the year replay takes for every payment) against CivilDate.year.

@testable import FundSupervision
import Testing

@Suite("CivilDate.tabledYear")
struct TabledYearTests {
    @Test("equals year for every day from 1960 to 2210, across the table's ends")
    func matchesYearEveryDay() {
        let first = Int32(CivilDate.daysFromCivil(year: 1960, month: 1, day: 1))
        let last = Int32(CivilDate.daysFromCivil(year: 2210, month: 12, day: 31))
        var mismatches = 0
        for day in first...last {
            let date = CivilDate(dayNumber: day)
            if date.tabledYear != date.year { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    @Test("the first and last day of years around leap years and the table's ends")
    func boundaries() {
        for year in [1969, 1970, 1971, 1972, 1999, 2000, 2020, 2100, 2199, 2200, 2201] {
            let january = CivilDate(dayNumber: Int32(CivilDate.daysFromCivil(year: year, month: 1, day: 1)))
            let december = CivilDate(dayNumber: Int32(CivilDate.daysFromCivil(year: year, month: 12, day: 31)))
            #expect(january.tabledYear == year && january.year == year)
            #expect(december.tabledYear == year && december.year == year)
        }
        for day: Int32 in [Int32.min, -1, 0, 84_000, 84_371, Int32.max] {
            #expect(CivilDate(dayNumber: day).tabledYear == CivilDate(dayNumber: day).year)
        }
    }
}
