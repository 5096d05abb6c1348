import Foundation

/// A reporting period: a calendar month, quarter or year in the configured time zone.
///
/// The only place period keys are formatted and parsed: `2026-08`, `2026-Q3`, `2026`.
public enum Period: Sendable, Hashable, CustomStringConvertible {
    case month(year: Int, month: Int)
    case quarter(year: Int, quarter: Int)
    case year(Int)

    public var key: String {
        switch self {
        case .month(let year, let month): String(format: "%04d-%02d", year, month)
        case .quarter(let year, let quarter): String(format: "%04d-Q%d", year, quarter)
        case .year(let year): String(format: "%04d", year)
        }
    }

    public var description: String { key }

    public init?(key: String) {
        let parts = key.split(separator: "-", omittingEmptySubsequences: false)
        switch parts.count {
        case 1 where key.count == 4:
            guard let year = Int(parts[0]) else { return nil }
            self = .year(year)
        case 2 where parts[0].count == 4:
            guard let year = Int(parts[0]) else { return nil }
            if parts[1].first == "Q", parts[1].count == 2, let quarter = Int(parts[1].dropFirst()), (1...4).contains(quarter) {
                self = .quarter(year: year, quarter: quarter)
            } else if parts[1].count == 2, let month = Int(parts[1]), (1...12).contains(month) {
                self = .month(year: year, month: month)
            } else {
                return nil
            }
        default:
            return nil
        }
    }

    /// Months are numbered `year * 12 + month - 1`, quarters `year * 4 + quarter - 1`, years by the year:
    /// consecutive periods have consecutive indexes.
    public var index: Int {
        switch self {
        case .month(let year, let month): year * 12 + month - 1
        case .quarter(let year, let quarter): year * 4 + quarter - 1
        case .year(let year): year
        }
    }

    public func advanced(by count: Int) -> Period {
        switch self {
        case .month:
            let i = index + count
            return .month(year: i / 12, month: i % 12 + 1)
        case .quarter:
            let i = index + count
            return .quarter(year: i / 4, quarter: i % 4 + 1)
        case .year(let year):
            return .year(year + count)
        }
    }

    /// First and last month (1–12) covered.
    public var months: ClosedRange<Int> {
        switch self {
        case .month(_, let month): month...month
        case .quarter(_, let quarter): (quarter * 3 - 2)...(quarter * 3)
        case .year: 1...12
        }
    }

    public var year: Int {
        switch self {
        case .month(let year, _), .quarter(let year, _), .year(let year): year
        }
    }

    /// The local instants the period covers: `[start, end)`.
    public func interval(in calendar: LocalCalendar) -> Range<Date> {
        let start = calendar.date(year: year, month: months.lowerBound, day: 1)
        let endMonth = months.upperBound == 12 ? 1 : months.upperBound + 1
        let end = calendar.date(year: months.upperBound == 12 ? year + 1 : year, month: endMonth, day: 1)
        return start..<end
    }

    /// The month, quarter or year containing a local instant.
    public static func month(containing date: Date, in calendar: LocalCalendar) -> Period {
        let (year, month, _) = calendar.ymd(date)
        return .month(year: year, month: month)
    }

    public static func quarter(containing date: Date, in calendar: LocalCalendar) -> Period {
        let (year, month, _) = calendar.ymd(date)
        return .quarter(year: year, quarter: (month - 1) / 3 + 1)
    }

    public static func year(containing date: Date, in calendar: LocalCalendar) -> Period {
        .year(calendar.ymd(date).year)
    }

    /// The local years `period` covers exactly, from one 1 January 00:00 to a later one; nil for any other
    /// period.
    public static func years(exactly period: Range<Date>, in calendar: LocalCalendar) -> Range<Int>? {
        let (first, last) = (year(containing: period.lowerBound, in: calendar), year(containing: period.upperBound, in: calendar))
        guard last.year > first.year, first.interval(in: calendar).lowerBound == period.lowerBound,
            last.interval(in: calendar).lowerBound == period.upperBound
        else { return nil }
        return first.year..<last.year
    }
}
