import Foundation

/// The time window of `GET /requests`: by default the most recent 90 days; a given `start_date` or
/// `end_date` anchors 90 days from it; both may span at most 90 days (GeoReport v2, "Response Volume").
/// Pages hold up to 1,000 requests, the standard's default limit (paging extension: `page`, `page_size`).
public enum Open311Window {
    public static let maxSpan: TimeInterval = 90 * 86_400
    public static let maxPageSize = 1000

    public static func resolve(start: Date?, end: Date?, now: Date) throws(DomainError) -> ClosedRange<Date> {
        switch (start, end) {
        case (nil, nil): return now.addingTimeInterval(-maxSpan)...now
        case (let start?, nil): return start...start.addingTimeInterval(maxSpan)
        case (nil, let end?): return end.addingTimeInterval(-maxSpan)...end
        case (let start?, let end?):
            guard start <= end else { throw .invalid("start_date", "must not be after end_date") }
            guard end.timeIntervalSince(start) <= maxSpan else {
                throw .invalid("end_date", "may not be more than 90 days after start_date")
            }
            return start...end
        }
    }

    /// `page` from 1, `page_size` 1–1,000 (1,000 when absent).
    public static func page(_ page: Int?, size: Int?) throws(DomainError) -> (offset: Int, limit: Int) {
        var v = FieldValidator()
        v.range(page, "page", 1...100_000)
        v.range(size, "page_size", 1...maxPageSize)
        try v.check()
        let limit = size ?? maxPageSize
        return ((page ?? 1) * limit - limit, limit)
    }
}
