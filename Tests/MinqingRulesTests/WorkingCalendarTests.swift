import Foundation
import MinqingRules
import TestSupport
import Testing

@Suite struct WorkingCalendarTests {
    /// 2026 National Day: 1–7 October off, Sunday 27 September and Saturday 10 October worked (调休);
    /// New Year's Day 2027 off.
    let calendar = WorkingCalendar(
        local: TestConfig.calendar,
        holidays: ["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07", "2027-01-01"],
        workdays: ["2026-09-27", "2026-10-10"]
    )

    func due(_ assigned: String, _ days: Int) -> Date {
        calendar.dueDate(assignedAt: TestConfig.instant(assigned), workingDays: days)
    }

    @Test func weekendsAreSkipped() {
        // Monday 10:00 + 5 working days → the next Monday.
        #expect(due("2026-11-16T10:00:00+08:00", 5) == TestConfig.instant("2026-11-23T23:59:59+08:00"))
        #expect(due("2026-11-20T10:00:00+08:00", 1) == TestConfig.instant("2026-11-23T23:59:59+08:00"))
    }

    @Test func aHolidayBlockIsSkippedAndAnAdjustedSaturdayCounts() {
        // Wednesday 30 September + 3: 8 Oct (Thu), 9 Oct (Fri), 10 Oct (adjusted Saturday).
        #expect(due("2026-09-30T10:00:00+08:00", 3) == TestConfig.instant("2026-10-10T23:59:59+08:00"))
        // Saturday 26 September + 1: the adjusted Sunday 27 September.
        #expect(due("2026-09-26T10:00:00+08:00", 1) == TestConfig.instant("2026-09-27T23:59:59+08:00"))
        #expect(calendar.isWorkingDay(.init(year: 2026, month: 10, day: 10)))
        #expect(!calendar.isWorkingDay(.init(year: 2026, month: 10, day: 5)))
    }

    @Test func theWorkingDaysAReplyTookCountLocalDaysAfterTheAssignmentDay() {
        func took(_ assigned: String, _ replied: String) -> Int {
            calendar.workingDays(after: TestConfig.instant(assigned), through: TestConfig.instant(replied))
        }
        #expect(took("2026-11-16T10:00:00+08:00", "2026-11-16T17:00:00+08:00") == 0)  // the same day
        #expect(took("2026-11-16T10:00:00+08:00", "2026-11-17T08:00:00+08:00") == 1)  // less than 24 h, next day
        #expect(took("2026-11-20T10:00:00+08:00", "2026-11-23T09:00:00+08:00") == 1)  // Friday → Monday
        #expect(took("2026-11-20T10:00:00+08:00", "2026-11-22T09:00:00+08:00") == 0)  // Friday → Sunday
        // 30 September → 10 October: 8, 9 and the adjusted Saturday 10 October
        #expect(took("2026-09-30T10:00:00+08:00", "2026-10-10T10:00:00+08:00") == 3)
        // local days: Monday 23:30 local is Monday 15:30 UTC; Tuesday 00:30 local is Monday 16:30 UTC
        #expect(took("2026-11-16T23:30:00+08:00", "2026-11-17T00:30:00+08:00") == 1)
        #expect(took("2026-11-17T10:00:00+08:00", "2026-11-16T10:00:00+08:00") == 0)  // never negative
        // it agrees with the deadline rule: a reply on the due day took exactly the working days given
        for days in 1...12 {
            let assigned = TestConfig.instant("2026-09-25T11:00:00+08:00")
            #expect(calendar.workingDays(after: assigned, through: calendar.dueDate(assignedAt: assigned, workingDays: days)) == days)
        }
    }

    @Test func theYearBoundaryAndNewYearsDay() {
        // Thursday 31 December + 2: 1 Jan holiday, weekend, Mon 4 and Tue 5 January.
        #expect(due("2026-12-31T09:00:00+08:00", 2) == TestConfig.instant("2027-01-05T23:59:59+08:00"))
    }

    @Test func anAssignmentAtOneMinuteToMidnightCountsFromTheNextDay() {
        // Friday 23:59 local is Friday 15:59 UTC: the first working day is Monday.
        #expect(due("2026-11-20T23:59:00+08:00", 1) == TestConfig.instant("2026-11-23T23:59:59+08:00"))
        // 00:30 local on Saturday is still Friday in UTC; local time decides.
        #expect(due("2026-11-20T16:30:00Z", 1) == TestConfig.instant("2026-11-23T23:59:59+08:00"))
        // Thursday 23:59 → Friday.
        #expect(due("2026-11-19T23:59:00+08:00", 1) == TestConfig.instant("2026-11-20T23:59:59+08:00"))
    }

    @Test func workingDaysLeftCountsDownAndThenBelowZero() {
        let dueAt = TestConfig.instant("2026-11-23T23:59:59+08:00")  // Monday
        func left(_ now: String) -> Int { calendar.workingDaysLeft(until: dueAt, now: TestConfig.instant(now)) }
        #expect(left("2026-11-19T09:00:00+08:00") == 2)  // Thursday: Friday, Monday
        #expect(left("2026-11-20T09:00:00+08:00") == 1)
        #expect(left("2026-11-21T09:00:00+08:00") == 1)  // Saturday
        #expect(left("2026-11-23T09:00:00+08:00") == 0)
        #expect(left("2026-11-24T09:00:00+08:00") == -1)
        #expect(left("2026-11-28T09:00:00+08:00") == -4)  // Saturday after: Tue–Fri overdue
    }

    /// A local day runs from its midnight to the next one, across a month's end too (ScanTally's day key).
    @Test func aLocalDayIsBoundedByTwoMidnights() {
        let (start, end) = TestConfig.calendar.dayBounds(of: TestConfig.instant("2026-01-31T23:59:59+08:00"))
        #expect(start == TestConfig.instant("2026-01-31T00:00:00+08:00"))
        #expect(end == TestConfig.instant("2026-02-01T00:00:00+08:00"))
        let utcEvening = TestConfig.calendar.dayBounds(of: TestConfig.instant("2026-12-31T17:00:00Z"))  // already 1 January locally
        #expect(utcEvening.start == TestConfig.instant("2027-01-01T00:00:00+08:00"))
    }
}
