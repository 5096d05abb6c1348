import Foundation
import MinqingRules
import TestSupport
import Testing

@Suite struct MonthDeadlineTests {
    let calendar = TestConfig.calendar

    func due(_ assigned: String, months: Int) -> String {
        let (year, month, day) = calendar.ymd(calendar.dueDate(assignedAt: TestConfig.instant(assigned), months: months))
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    @Test func theSameDayMonthsLaterAtTheEndOfTheLocalDay() {
        let due = calendar.dueDate(assignedAt: TestConfig.instant("2026-03-10T09:00:00+08:00"), months: 3)
        #expect(due == TestConfig.instant("2026-06-10T23:59:59+08:00"))
        // late in the local evening is still that local day (16:30 UTC is 00:30 the next day in Shanghai)
        #expect(self.due("2026-03-10T16:30:00Z", months: 1) == "2026-04-11")
    }

    @Test func aDayTheTargetMonthLacksIsClampedToItsLastDay() {
        #expect(due("2026-01-31T10:00:00+08:00", months: 1) == "2026-02-28")
        #expect(due("2028-01-31T10:00:00+08:00", months: 1) == "2028-02-29")  // leap year
        #expect(due("2026-03-31T10:00:00+08:00", months: 1) == "2026-04-30")
        #expect(due("2026-08-31T10:00:00+08:00", months: 6) == "2027-02-28")
        #expect(due("2027-11-30T10:00:00+08:00", months: 3) == "2028-02-29")
    }

    @Test func monthsCarryAcrossTheYearEnd() {
        #expect(due("2026-11-15T10:00:00+08:00", months: 3) == "2027-02-15")
        #expect(due("2026-12-31T10:00:00+08:00", months: 12) == "2027-12-31")
        #expect(due("2026-12-31T10:00:00+08:00", months: 0) == "2026-12-31")
    }
}
