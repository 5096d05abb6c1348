import Foundation

/// The next reception day (接待日) of a station's schedule, today included: monthly on a day of the month
/// (the month's last day when the month is shorter), or weekly on a weekday (1 = Monday). An irregular
/// schedule has none.
public enum ReceptionDay {
    public static func next(
        dayOfMonth: Int?, weekday: Int?, from today: WorkingCalendar.Day, in local: LocalCalendar
    ) -> WorkingCalendar.Day? {
        if let dayOfMonth, (1...31).contains(dayOfMonth) {
            let this = min(dayOfMonth, local.daysIn(year: today.year, month: today.month))
            if today.day <= this { return WorkingCalendar.Day(year: today.year, month: today.month, day: this) }
            let (year, month) = today.month == 12 ? (today.year + 1, 1) : (today.year, today.month + 1)
            return WorkingCalendar.Day(year: year, month: month, day: min(dayOfMonth, local.daysIn(year: year, month: month)))
        }
        if let weekday, (1...7).contains(weekday) {
            let noon = local.date(year: today.year, month: today.month, day: today.day, hour: 12)
            // Foundation counts Sunday as 1; ISO counts Monday as 1
            let iso = (local.calendar.component(.weekday, from: noon) + 5) % 7 + 1
            let ahead = (weekday - iso + 7) % 7
            let (year, month, day) = local.ymd(local.calendar.date(byAdding: .day, value: ahead, to: noon)!)
            return WorkingCalendar.Day(year: year, month: month, day: day)
        }
        return nil
    }
}
