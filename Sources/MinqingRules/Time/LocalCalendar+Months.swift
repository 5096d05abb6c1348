import Foundation

/// The calendar-month deadline, the second rule beside working days (`WorkingCalendar`, the one home of
/// working-day arithmetic): representatives' suggestions are answered within months, not working days.
extension LocalCalendar {
    /// Due at the end (23:59:59 local, like a working-day deadline) of the same day of the month `months`
    /// later, clamped to that month's last day: 31 January + 1 month is 28 February, or 29 in a leap year.
    public func dueDate(assignedAt: Date, months: Int) -> Date {
        precondition(months >= 0, "a deadline lies ahead")
        let (year, month, day) = ymd(assignedAt)
        let index = year * 12 + (month - 1) + months
        let (dueYear, dueMonth) = (index / 12, index % 12 + 1)
        let dueDay = min(day, daysIn(year: dueYear, month: dueMonth))
        return date(year: dueYear, month: dueMonth, day: dueDay, hour: 23, minute: 59).addingTimeInterval(59)
    }

    /// How many days a month has.
    public func daysIn(year: Int, month: Int) -> Int {
        calendar.range(of: .day, in: .month, for: date(year: year, month: month, day: 1))?.count ?? 31
    }
}
