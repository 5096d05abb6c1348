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

    /// Rows `(term, n, items)` that sum to each term's occurrences and items in the period: whole days from
    /// the rollup and its deltas (`r`, under `rollupCondition`), the edges from `item_terms t` (under
    /// `rowCondition`); without `rollup` (a filter the rollup does not keep), the whole period from the rows.
    static func termRows(
        _ period: Range<Date>, rollup: Bool, rollupCondition: String, rowCondition: String, _ q: inout QueryBuilder
    ) -> String {
        let span = rollup ? RollupSpan(period, bucket: RollupSpan.day) : RollupSpan(whole: nil, edges: period.isEmpty ? [] : [period])
        return union(
            span, rollup: "term_rollup",
            whole: { lo, hi, table in
                "SELECT r.term, r.occurrences, r.items FROM \(table) r WHERE r.bucket >= \(lo) AND r.bucket < \(hi) AND \(rollupCondition)"
            },
            edge: { lo, hi in
                "SELECT t.term, t.occurrences, 1 FROM item_terms t WHERE t.filed_at >= \(lo) AND t.filed_at < \(hi) AND \(rowCondition)"
            },
            none: "SELECT NULL::text, 0, 0 WHERE false", &q)
    }

    /// Rows `(category, filed, closed, direct)` that sum to the submissions filed in the period in the
    /// subtree of `region` (where they were filed), those closed in it there (where they are handled now,
    /// still closed) and the filed ones that came through a code.
    static func submissionRows(_ period: Range<Date>, region: UUID, _ q: inout QueryBuilder) -> String {
        let tree = q.bind(region), code = q.bind(Channel.code.rawValue), closed = q.bind(SubmissionStatus.closed.rawValue)
        return union(
            RollupSpan(period, bucket: RollupSpan.day), rollup: "submission_rollup",
            whole: { lo, hi, table in
                """
                SELECT r.category, CASE WHEN r.kind = 'filed' THEN r.n ELSE 0 END, CASE WHEN r.kind = 'closed' THEN r.n ELSE 0 END,
                       CASE WHEN r.kind = 'filed' AND r.channel = \(code) THEN r.n ELSE 0 END
                FROM \(table) r
                WHERE r.kind IN ('filed', 'closed') AND r.bucket >= \(lo) AND r.bucket < \(hi) AND \(RegionStore.subtree("r.region_id", of: tree))
                """
            },
            edge: { lo, hi in
                """
                SELECT s.category, 1, 0, (s.channel = \(code))::int FROM submissions s
                WHERE s.created_at >= \(lo) AND s.created_at < \(hi) AND \(RegionStore.subtree("s.origin_region_id", of: tree))
                UNION ALL
                SELECT s.category, 0, 1, 0 FROM submissions s
                WHERE s.status = \(closed) AND s.closed_at >= \(lo) AND s.closed_at < \(hi) AND \(RegionStore.subtree("s.region_id", of: tree))
                """
            },
            none: "SELECT NULL::text, 0, 0, 0 WHERE false", &q)
    }

    /// Rows `(at, n)` that sum to the submissions filed in the period in the subtree of `region`, `at` an
    /// instant of the hour they were filed in (the weekly series groups them by local week).
    static func filedHourRows(_ period: Range<Date>, region: UUID, _ q: inout QueryBuilder) -> String {
        let tree = q.bind(region)
        return union(
            RollupSpan(period, bucket: RollupSpan.hour), rollup: "submission_rollup",
            whole: { lo, hi, table in
                """
                SELECT r.bucket, r.n FROM \(table) r
                WHERE r.kind = 'filed_hour' AND r.bucket >= \(lo) AND r.bucket < \(hi) AND \(RegionStore.subtree("r.region_id", of: tree))
                """
            },
            edge: { lo, hi in
                """
                SELECT s.created_at, 1 FROM submissions s
                WHERE s.created_at >= \(lo) AND s.created_at < \(hi) AND \(RegionStore.subtree("s.origin_region_id", of: tree))
                """
            },
            none: "SELECT NULL::timestamptz, 0 WHERE false", &q)
    }

    /// A period's parts as one `UNION ALL`: `whole` over the rollup table and its deltas for the whole buckets,
    /// `edge` over the rows for each partial bucket (each given its bound bounds); `none` for an empty period.
    private static func union(
        _ span: RollupSpan, rollup table: String, whole: (String, String, String) -> String, edge: (String, String) -> String,
        none: String, _ q: inout QueryBuilder
    ) -> String {
        var parts: [String] = []
        if let buckets = span.whole {
            let (lo, hi) = (q.bind(buckets.lowerBound), q.bind(buckets.upperBound))
            parts += [table, table + "_deltas"].map { whole(lo, hi, $0) }
        }
        for range in span.edges { parts.append(edge(q.bind(range.lowerBound), q.bind(range.upperBound))) }
        return parts.isEmpty ? none : parts.joined(separator: "\nUNION ALL\n")
    }
}
