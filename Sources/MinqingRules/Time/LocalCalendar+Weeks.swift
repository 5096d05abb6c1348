import Foundation

extension LocalCalendar {
    /// The Mondays (local midnight) that start the local weeks, Monday to Sunday, overlapping `period`, oldest
    /// first: the dashboard's weekly series has one entry for each.
    public func weekStarts(overlapping period: Range<Date>) -> [Date] {
        var weeks = calendar
        weeks.firstWeekday = 2
        guard var monday = weeks.dateInterval(of: .weekOfYear, for: period.lowerBound)?.start else { return [] }
        var starts: [Date] = []
        while monday < period.upperBound {
            starts.append(monday)
            monday = weeks.date(byAdding: .day, value: 7, to: monday)!
        }
        return starts
    }
}
