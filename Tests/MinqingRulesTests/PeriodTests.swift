import Foundation
import MinqingRules
import TestSupport
import Testing

@Suite struct PeriodTests {
    let calendar = TestConfig.calendar

    @Test(arguments: ["2026-08", "2026-Q3", "2026", "2026-12", "2027-Q1"])
    func keysRoundTrip(key: String) throws {
        let period = try #require(Period(key: key))
        #expect(period.key == key)
    }

    @Test(arguments: ["2026-13", "2026-00", "2026-Q5", "2026-Q0", "26-08", "2026-8", "abcd", "", "2026-08-01"])
    func malformedKeysAreRejected(key: String) {
        #expect(Period(key: key) == nil)
    }

    @Test func advancingCrossesYearBoundaries() {
        #expect(Period.month(year: 2026, month: 12).advanced(by: 1) == .month(year: 2027, month: 1))
        #expect(Period.month(year: 2027, month: 1).advanced(by: -1) == .month(year: 2026, month: 12))
        #expect(Period.quarter(year: 2026, quarter: 4).advanced(by: 1) == .quarter(year: 2027, quarter: 1))
        #expect(Period.year(2026).advanced(by: 1) == .year(2027))
    }

    @Test func intervalsAreLocalToShanghai() {
        let march = Period.month(year: 2026, month: 3).interval(in: calendar)
        #expect(march.lowerBound == TestConfig.instant("2026-03-01T00:00:00+08:00"))
        #expect(march.upperBound == TestConfig.instant("2026-04-01T00:00:00+08:00"))
        let q4 = Period.quarter(year: 2026, quarter: 4).interval(in: calendar)
        #expect(q4.lowerBound == TestConfig.instant("2026-10-01T00:00:00+08:00"))
        #expect(q4.upperBound == TestConfig.instant("2027-01-01T00:00:00+08:00"))
        let year = Period.year(2026).interval(in: calendar)
        #expect(year.upperBound == TestConfig.instant("2027-01-01T00:00:00+08:00"))
    }

    @Test func theContainingPeriodUsesLocalTime() {
        // 2026-12-31T16:30Z is already 1 January 2027 in Shanghai.
        let newYear = TestConfig.instant("2026-12-31T16:30:00Z")
        #expect(Period.month(containing: newYear, in: calendar) == .month(year: 2027, month: 1))
        #expect(Period.quarter(containing: newYear, in: calendar) == .quarter(year: 2027, quarter: 1))
        #expect(Period.year(containing: newYear, in: calendar) == .year(2027))
        let lastMinute = TestConfig.instant("2026-12-31T15:59:59Z")
        #expect(Period.year(containing: lastMinute, in: calendar) == .year(2026))
    }

    @Test func aPeriodOfWholeLocalYearsIsThoseYears() {
        let year = { (y: Int) in Period.year(y).interval(in: calendar) }
        #expect(Period.years(exactly: year(2026), in: calendar) == 2026..<2027)
        #expect(Period.years(exactly: year(2025).lowerBound..<year(2026).upperBound, in: calendar) == 2025..<2027)
        // a second short at either end, a UTC year, a month: not whole local years
        #expect(Period.years(exactly: year(2026).lowerBound..<year(2026).upperBound.addingTimeInterval(-1), in: calendar) == nil)
        #expect(Period.years(exactly: year(2026).lowerBound.addingTimeInterval(1)..<year(2026).upperBound, in: calendar) == nil)
        let utc = TestConfig.instant("2026-01-01T00:00:00Z")..<TestConfig.instant("2027-01-01T00:00:00Z")
        #expect(Period.years(exactly: utc, in: calendar) == nil)
        #expect(Period.years(exactly: Period.month(year: 2026, month: 1).interval(in: calendar), in: calendar) == nil)
    }

    @Test func theWeeksOfAPeriodStartOnTheirLocalMondays() {
        let key = { (date: Date) in WorkingCalendar.Day(date, in: calendar).key }
        // October 2026: Thursday 1st to Saturday 31st, so from the week of Monday 28 September
        let october = Period.month(year: 2026, month: 10).interval(in: calendar)
        #expect(
            calendar.weekStarts(overlapping: october).map(key) == ["2026-09-28", "2026-10-05", "2026-10-12", "2026-10-19", "2026-10-26"])
        // a period starting on a local Monday at midnight (Sunday 16:00 UTC) starts with that week
        let monday = TestConfig.instant("2026-10-05T00:00:00+08:00")
        #expect(calendar.weekStarts(overlapping: monday..<monday.addingTimeInterval(1)).map(key) == ["2026-10-05"])
        #expect(calendar.weekStarts(overlapping: monday..<monday).isEmpty)
    }
}
