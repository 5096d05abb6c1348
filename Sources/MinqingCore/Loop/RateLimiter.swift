import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// Fixed one-minute windows counted in PostgreSQL, so every API replica shares the limit.
///
/// The count is its own statement, before and outside the filing's transaction, so a code's counter row is
/// locked for one statement, not for a whole filing; and it commits without waiting for the WAL flush
/// (`synchronous_commit = off` for that transaction only), so filings under one code do not queue behind
/// each other's fsync. A crash of PostgreSQL may forget the last fraction of a second of counts.
public struct RateLimiter: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Counts one hit on each bucket; throws `rateLimited` when any is over its limit (0 = unlimited).
    public func hit(_ buckets: [(name: String, limit: Int)], now: Date) async throws {
        guard buckets.contains(where: { $0.limit > 0 }) else { return }
        try await database.withConnection { try await hit(buckets, now: now, on: $0) }
    }

    /// The same on a connection the caller holds; it must not be inside a transaction (the count commits
    /// on its own).
    public func hit(_ buckets: [(name: String, limit: Int)], now: Date, on connection: PostgresConnection) async throws {
        let active = buckets.filter { $0.limit > 0 }
        guard !active.isEmpty else { return }
        let window = Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 60).rounded(.down) * 60)
        let rows = try await connection.query(
            """
            INSERT INTO rate_counters (bucket, window_start, hits)
            SELECT b, \(window), 1
            FROM unnest(\(active.map(\.name))::text[]) AS b, (SELECT set_config('synchronous_commit', 'off', true)) AS async
            ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_counters.hits + 1
            RETURNING bucket, hits
            """,
            logger: logger
        ).collect()
        for row in rows {
            let (bucket, hits) = try row.decode((String, Int).self)
            if let limit = active.first(where: { $0.name == bucket })?.limit, hits > limit {
                let retryAfter = max(1, Int(window.addingTimeInterval(60).timeIntervalSince(now).rounded(.up)))
                throw DomainError.rateLimited(retryAfter: retryAfter, detail: "Too many submissions; try again in \(retryAfter) seconds.")
            }
        }
    }
}
