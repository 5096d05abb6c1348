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
}
