import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// Observers in PostgreSQL.
public struct ObserverStore: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    static let columns = "id, name, role_text, representative_id, station_id, active, created_at, updated_at"

    public func find(_ id: UUID) async throws -> Observer? {
        try await database.query("SELECT \(unescaped: Self.columns) FROM observers WHERE id = \(id)", logger: logger)
            .first.map(Self.decode)
    }

    /// The order of `list`: oldest first.
    static let order = Keyset.creation()

    public func list(_ filter: ObserverFilter, scope: AccessScope, page: PageRequest) async throws -> Page<Observer> {
        var builder = QueryBuilder("SELECT \(Self.columns), \(Self.order.columns) FROM observers")
        builder.filter(filter.representativeID) { "representative_id = \($0)" }
        builder.filter(filter.stationID) { "station_id = \($0)" }
        builder.filter(filter.active) { "active = \($0)" }
        scope.restrictObservers(&builder)
        let suffix = try builder.page(page, Self.order)
        let rows = try await database.query(builder.query(suffix: suffix), logger: logger)
        return try Page(rows: rows, limit: page.limit, keyset: Self.order, decode: Self.decode)
    }

    /// Creates an observer at a station within `scope` (staff: their region's subtree).
    public func create(_ input: ObserverChanges, within scope: AccessScope = .everything, now: Date) async throws -> Observer {
        try await database.withTransaction(logger: logger) { connection in
            try await requireReferences(input, within: scope, on: connection)
            let rows = try await connection.query(
                """
                INSERT INTO observers (name, role_text, representative_id, station_id, active, created_at, updated_at)
                VALUES (\(input.name ?? ""), \(input.roleText), \(input.representativeID), \(input.stationID),
                        \(input.active ?? true), \(now), \(now))
                RETURNING \(unescaped: Self.columns)
                """,
                logger: logger
            ).collect()
            return try Self.decode(rows[0])
        }
    }

    public func update(_ id: UUID, _ changes: ObserverChanges, within scope: AccessScope = .everything, now: Date) async throws -> Observer
    {
        try await database.withTransaction(logger: logger) { connection in
            try await requireReferences(changes, within: scope, on: connection)
            let rows = try await connection.query(
                """
                UPDATE observers SET
                    name = COALESCE(\(changes.name), name),
                    role_text = COALESCE(\(changes.roleText), role_text),
                    representative_id = COALESCE(\(changes.representativeID), representative_id),
                    station_id = COALESCE(\(changes.stationID), station_id),
                    active = COALESCE(\(changes.active), active),
                    updated_at = \(now)
                WHERE id = \(id)
                RETURNING \(unescaped: Self.columns)
                """,
                logger: logger
            ).collect()
            guard let row = rows.first else { throw DomainError.notFound("Observer \(id.uuidString.lowercased())") }
            return try Self.decode(row)
        }
    }

    /// The station must exist, and for staff lie within their region (else it is refused like an unknown one).
    private func requireReferences(_ input: ObserverChanges, within scope: AccessScope, on connection: PostgresConnection) async throws {
        if let station = input.stationID {
            let rows = try await connection.query(
                "SELECT r.path FROM stations s JOIN regions r ON r.id = s.region_id WHERE s.id = \(station)", logger: logger
            ).collect()
            guard let path = try rows.first?.decode([UUID].self), scope.reaches(regionPath: path) else {
                throw DomainError.invalid("station_id", "does not refer to an existing station")
            }
        }
        if let representative = input.representativeID {
            let rows = try await connection.query(
                "SELECT 1 FROM representatives WHERE id = \(representative)", logger: logger
            ).collect()
            if rows.isEmpty { throw DomainError.invalid("representative_id", "does not refer to an existing representative") }
        }
    }

    static func decode(_ row: PostgresRow) throws -> Observer {
        let r = row.makeRandomAccess()
        return Observer(
            id: try r.value("id"), name: try r.value("name"), roleText: try r.value("role_text"),
            representativeID: try r.value("representative_id"), stationID: try r.value("station_id"),
            active: try r.value("active"), createdAt: try r.value("created_at"), updatedAt: try r.value("updated_at")
        )
    }
}
