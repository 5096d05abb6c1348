import Foundation
import MinqingRules
import Testing

/// The next reception day (接待日) of a station's schedule.
@Suite struct ReceptionDayTests {
    let local = LocalCalendar(timeZone: TimeZone(identifier: "Asia/Shanghai")!)

    func next(monthly day: Int? = nil, weekly weekday: Int? = nil, from key: String) -> String? {
        ReceptionDay.next(dayOfMonth: day, weekday: weekday, from: WorkingCalendar.Day(key: key)!, in: local)?.key
    }

    @Test func monthlyOnADayTodayIncluded() {
        #expect(next(monthly: 10, from: "2026-12-02") == "2026-12-10")
        #expect(next(monthly: 10, from: "2026-12-10") == "2026-12-10")
        #expect(next(monthly: 10, from: "2026-12-11") == "2027-01-10")
    }

    @Test func aDayPastTheMonthsEndFallsOnItsLastDay() {
        #expect(next(monthly: 31, from: "2027-02-01") == "2027-02-28")
        #expect(next(monthly: 31, from: "2028-02-29") == "2028-02-29")
        #expect(next(monthly: 31, from: "2027-01-31") == "2027-01-31")
        #expect(next(monthly: 30, from: "2027-01-31") == "2027-02-28")
    }

    @Test func weeklyOnAWeekday() {
        // 2026-12-02 is a Wednesday
        #expect(next(weekly: 3, from: "2026-12-02") == "2026-12-02")
        #expect(next(weekly: 1, from: "2026-12-02") == "2026-12-07")
        #expect(next(weekly: 7, from: "2026-12-31") == "2027-01-03")
    }

    @Test func anIrregularOrMalformedScheduleHasNone() {
        #expect(next(from: "2026-12-02") == nil)
        #expect(next(monthly: 0, from: "2026-12-02") == nil)
        #expect(next(weekly: 8, from: "2026-12-02") == nil)
    }
}
