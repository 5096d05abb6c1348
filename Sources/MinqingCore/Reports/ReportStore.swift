import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// Immutable report snapshots, one series per kind, region and period: a job writes version 1 once (a re-run
/// changes nothing); a correction is a new version with a reason, and every earlier version stays readable.
public struct ReportStore: Sendable {
    public enum Kind: String, Sendable, CaseIterable { case monthly, quarterly, annual, session, ranking, digest }

    public struct Snapshot<Content: ReportData>: Sendable {
        /// The region whose departments the report ranks.
        public let regionID: UUID
        public let regionName: String
        public let periodKey: String
        public let version: Int
        /// The newest version of the period (greater than `version` when a correction followed).
        public let newestVersion: Int
        public let reason: String?
        public var data: Content
        public let createdAt: Date
        public let publishedAt: Date?

        public var kind: Kind { Content.kind }
    }

    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Writes the first snapshot of a period; false when one exists already (it is left untouched).
    @discardableResult
    public static func writeFirst<Content: ReportData>(
        _ data: Content, region: UUID, period: String, now: Date, on connection: PostgresConnection, logger: Logger
    ) async throws -> Bool {
        let json = try data.json()
        return try await !connection.query(
            """
            INSERT INTO reports (kind, region_id, period_key, version, data, created_at)
            VALUES (\(Content.kind.rawValue), \(region), \(period), 1, \(json)::jsonb, \(now))
            ON CONFLICT (kind, region_id, period_key, version) DO NOTHING RETURNING 1
            """,
            logger: logger
        ).collect().isEmpty
    }

    /// Writes the next version of a period's report with the reason for the correction, and returns its
    /// number. A period that has no report yet has nothing to correct (404). Concurrent corrections queue on
    /// the first version's row, and each reads the newest version only once it holds that lock, so each gets
    /// its own number.
    public static func writeCorrection<Content: ReportData>(
        _ data: Content, region: UUID, period: String, reason: String, now: Date, on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Int {
        let first = try await connection.query(
            """
            SELECT 1 FROM reports WHERE kind = \(Content.kind.rawValue) AND region_id = \(region) AND period_key = \(period)
              AND version = 1 FOR UPDATE
            """,
            logger: logger
        ).collect()
        guard !first.isEmpty else { throw DomainError.notFound("\(Content.kind.rawValue.capitalized) report \(period)") }
        let json = try data.json()
        return try await connection.query(
            """
            INSERT INTO reports (kind, region_id, period_key, version, reason, data, created_at)
            SELECT \(Content.kind.rawValue), \(region), \(period), max(version) + 1, \(reason), \(json)::jsonb, \(now)
            FROM reports WHERE kind = \(Content.kind.rawValue) AND region_id = \(region) AND period_key = \(period)
            RETURNING version
            """,
            logger: logger
        ).collect()[0].decode(Int.self)
    }

    /// A region's report of a period: the given version, or the newest; with `publishedOnly`, the newest
    /// published one.
    public func snapshot<Content: ReportData>(
        _ type: Content.Type, region: UUID, period: String, version: Int? = nil, publishedOnly: Bool = false
    ) async throws -> Snapshot<Content>? {
        let rows = try await database.query(
            """
            SELECT version, reason, data::text, p.created_at, published_at, g.name,
                   (SELECT max(version) FROM reports
                    WHERE kind = \(Content.kind.rawValue) AND region_id = \(region) AND period_key = \(period))
            FROM reports p JOIN regions g ON g.id = p.region_id
            WHERE kind = \(Content.kind.rawValue) AND region_id = \(region) AND period_key = \(period)
              AND (\(version)::int IS NULL OR version = \(version)) AND (NOT \(publishedOnly) OR published_at IS NOT NULL)
            ORDER BY version DESC LIMIT 1
            """,
            logger: logger
        )
        guard let row = rows.first else { return nil }
        let (version, reason, text, created, published, name, newest) =
            try row.decode((Int, String?, String, Date, Date?, String, Int).self)
        return Snapshot(
            regionID: region, regionName: name, periodKey: period, version: version, newestVersion: newest, reason: reason,
            data: try Content.decode(json: text),
            createdAt: created, publishedAt: published)
    }

    /// Publishes the newest version of a region's period (idempotent); nil when there is no report yet. The call that
    /// publishes it (one, however many race) runs `firstPublished` with the report in the same transaction,
    /// so what follows from publishing happens exactly once per version.
    public func publish<Content: ReportData>(
        _ type: Content.Type, region: UUID, period: String, now: Date,
        firstPublished: @Sendable (Content, PostgresConnection) async throws -> Void = { _, _ in }
    ) async throws -> Snapshot<Content>? {
        try await database.withTransaction(logger: logger) { connection in
            let rows = try await connection.query(
                """
                UPDATE reports SET published_at = \(now)
                WHERE kind = \(Content.kind.rawValue) AND region_id = \(region) AND period_key = \(period) AND published_at IS NULL
                  AND version = (
                      SELECT max(version) FROM reports
                      WHERE kind = \(Content.kind.rawValue) AND region_id = \(region) AND period_key = \(period))
                RETURNING data::text
                """,
                logger: logger
            ).collect()
            if let row = rows.first {
                try await firstPublished(try Content.decode(json: try row.decode(String.self)), connection)
            }
        }
        return try await snapshot(type, region: region, period: period)
    }
}
