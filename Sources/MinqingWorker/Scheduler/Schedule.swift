import Foundation
import MinqingCore
import MinqingRules

/// When a periodic job kind takes effect, and the key of each period.
///
/// Periods are numbered consecutively (see ``Period/index``); each has one nominal occurrence in the
/// configured time zone. The ledger's primary key is (kind, period key), so the key must be a pure
/// function of the period.
public enum Schedule: Sendable, Equatable {
    /// Every `seconds`, aligned to the Unix epoch; keys are the UTC bucket start (`2026-11-22T11:25:00Z`).
    case every(seconds: Int)
    /// Month M takes effect on `day` of month M+1 at `hour:minute`; key `2026-08`.
    case monthly(day: Int, hour: Int, minute: Int)
    /// Quarter Q takes effect on `day` of its last month at `hour:minute`; key `2026-Q3`.
    case quarterly(day: Int, hour: Int, minute: Int)
    /// Year Y takes effect on 1 January Y+1 at `hour:minute`; key `2026`.
    case yearly(hour: Int, minute: Int)
    /// The local week from Monday takes effect on the next Monday at `hour:minute`; key `W2026-11-30`
    /// (its Monday). Weeks are numbered from Monday 5 January 1970.
    case weekly(hour: Int, minute: Int)

    /// Days from 1 January 1970 to the first Monday.
    static let firstMonday = 4

    /// The nominal instant of period number `index`.
    func nominal(ofPeriod index: Int, in calendar: LocalCalendar) -> Date {
        switch self {
        case .every(let seconds):
            return Date(timeIntervalSince1970: TimeInterval(index * seconds))
        case .monthly(let day, let hour, let minute):
            let next = Period.month(year: 0, month: 1).advanced(by: index + 1)
            return calendar.date(year: next.year, month: next.months.lowerBound, day: day, hour: hour, minute: minute)
        case .quarterly(let day, let hour, let minute):
            let quarter = Period.quarter(year: 0, quarter: 1).advanced(by: index)
            return calendar.date(year: quarter.year, month: quarter.months.upperBound, day: day, hour: hour, minute: minute)
        case .yearly(let hour, let minute):
            return calendar.date(year: index + 1, month: 1, day: 1, hour: hour, minute: minute)
        case .weekly(let hour, let minute):
            // the Monday after week `index`, as a local date (1 January 1970 plus days)
            return calendar.date(year: 1970, month: 1, day: 1 + Self.firstMonday + (index + 1) * 7, hour: hour, minute: minute)
        }
    }

    func key(ofPeriod index: Int) -> String {
        switch self {
        case .every(let seconds):
            Date(timeIntervalSince1970: TimeInterval(index * seconds)).formatted(.iso8601)
        case .monthly: Period.month(year: 0, month: 1).advanced(by: index).key
        case .quarterly: Period.quarter(year: 0, quarter: 1).advanced(by: index).key
        case .yearly: Period.year(index).key
        case .weekly:
            "W"
                + Date(timeIntervalSince1970: Double((Self.firstMonday + index * 7) * 86_400))
                .formatted(.iso8601.year().month().day().dateSeparator(.dash))
        }
    }

    /// A period whose occurrence is close to `date` (within one or two periods); the search starts there.
    private func estimatedPeriod(near date: Date, in calendar: LocalCalendar) -> Int {
        switch self {
        case .every(let seconds): Int((date.timeIntervalSince1970 / Double(seconds)).rounded(.down))
        case .monthly: Period.month(containing: date, in: calendar).index
        case .quarterly: Period.quarter(containing: date, in: calendar).index
        case .yearly: Period.year(containing: date, in: calendar).index
        case .weekly:
            Int((date.timeIntervalSince1970 / 86_400 - Double(Self.firstMonday)) / 7).advanced(by: -1)
        }
    }

    public func occurrence(ofPeriod index: Int, in calendar: LocalCalendar) -> Occurrence {
        Occurrence(period: index, key: key(ofPeriod: index), nominal: nominal(ofPeriod: index, in: calendar))
    }

    /// The latest occurrence at or before `date`.
    public func latest(atOrBefore date: Date, in calendar: LocalCalendar) -> Occurrence {
        var index = estimatedPeriod(near: date, in: calendar) + 2
        while nominal(ofPeriod: index, in: calendar) > date { index -= 1 }
        return occurrence(ofPeriod: index, in: calendar)
    }

    /// The first occurrence strictly after `date`.
    public func next(after date: Date, in calendar: LocalCalendar) -> Occurrence {
        var index = estimatedPeriod(near: date, in: calendar) - 2
        while nominal(ofPeriod: index, in: calendar) <= date { index += 1 }
        return occurrence(ofPeriod: index, in: calendar)
    }

    /// Occurrences in `(after, through]`, oldest first, at most `limit`.
    public func occurrences(after start: Date, through end: Date, in calendar: LocalCalendar, limit: Int) -> [Occurrence] {
        var result: [Occurrence] = []
        var current = next(after: start, in: calendar)
        while current.nominal <= end, result.count < limit {
            result.append(current)
            current = occurrence(ofPeriod: current.period + 1, in: calendar)
        }
        return result
    }
}

/// One period of a schedule with its key and nominal instant.
public struct Occurrence: Sendable, Equatable {
    public let period: Int
    public let key: String
    public let nominal: Date
}
