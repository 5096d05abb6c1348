import Foundation

/// The Gregorian calendar in the configured time zone: the only place local dates are built.
public struct LocalCalendar: Sendable {
    public let timeZone: TimeZone
    public let calendar: Calendar

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        calendar.locale = Locale(identifier: "en_US_POSIX")
        self.calendar = calendar
    }

    /// The instant of a local wall-clock time.
    public func date(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0) -> Date {
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute)
        guard let date = calendar.date(from: components) else {
            preconditionFailure("invalid local date \(year)-\(month)-\(day) \(hour):\(minute)")
        }
        return date
    }

    /// The instants the local day of `instant` starts and ends (the next day's start).
    public func dayBounds(of instant: Date) -> (start: Date, end: Date) {
        let (year, month, day) = ymd(instant)
        return (date(year: year, month: month, day: day), date(year: year, month: month, day: day + 1))
    }

    /// Local year, month and day of an instant.
    public func ymd(_ date: Date) -> (year: Int, month: Int, day: Int) {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return (parts.year!, parts.month!, parts.day!)
    }
}
