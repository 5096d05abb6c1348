import Foundation
import MinqingRules
import Testing

@Suite struct RollupSpanTests {
    func date(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

    @Test func aPeriodIsItsWholeBucketsAndItsTwoEdges() {
        // a local (UTC+8) month: from 16:00 UTC on the last day before to 16:00 UTC on the month's last day
        let month = date("2026-10-31T16:00:00Z")..<date("2026-11-30T16:00:00Z")
        let span = RollupSpan(month, bucket: RollupSpan.day)
        #expect(span.whole == date("2026-11-01T00:00:00Z")..<date("2026-11-30T00:00:00Z"))
        #expect(
            span.edges == [
                date("2026-10-31T16:00:00Z")..<date("2026-11-01T00:00:00Z"), date("2026-11-30T00:00:00Z")..<date("2026-11-30T16:00:00Z"),
            ])
        // aligned: no edges; within one bucket: all edge; empty: nothing
        let aligned = date("2026-11-01T00:00:00Z")..<date("2026-11-03T00:00:00Z")
        #expect(RollupSpan(aligned, bucket: RollupSpan.day) == RollupSpan(whole: aligned, edges: []))
        let short = date("2026-11-01T01:00:00Z")..<date("2026-11-01T23:00:00Z")
        #expect(RollupSpan(short, bucket: RollupSpan.day) == RollupSpan(whole: nil, edges: [short]))
        #expect(RollupSpan(short, bucket: RollupSpan.hour).whole == date("2026-11-01T01:00:00Z")..<date("2026-11-01T23:00:00Z"))
        let empty = date("2026-11-01T01:00:00Z")..<date("2026-11-01T01:00:00Z")
        #expect(RollupSpan(empty, bucket: RollupSpan.day) == RollupSpan(whole: nil, edges: []))
        // the parts cover the period exactly once
        let odd = date("2026-11-01T07:30:00Z")..<date("2026-11-09T03:15:00Z")
        let parts = RollupSpan(odd, bucket: RollupSpan.day)
        let covered = ([parts.whole].compactMap { $0 } + parts.edges).map { $0.upperBound.timeIntervalSince($0.lowerBound) }.reduce(0, +)
        #expect(covered == odd.upperBound.timeIntervalSince(odd.lowerBound))
    }
}
