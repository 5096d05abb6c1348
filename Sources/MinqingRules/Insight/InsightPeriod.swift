import Foundation

/// The period an insight figure covers (hot words, the dashboard): [from, to), by default the 30 days up
/// to now; `from` before `to`, at most 366 days; a limit of 1–200.
public enum InsightPeriod {
    public static let defaultDays = 30
    public static let maxDays = 366

    public static func resolve(from: Date?, to: Date?, now: Date) throws(DomainError) -> Range<Date> {
        let end = to ?? now
        let start = from ?? end.addingTimeInterval(-Double(defaultDays) * 86_400)
        guard start < end else { throw .invalid("from", "must be before to") }
        guard end.timeIntervalSince(start) <= Double(maxDays) * 86_400 else {
            throw .invalid("to", "must be at most \(maxDays) days after from")
        }
        return start..<end
    }

    public static func limit(_ given: Int?, default fallback: Int = 20) throws(DomainError) -> Int {
        var v = FieldValidator()
        v.range(given, "limit", 1...200)
        try v.check()
        return given ?? fallback
    }
}
