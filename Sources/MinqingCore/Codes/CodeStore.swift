import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// Codes and their scan counters in PostgreSQL.
public struct CodeStore: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    static let columns = "code, kind, status, target_id, representative_id, station_id, created_at, revoked_at, activity_id"

    /// Issues a new code for a representative, station or activity, revoking the target's previous active
    /// code of the same kind in the same transaction (the partial unique index makes a race fail instead of
    /// doubling): each activity has its own live code, so several activities at one station each have one.
    /// An activity code files into the activity's station; an activity without a station, or finished, has
    /// none. A target outside `scope` (staff of another region) is refused like an unknown one.
    public func issue(kind: Code.Kind, targetID: UUID, within scope: AccessScope = .everything, now: Date) async throws -> Code {
        try await database.withTransaction(logger: logger) { connection in
            let stationID: UUID
            var representativeID: UUID?
            var activityID: UUID?
            switch kind {
            case .representative:
                let rows = try await connection.query(
                    "SELECT home_station_id FROM representatives WHERE id = \(targetID) FOR UPDATE", logger: logger
                ).collect()
                guard let row = rows.first else {
                    throw DomainError.invalid("target_id", "does not refer to an existing representative")
                }
                stationID = try row.decode(UUID.self)
                representativeID = targetID
            case .station:
                let rows = try await connection.query(
                    "SELECT id FROM stations WHERE id = \(targetID) FOR UPDATE", logger: logger
                ).collect()
                guard !rows.isEmpty else { throw DomainError.invalid("target_id", "does not refer to an existing station") }
                stationID = targetID
            case .activity:
                let rows = try await connection.query(
                    "SELECT station_id, status, r.path FROM activities v JOIN regions r ON r.id = v.region_id WHERE v.id = \(targetID) FOR UPDATE OF v",
                    logger: logger
                ).collect()
                guard let (station, status, path) = try rows.first?.decode((UUID?, String, [UUID]).self), scope.reaches(regionPath: path)
                else { throw DomainError.invalid("target_id", "does not refer to an existing activity") }
                guard let station else {
                    throw DomainError.invalid("target_id", "is an activity without a station: its code files into a station")
                }
                if ActivityStatus(rawValue: status)?.isFinished ?? true {
                    throw DomainError.invalid("target_id", "is an activity that is \(status): it takes no more input")
                }
                stationID = station
                activityID = targetID
            }
            // an activity's station lies in the activity's region, whose reach was checked above
            if scope.region != nil, kind != .activity {
                let rows = try await connection.query(
                    "SELECT r.path FROM stations s JOIN regions r ON r.id = s.region_id WHERE s.id = \(stationID)", logger: logger
                ).collect()
                guard scope.reaches(regionPath: try rows.first?.decode([UUID].self)) else {
                    throw DomainError.invalid(
                        "target_id", "does not refer to an existing \(kind == .representative ? "representative" : "station")")
                }
            }
            try await connection.query(
                """
                UPDATE codes SET status = \(Code.Status.revoked.rawValue), revoked_at = \(now)
                WHERE kind = \(kind.rawValue) AND target_id = \(targetID) AND status = \(Code.Status.active.rawValue)
                """,
                logger: logger
            )
            let rows = try await connection.query(
                """
                INSERT INTO codes (code, kind, target_id, representative_id, station_id, activity_id, created_at)
                VALUES (\(SecretToken.code()), \(kind.rawValue), \(targetID), \(representativeID), \(stationID), \(activityID), \(now))
                RETURNING \(unescaped: Self.columns)
                """,
                logger: logger
            ).collect()
            return try Self.decode(rows[0])
        }
    }

    public func find(_ code: String) async throws -> Code? {
        try await database.query("SELECT \(unescaped: Self.columns) FROM codes WHERE code = \(code)", logger: logger)
            .first.map(Self.decode)
    }

    public func list(targetID: UUID) async throws -> [Code] {
        try await database.query(
            "SELECT \(unescaped: Self.columns) FROM codes WHERE target_id = \(targetID) ORDER BY created_at DESC, code",
            logger: logger
        ).map(Self.decode)
    }

    /// Revokes a code; revoking a revoked code changes nothing.
    public func revoke(_ code: String, now: Date) async throws -> Code {
        let rows = try await database.write(
            """
            UPDATE codes SET status = \(Code.Status.revoked.rawValue), revoked_at = COALESCE(revoked_at, \(now))
            WHERE code = \(code)
            RETURNING \(unescaped: Self.columns)
            """,
            logger: logger
        )
        guard let row = rows.first else { throw DomainError.notFound("Code \(code)") }
        return try Self.decode(row)
    }

    /// Adds counted scans (a ``ScanTally`` batch) to the daily counters in one statement.
    public func addScans(_ batch: [ScanTally.Key: Int]) async throws {
        let entries = batch.sorted { ($0.key.code, $0.key.day) < ($1.key.code, $1.key.day) }  // one lock order for all replicas
        try await database.query(
            """
            INSERT INTO code_scans (code, day, scans)
            SELECT code, day::date, scans
            FROM unnest(\(entries.map(\.key.code))::text[], \(entries.map(\.key.day))::text[], \(entries.map(\.value))::int[])
                AS batch (code, day, scans)
            ON CONFLICT (code, day) DO UPDATE SET scans = code_scans.scans + EXCLUDED.scans
            """,
            logger: logger
        )
    }

    public func stats(_ code: String) async throws -> CodeScanStats {
        let rows = try await database.query(
            "SELECT day::text, scans FROM code_scans WHERE code = \(code) ORDER BY day", logger: logger
        )
        let days = try rows.map { try $0.decode((String, Int).self) }.map { (date: $0.0, scans: $0.1) }
        return CodeScanStats(total: days.map(\.scans).reduce(0, +), days: days)
    }

    static func decode(_ row: PostgresRow) throws -> Code {
        let r = row.makeRandomAccess()
        return Code(
            code: try r.value("code"), kind: Code.Kind(rawValue: try r.value("kind")) ?? .station,
            status: Code.Status(rawValue: try r.value("status")) ?? .revoked,
            targetID: try r.value("target_id"), representativeID: try r.value("representative_id"),
            stationID: try r.value("station_id"), createdAt: try r.value("created_at"), revokedAt: try r.value("revoked_at"),
            activityID: try r.value("activity_id")
        )
    }
}
