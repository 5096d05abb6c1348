import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// The insight rollups (migration 0026): per UTC day (and hour) and region, the terms' items and the
/// submissions filed and closed, kept exact by the deltas the triggers append. A period's read sums the
/// rollup and the deltas of its whole buckets and reads the rows of its edges (``RollupSpan``), so a year
/// costs a few thousand rollup rows instead of millions of items.
public enum Rollups {
    /// Folds the deltas into the rollups (the worker's `rollup_compaction`, and `index-terms` when done),
    /// each table in one statement, and drops the rows that came to nothing. Returns the deltas folded.
    @discardableResult
    public static func compact(on connection: PostgresConnection, logger: Logger) async throws -> Int {
        let terms = try await connection.query(
            """
            WITH moved AS (DELETE FROM term_rollup_deltas RETURNING bucket, region_id, term, items, occurrences),
            folded AS (
                INSERT INTO term_rollup AS r (bucket, region_id, term, items, occurrences)
                SELECT bucket, region_id, term, sum(items), sum(occurrences) FROM moved GROUP BY 1, 2, 3
                ON CONFLICT (region_id, bucket, term)
                DO UPDATE SET items = r.items + EXCLUDED.items, occurrences = r.occurrences + EXCLUDED.occurrences
                RETURNING 1)
            SELECT (SELECT count(*) FROM moved)::int, (SELECT count(*) FROM folded)::int
            """,
            logger: logger
        ).collect()[0].decode((Int, Int).self).0
        let submissions = try await connection.query(
            """
            WITH moved AS (DELETE FROM submission_rollup_deltas RETURNING kind, bucket, region_id, category, channel, n),
            folded AS (
                INSERT INTO submission_rollup AS r (kind, bucket, region_id, category, channel, n)
                SELECT kind, bucket, region_id, category, channel, sum(n) FROM moved GROUP BY 1, 2, 3, 4, 5
                ON CONFLICT (region_id, kind, bucket, category, channel) DO UPDATE SET n = r.n + EXCLUDED.n
                RETURNING 1)
            SELECT (SELECT count(*) FROM moved)::int, (SELECT count(*) FROM folded)::int
            """,
            logger: logger
        ).collect()[0].decode((Int, Int).self).0
        try await connection.query("DELETE FROM term_rollup WHERE items = 0 AND occurrences = 0", logger: logger)
        try await connection.query("DELETE FROM submission_rollup WHERE n = 0", logger: logger)
        return terms + submissions
    }

    /// Rows `(term, n, items)` that sum to each term's occurrences and items in the period within `regions`
    /// (a condition on a region column): whole days from the rollup and its deltas, the edges from
    /// `item_terms t` under `edgeCondition`.
    static func termRows(_ period: Range<Date>, regions: (String) -> String, edgeCondition: String, _ q: inout QueryBuilder) -> String {
        let span = RollupSpan(period, bucket: RollupSpan.day)
        var parts: [String] = []
        if let whole = span.whole {
            let (lo, hi) = (q.bind(whole.lowerBound), q.bind(whole.upperBound))
            for table in ["term_rollup", "term_rollup_deltas"] {
                parts.append(
                    "SELECT r.term, r.occurrences AS n, r.items FROM \(table) r WHERE r.bucket >= \(lo) AND r.bucket < \(hi) AND \(regions("r.region_id"))"
                )
            }
        }
        for edge in span.edges {
            parts.append(
                """
                SELECT t.term, t.occurrences, 1 FROM item_terms t
                WHERE t.filed_at >= \(q.bind(edge.lowerBound)) AND t.filed_at < \(q.bind(edge.upperBound)) AND \(edgeCondition)
                """)
        }
        return parts.isEmpty ? "SELECT NULL::text AS term, 0 AS n, 0 AS items WHERE false" : parts.joined(separator: "\nUNION ALL\n")
    }

    /// Rows `(category, filed, closed, direct)` that sum to the submissions filed in the period in the
    /// subtree of `region` (where they were filed), those closed in it there (where they are handled now,
    /// still closed) and the filed ones that came through a code.
    static func submissionRows(_ period: Range<Date>, region: UUID, _ q: inout QueryBuilder) -> String {
        let span = RollupSpan(period, bucket: RollupSpan.day)
        let tree = q.bind(region), code = q.bind(Channel.code.rawValue)
        var parts: [String] = []
        if let whole = span.whole {
            let (lo, hi) = (q.bind(whole.lowerBound), q.bind(whole.upperBound))
            for table in ["submission_rollup", "submission_rollup_deltas"] {
                parts.append(
                    """
                    SELECT r.category, CASE WHEN r.kind = 'filed' THEN r.n ELSE 0 END, CASE WHEN r.kind = 'closed' THEN r.n ELSE 0 END,
                           CASE WHEN r.kind = 'filed' AND r.channel = \(code) THEN r.n ELSE 0 END
                    FROM \(table) r
                    WHERE r.kind IN ('filed', 'closed') AND r.bucket >= \(lo) AND r.bucket < \(hi) AND \(RegionStore.subtree("r.region_id", of: tree))
                    """)
            }
        }
        let closed = q.bind(SubmissionStatus.closed.rawValue)
        for edge in span.edges {
            let (lo, hi) = (q.bind(edge.lowerBound), q.bind(edge.upperBound))
            parts.append(
                """
                SELECT s.category, 1, 0, (s.channel = \(code))::int FROM submissions s
                WHERE s.created_at >= \(lo) AND s.created_at < \(hi) AND \(RegionStore.subtree("s.origin_region_id", of: tree))
                UNION ALL
                SELECT s.category, 0, 1, 0 FROM submissions s
                WHERE s.status = \(closed) AND s.closed_at >= \(lo) AND s.closed_at < \(hi) AND \(RegionStore.subtree("s.region_id", of: tree))
                """)
        }
        return parts.isEmpty ? "SELECT NULL::text, 0, 0, 0 WHERE false" : parts.joined(separator: "\nUNION ALL\n")
    }

    /// Rows `(at, n)` that sum to the submissions filed in the period in the subtree of `region`, `at` an
    /// instant of the hour they were filed in (the weekly series groups them by local week).
    static func filedHourRows(_ period: Range<Date>, region: UUID, _ q: inout QueryBuilder) -> String {
        let span = RollupSpan(period, bucket: RollupSpan.hour)
        let tree = q.bind(region)
        var parts: [String] = []
        if let whole = span.whole {
            let (lo, hi) = (q.bind(whole.lowerBound), q.bind(whole.upperBound))
            for table in ["submission_rollup", "submission_rollup_deltas"] {
                parts.append(
                    """
                    SELECT r.bucket, r.n FROM \(table) r
                    WHERE r.kind = 'filed_hour' AND r.bucket >= \(lo) AND r.bucket < \(hi) AND \(RegionStore.subtree("r.region_id", of: tree))
                    """)
            }
        }
        for edge in span.edges {
            parts.append(
                """
                SELECT s.created_at, 1 FROM submissions s
                WHERE s.created_at >= \(q.bind(edge.lowerBound)) AND s.created_at < \(q.bind(edge.upperBound))
                  AND \(RegionStore.subtree("s.origin_region_id", of: tree))
                """)
        }
        return parts.isEmpty ? "SELECT NULL::timestamptz, 0 WHERE false" : parts.joined(separator: "\nUNION ALL\n")
    }
}
