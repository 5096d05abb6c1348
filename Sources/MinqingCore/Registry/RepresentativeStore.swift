import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// Representatives and their station memberships in PostgreSQL.
public struct RepresentativeStore: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    static let columns = """
        r.id, r.name, r.level, r.sector, r.home_station_id, r.region_id, r.bio, r.photo_url, r.phone, r.term_ends_on::text AS term_ends_on,
        r.active, r.created_at, r.updated_at,
        ARRAY(SELECT station_id FROM representative_stations m WHERE m.representative_id = r.id ORDER BY station_id) AS station_ids
        """

    public func find(_ id: UUID) async throws -> Representative? {
        try await database.query("SELECT \(unescaped: Self.columns) FROM representatives r WHERE r.id = \(id)", logger: logger)
            .first.map(Self.decode)
    }

    /// The representatives of `ids` that exist, in one query (a scanned activity's card names several).
    public func find(_ ids: [UUID]) async throws -> [UUID: Representative] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await database.query(
            "SELECT \(unescaped: Self.columns) FROM representatives r WHERE r.id = ANY(\(ids))", logger: logger)
        return try Dictionary(
            uniqueKeysWithValues: rows.map { row in
                let r = try Self.decode(row)
                return (r.id, r)
            })
    }

    /// The order of `list`: oldest first.
    static let order = Keyset.creation("r.created_at", id: "r.id")

    public func list(_ filter: RepresentativeFilter, page: PageRequest) async throws -> Page<Representative> {
        var builder = QueryBuilder("SELECT \(Self.columns), \(Self.order.columns) FROM representatives r")
        builder.filter(filter.stationID) { station in
            "(r.home_station_id = \(station) OR EXISTS (SELECT 1 FROM representative_stations m "
                + "WHERE m.representative_id = r.id AND m.station_id = \(station)))"
        }
        builder.filter(filter.level?.rawValue) { "r.level = \($0)" }
        builder.filter(filter.nameContains.map(likePattern)) { "r.name ILIKE \($0)" }
        builder.filter(filter.active) { "r.active = \($0)" }
        builder.region(filter.region, column: "r.region_id")
        let suffix = try builder.page(page, Self.order)
        let rows = try await database.query(builder.query(suffix: suffix), logger: logger)
        return try Page(rows: rows, limit: page.limit, keyset: Self.order, decode: Self.decode)
    }

    /// Creates a representative of a region within `scope` (staff: their region's subtree).
    public func create(_ input: RepresentativeChanges, within scope: AccessScope = .everything, now: Date) async throws -> Representative {
        try await database.withTransaction(logger: logger) { connection in
            try await requireStations(input, on: connection)
            try await RegionPlacement.require(input.regionID, within: scope, on: connection, logger: logger)
            let rows = try await connection.query(
                """
                INSERT INTO representatives (region_id, name, level, sector, home_station_id, bio, photo_url, phone, term_ends_on,
                                             active, created_at, updated_at)
                VALUES (\(input.regionID), \(input.name ?? ""), \(input.level?.rawValue ?? Representative.Level.county.rawValue), \(input.sector),
                        \(input.homeStationID), \(input.bio), \(input.photoURL), \(input.phone), \(input.termEndsOn)::date,
                        \(input.active ?? true), \(now), \(now))
                RETURNING id
                """,
                logger: logger
            ).collect()
            let id = try rows[0].decode(UUID.self)
            try await replaceStations(of: id, with: input, on: connection)
            return try await find(id, on: connection)
        }
    }

    public func update(
        _ id: UUID, _ changes: RepresentativeChanges, within scope: AccessScope = .everything, now: Date
    ) async throws -> Representative {
        try await database.withTransaction(logger: logger) { connection in
            if let region = changes.regionID {
                try await RegionPlacement.require(region, within: scope, on: connection, logger: logger)
            }
            try await requireStations(changes, on: connection)
            let rows = try await connection.query(
                """
                UPDATE representatives SET
                    name = COALESCE(\(changes.name), name),
                    region_id = COALESCE(\(changes.regionID), region_id),
                    level = COALESCE(\(changes.level?.rawValue), level),
                    sector = COALESCE(\(changes.sector), sector),
                    home_station_id = COALESCE(\(changes.homeStationID), home_station_id),
                    bio = COALESCE(\(changes.bio), bio),
                    photo_url = COALESCE(\(changes.photoURL), photo_url),
                    phone = COALESCE(\(changes.phone), phone),
                    term_ends_on = COALESCE(\(changes.termEndsOn)::date, term_ends_on),
                    active = COALESCE(\(changes.active), active),
                    updated_at = \(now)
                WHERE id = \(id)
                RETURNING id
                """,
                logger: logger
            ).collect()
            guard !rows.isEmpty else { throw DomainError.notFound("Representative \(id.uuidString.lowercased())") }
            if changes.stationIDs != nil { try await replaceStations(of: id, with: changes, on: connection) }
            return try await find(id, on: connection)
        }
    }

    private func requireStations(_ input: RepresentativeChanges, on connection: PostgresConnection) async throws {
        if let home = input.homeStationID {
            try await TreeCheck.requireExists(.stations, home, field: "home_station_id", on: connection, logger: logger)
        }
        for (index, station) in (input.stationIDs ?? []).enumerated() {
            try await TreeCheck.requireExists(.stations, station, field: "station_ids[\(index)]", on: connection, logger: logger)
        }
    }

    private func replaceStations(of id: UUID, with input: RepresentativeChanges, on connection: PostgresConnection) async throws {
        try await connection.query("DELETE FROM representative_stations WHERE representative_id = \(id)", logger: logger)
        let further = Array(Set(input.stationIDs ?? []))
        guard !further.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO representative_stations (representative_id, station_id)
            SELECT \(id), s FROM unnest(\(further)::uuid[]) AS s
            WHERE s <> (SELECT home_station_id FROM representatives WHERE id = \(id))
            """,
            logger: logger
        )
    }

    private func find(_ id: UUID, on connection: PostgresConnection) async throws -> Representative {
        let rows = try await connection.query(
            "SELECT \(unescaped: Self.columns) FROM representatives r WHERE r.id = \(id)", logger: logger
        ).collect()
        return try Self.decode(rows[0])
    }

    static func decode(_ row: PostgresRow) throws -> Representative {
        let r = row.makeRandomAccess()
        return Representative(
            id: try r.value("id"), name: try r.value("name"),
            level: Representative.Level(rawValue: try r.value("level")) ?? .county,
            sector: try r.value("sector"), homeStationID: try r.value("home_station_id"),
            regionID: try r.value("region_id"), stationIDs: try r.value("station_ids"), bio: try r.value("bio"),
            photoURL: try r.value("photo_url"),
            phone: try r.value("phone"), termEndsOn: try r.value("term_ends_on"), active: try r.value("active"),
            createdAt: try r.value("created_at"), updatedAt: try r.value("updated_at")
        )
    }
}
