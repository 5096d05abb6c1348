import Foundation
import Logging
import PostgresNIO

/// Immutable report snapshots: a job writes version 1 once (a re-run changes nothing); a correction is a
/// new version with a reason.
public struct ReportStore: Sendable {
    public enum Kind: String, Sendable { case monthly, quarterly, annual }

    public struct Snapshot: Sendable {
        public let kind: Kind
        public let periodKey: String
        public let version: Int
        public let reason: String?
        public let data: JSONValue
        public let createdAt: Date
        public let publishedAt: Date?
    }

    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Writes the first snapshot of a period; false when one exists already (it is left untouched).
    @discardableResult
    public static func writeFirst(_ kind: Kind, period: String, data: JSONValue, now: Date,
                                  on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let json = data.text
        return try await !connection.query(
            """
            INSERT INTO reports (kind, period_key, version, data, created_at) VALUES (\(kind.rawValue), \(period), 1, \(json)::jsonb, \(now))
            ON CONFLICT (kind, period_key, version) DO NOTHING RETURNING 1
            """,
            logger: logger
        ).collect().isEmpty
    }

    /// The newest version of a period's report.
    public func latest(_ kind: Kind, period: String) async throws -> Snapshot? {
        let rows = try await database.query(
            """
            SELECT version, reason, data::text, created_at, published_at FROM reports
            WHERE kind = \(kind.rawValue) AND period_key = \(period) ORDER BY version DESC LIMIT 1
            """,
            logger: logger
        )
        guard let row = rows.first else { return nil }
        let (version, reason, text, created, published) = try row.decode((Int, String?, String, Date, Date?).self)
        return Snapshot(kind: kind, periodKey: period, version: version, reason: reason,
                        data: try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)), createdAt: created, publishedAt: published)
    }

    /// Publishes the newest version of a period (idempotent); nil when there is no report yet. The call that
    /// publishes it (one, however many race) runs `firstPublished` with the report's data in the same
    /// transaction, so what follows from publishing happens exactly once.
    public func publish(
        _ kind: Kind, period: String, now: Date,
        firstPublished: @Sendable (JSONValue, PostgresConnection) async throws -> Void = { _, _ in }
    ) async throws -> Snapshot? {
        try await database.withTransaction(logger: logger) { connection in
            let rows = try await connection.query(
                """
                UPDATE reports SET published_at = \(now)
                WHERE kind = \(kind.rawValue) AND period_key = \(period) AND published_at IS NULL
                  AND version = (SELECT max(version) FROM reports WHERE kind = \(kind.rawValue) AND period_key = \(period))
                RETURNING data::text
                """,
                logger: logger
            ).collect()
            if let row = rows.first {
                try await firstPublished(try JSONDecoder().decode(JSONValue.self, from: Data(try row.decode(String.self).utf8)), connection)
            }
        }
        return try await latest(kind, period: period)
    }
}
