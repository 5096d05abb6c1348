import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// Congress sessions in PostgreSQL.
public struct SessionStore: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    static let columns = "id, region_id, name, opens_on::text, closes_on::text, created_at, updated_at"

    public func find(_ id: UUID) async throws -> CongressSession? {
        try await database.query("SELECT \(unescaped: Self.columns) FROM congress_sessions WHERE id = \(id)", logger: logger)
            .first.map(Self.decode)
    }

    /// Newest first.
    static let order = Keyset.creation(newestFirst: true)

    public func list(region: RegionFilter?, page: PageRequest) async throws -> Page<CongressSession> {
        var builder = QueryBuilder("SELECT \(Self.columns), \(Self.order.columns) FROM congress_sessions")
        builder.region(region, column: "region_id")
        let suffix = try builder.page(page, Self.order)
        let rows = try await database.query(builder.query(suffix: suffix), logger: logger)
        return try Page(rows: rows, limit: page.limit, keyset: Self.order, decode: Self.decode)
    }

    /// A session of a region within `scope` (staff: their subtree); a name is unique within its region.
    public func create(_ input: SessionChanges, within scope: AccessScope, now: Date) async throws -> CongressSession {
        try await database.withTransaction(logger: logger) { connection in
            try await RegionPlacement.require(input.regionID, within: scope, on: connection, logger: logger)
            do {
                let rows = try await connection.query(
                    """
                    INSERT INTO congress_sessions (region_id, name, opens_on, closes_on, created_at, updated_at)
                    VALUES (\(input.regionID), \(input.name ?? ""), \(input.opensOn ?? "")::date, \(input.closesOn ?? "")::date, \(now), \(now))
                    RETURNING \(unescaped: Self.columns)
                    """,
                    logger: logger
                ).collect()
                return try Self.decode(rows[0])
            } catch let error as PSQLError where error.isUniqueViolation {
                throw DomainError.invalid("name", "is already the name of a session of this region")
            }
        }
    }

    /// Renames or re-dates a session (its region stays: suggestions are numbered within it).
    public func update(_ id: UUID, _ changes: SessionChanges, now: Date) async throws -> CongressSession {
        try await database.withTransaction(logger: logger) { connection in
            let current = try await connection.query(
                "SELECT opens_on::text, closes_on::text FROM congress_sessions WHERE id = \(id) FOR UPDATE", logger: logger
            ).collect()
            guard let (opens, closes) = try current.first?.decode((String, String).self) else {
                throw DomainError.notFound("Session \(id)")
            }
            if (changes.closesOn ?? closes) < (changes.opensOn ?? opens) {
                throw DomainError.invalid("closes_on", "must not be before opens_on")
            }
            do {
                let rows = try await connection.query(
                    """
                    UPDATE congress_sessions SET name = coalesce(\(changes.name), name),
                        opens_on = coalesce(\(changes.opensOn)::date, opens_on), closes_on = coalesce(\(changes.closesOn)::date, closes_on),
                        updated_at = \(now)
                    WHERE id = \(id) RETURNING \(unescaped: Self.columns)
                    """,
                    logger: logger
                ).collect()
                return try Self.decode(rows[0])
            } catch let error as PSQLError where error.isUniqueViolation {
                throw DomainError.invalid("name", "is already the name of a session of this region")
            }
        }
    }

    /// Writes the session's handling report as it stands now: version 1, then each further one a new
    /// version with its reason (the report's history stays readable, like every report's).
    public func writeReport(_ id: UUID, reason: String?, now: Date) async throws {
        try await database.withTransaction(logger: logger) { connection in
            let rows = try await connection.query(
                "SELECT \(unescaped: Self.columns) FROM congress_sessions WHERE id = \(id) FOR UPDATE", logger: logger
            ).collect()
            guard let session = try rows.first.map(Self.decode) else { throw DomainError.notFound("Session \(id)") }
            let report = try await SessionReport.build(session, now: now, on: connection, logger: logger)
            let period = id.uuidString.lowercased()
            if try await ReportStore.writeFirst(report, region: session.regionID, period: period, now: now, on: connection, logger: logger)
            {
                return
            }
            _ = try await ReportStore.writeCorrection(
                report, region: session.regionID, period: period, reason: reason ?? "重新生成", now: now, on: connection, logger: logger)
        }
    }

    static func decode(_ row: PostgresRow) throws -> CongressSession {
        let r = row.makeRandomAccess()
        return CongressSession(
            id: try r.value("id"), regionID: try r.value("region_id"), name: try r.value("name"), opensOn: try r.value("opens_on"),
            closesOn: try r.value("closes_on"), createdAt: try r.value("created_at"), updatedAt: try r.value("updated_at"))
    }
}
