import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// Stations in PostgreSQL (the tree rule lives in ``TreeCheck``).
public struct StationStore: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    static let columns = """
        id, name, level, parent_id, region_id, category, address, latitude, longitude, reception_schedule, phone, active,
        created_at, updated_at
        """

    public func find(_ id: UUID) async throws -> Station? {
        try await database.query("SELECT \(unescaped: Self.columns) FROM stations WHERE id = \(id)", logger: logger)
            .first.map(Self.decode)
    }

    /// The order of `list`: oldest first.
    static let order = Keyset.creation()

    public func list(_ filter: StationFilter, page: PageRequest) async throws -> Page<Station> {
        var builder = QueryBuilder("SELECT \(Self.columns), \(Self.order.columns) FROM stations")
        builder.filter(filter.parentID) { "parent_id = \($0)" }
        builder.filter(filter.level?.rawValue) { "level = \($0)" }
        builder.filter(filter.category?.rawValue) { "category = \($0)" }
        builder.filter(filter.nameContains.map(likePattern)) { "name ILIKE \($0)" }
        builder.filter(filter.active) { "active = \($0)" }
        builder.region(filter.region, column: "region_id")
        let suffix = try builder.page(page, Self.order)
        let rows = try await database.query(builder.query(suffix: suffix), logger: logger)
        return try Page(rows: rows, limit: page.limit, keyset: Self.order, decode: Self.decode)
    }

    /// Creates a station in a region within `scope` (staff: their region's subtree).
    public func create(_ input: StationChanges, within scope: AccessScope = .everything, now: Date) async throws -> Station {
        try await database.withTransaction(logger: logger) { connection in
            if let parent = input.parentID {
                try await TreeCheck.requireExists(.stations, parent, field: "parent_id", on: connection, logger: logger)
            }
            try await RegionPlacement.require(input.regionID, within: scope, underStation: input.parentID, on: connection, logger: logger)
            let row = try await connection.query(
                """
                INSERT INTO stations (region_id, name, level, parent_id, category, address, latitude, longitude, reception_schedule,
                                      phone, active, created_at, updated_at)
                VALUES (\(input.regionID), \(input.name ?? ""), \(input.level?.rawValue ?? Station.Level.station.rawValue), \(input.parentID),
                        \(input.category?.rawValue ?? Station.Category.other.rawValue), \(input.address), \(input.latitude),
                        \(input.longitude), \(input.receptionSchedule), \(input.phone), \(input.active ?? true), \(now), \(now))
                RETURNING \(unescaped: Self.columns)
                """,
                logger: logger
            ).collect()
            return try Self.decode(row[0])
        }
    }

    public func update(_ id: UUID, _ changes: StationChanges, within scope: AccessScope = .everything, now: Date) async throws -> Station {
        try await database.withTransaction(logger: logger) { connection in
            if let parent = changes.parentID {
                try await TreeCheck.requireAcyclic(.stations, moving: id, under: parent, field: "parent_id", on: connection, logger: logger)
            }
            if changes.regionID != nil || changes.parentID != nil {
                let rows = try await connection.query("SELECT region_id, parent_id FROM stations WHERE id = \(id)", logger: logger)
                    .collect()
                if let (region, parent) = try rows.first?.decode((UUID, UUID?).self) {
                    try await RegionPlacement.require(
                        changes.regionID ?? region, within: scope, underStation: changes.parentID ?? parent, on: connection, logger: logger)
                }
            }
            let rows = try await connection.query(
                """
                UPDATE stations SET
                    name = COALESCE(\(changes.name), name),
                    level = COALESCE(\(changes.level?.rawValue), level),
                    parent_id = COALESCE(\(changes.parentID), parent_id),
                    region_id = COALESCE(\(changes.regionID), region_id),
                    category = COALESCE(\(changes.category?.rawValue), category),
                    address = COALESCE(\(changes.address), address),
                    latitude = COALESCE(\(changes.latitude), latitude),
                    longitude = COALESCE(\(changes.longitude), longitude),
                    reception_schedule = COALESCE(\(changes.receptionSchedule), reception_schedule),
                    phone = COALESCE(\(changes.phone), phone),
                    active = COALESCE(\(changes.active), active),
                    updated_at = \(now)
                WHERE id = \(id)
                RETURNING \(unescaped: Self.columns)
                """,
                logger: logger
            ).collect()
            guard let row = rows.first else { throw DomainError.notFound("Station \(id.uuidString.lowercased())") }
            return try Self.decode(row)
        }
    }

    static func decode(_ row: PostgresRow) throws -> Station {
        let r = row.makeRandomAccess()
        return Station(
            id: try r.value("id"), name: try r.value("name"),
            level: Station.Level(rawValue: try r.value("level")) ?? .station,
            parentID: try r.value("parent_id"), regionID: try r.value("region_id"),
            category: Station.Category(rawValue: try r.value("category")) ?? .other,
            address: try r.value("address"), latitude: try r.value("latitude"), longitude: try r.value("longitude"),
            receptionSchedule: try r.value("reception_schedule"), phone: try r.value("phone"),
            active: try r.value("active"), createdAt: try r.value("created_at"), updatedAt: try r.value("updated_at")
        )
    }
}
