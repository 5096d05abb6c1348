import Foundation

/// Deadline arithmetic on working days: weekends are off, configured public holidays are off, configured
/// adjusted working days (调休) count. Pure: the days come in, nothing is read here.
public struct WorkingCalendar: Sendable {
    public let local: LocalCalendar
    /// `YYYY-MM-DD` keys.
    public let holidays: Set<String>
    public let workdays: Set<String>

    public init(local: LocalCalendar, holidays: Set<String> = [], workdays: Set<String> = []) {
        self.local = local
        self.holidays = holidays
        self.workdays = workdays
    }

    /// A local calendar day.
    public struct Day: Sendable, Hashable, Comparable {
        public let year: Int, month: Int, day: Int

        public init(year: Int, month: Int, day: Int) {
            self.year = year
            self.month = month
            self.day = day
        }

        /// The local day `instant` falls on.
        public init(_ instant: Date, in local: LocalCalendar) {
            (year, month, day) = local.ymd(instant)
        }

        /// The day of a `YYYY-MM-DD` key; nil when malformed.
        public init?(key: String) {
            let parts = key.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            guard parts.count == 3, let year = parts[0], let month = parts[1], let day = parts[2] else { return nil }
            self.init(year: year, month: month, day: day)
        }

        public var key: String { String(format: "%04d-%02d-%02d", year, month, day) }

        public static func < (lhs: Day, rhs: Day) -> Bool { (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day) }
    }

    public func day(of instant: Date) -> Day {
        let (year, month, day) = local.ymd(instant)
        return Day(year: year, month: month, day: day)
    }

    public func next(_ day: Day) -> Day {
        let noon = local.date(year: day.year, month: day.month, day: day.day, hour: 12)
        return self.day(of: local.calendar.date(byAdding: .day, value: 1, to: noon)!)
    }

    public func isWorkingDay(_ day: Day) -> Bool {
        if workdays.contains(day.key) { return true }
        if holidays.contains(day.key) { return false }
        let noon = local.date(year: day.year, month: day.month, day: day.day, hour: 12)
        let weekday = local.calendar.component(.weekday, from: noon)  // 1 = Sunday, 7 = Saturday
        return weekday != 1 && weekday != 7
    }

    /// The `count`-th working day after the local day of `start` (the start day itself never counts).
    /// The first working day of the month `day` is in (the day the monthly suggestion batch runs, 逐月交办).
    public func firstWorkingDay(ofMonthOf day: Day) -> Day {
        var candidate = Day(year: day.year, month: day.month, day: 1)
        while !isWorkingDay(candidate) { candidate = next(candidate) }
        return candidate
    }

    public func workingDay(_ count: Int, after start: Date) -> Day {
        var day = self.day(of: start)
        var remaining = count
        while remaining > 0 {
            day = next(day)
            if isWorkingDay(day) { remaining -= 1 }
        }
        return day
    }

    /// The due time of work assigned at `assignedAt` with `workingDays`: the end (23:59:59 local) of the
    /// `workingDays`-th working day after the assignment day.
    public func dueDate(assignedAt: Date, workingDays: Int) -> Date {
        endOf(workingDay(workingDays, after: assignedAt))
    }

    public func endOf(_ day: Day) -> Date {
        local.date(year: day.year, month: day.month, day: day.day, hour: 23, minute: 59).addingTimeInterval(59)
    }

    /// The working days after the local day of `start` up to and including the local day of `end` (0 when
    /// both fall on the same day or `end` is earlier): how many working days a reply took.
    public func workingDays(after start: Date, through end: Date) -> Int {
        var day = self.day(of: start)
        let last = self.day(of: end)
        var count = 0
        while day < last {
            day = next(day)
            if isWorkingDay(day) { count += 1 }
        }
        return count
    }

    /// Working days from today to the due day: 0 when due today, positive before, negative when overdue
    /// (−1 = the first working day after the due day).
    public func workingDaysLeft(until due: Date, now: Date) -> Int {
        let today = day(of: now)
        let dueDay = day(of: due)
        if today == dueDay { return now > due ? -1 : 0 }
        if today < dueDay { return workingDays(after: now, through: due) }
        return -max(workingDays(after: due, through: now), 1)
    }
}
