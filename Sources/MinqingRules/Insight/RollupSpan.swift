import Foundation

/// How a period is read from a rollup of fixed UTC buckets (a day, an hour): the whole buckets inside it
/// from the rollup, the partial buckets at its two edges from the rows themselves. Exact for any period.
public struct RollupSpan: Sendable, Equatable {
    /// The whole buckets, `[first bucket's start, last bucket's end)`; nil when the period holds none.
    public var whole: Range<Date>?
    /// The parts of the period outside `whole` (none, one or two), read row by row.
    public var edges: [Range<Date>]

    public static let day: TimeInterval = 86_400
    public static let hour: TimeInterval = 3_600

    public init(whole: Range<Date>?, edges: [Range<Date>]) { (self.whole, self.edges) = (whole, edges) }

    /// Buckets are multiples of `bucket` seconds since 1970 (UTC days and hours).
    public init(_ period: Range<Date>, bucket: TimeInterval) {
        let from = period.lowerBound.timeIntervalSince1970, to = period.upperBound.timeIntervalSince1970
        let first = (from / bucket).rounded(.up) * bucket, last = (to / bucket).rounded(.down) * bucket
        guard first < last else {
            (whole, edges) = (nil, period.isEmpty ? [] : [period])
            return
        }
        let inside = Date(timeIntervalSince1970: first)..<Date(timeIntervalSince1970: last)
        whole = inside
        edges = [period.lowerBound..<inside.lowerBound, inside.upperBound..<period.upperBound].filter { !$0.isEmpty }
    }
}
