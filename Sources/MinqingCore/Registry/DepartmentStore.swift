import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// Departments in PostgreSQL (the tree rule lives in ``TreeCheck``).
public struct DepartmentStore: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    static let columns = "id, name, level, parent_id, region_id, contact_person, phone, active, created_at, updated_at"

    public func find(_ id: UUID) async throws -> Department? {
        try await database.query("SELECT \(unescaped: Self.columns) FROM departments WHERE id = \(id)", logger: logger)
            .first.map(Self.decode)
    }

    /// The order of `list`: oldest first.
    static let order = Keyset.creation()

    public func list(_ filter: DepartmentFilter, page: PageRequest) async throws -> Page<Department> {
        var builder = QueryBuilder("SELECT \(Self.columns), \(Self.order.columns) FROM departments")
        builder.filter(filter.parentID) { "parent_id = \($0)" }
        builder.filter(filter.level?.rawValue) { "level = \($0)" }
        builder.filter(filter.nameContains.map(likePattern)) { "name ILIKE \($0)" }
        builder.filter(filter.active) { "active = \($0)" }
        builder.region(filter.region, column: "region_id")
        let suffix = try builder.page(page, Self.order)
        let rows = try await database.query(builder.query(suffix: suffix), logger: logger)
        return try Page(rows: rows, limit: page.limit, keyset: Self.order, decode: Self.decode)
    }

    /// Creates a department in a region within `scope` (staff: their region's subtree).
    public func create(_ input: DepartmentChanges, within scope: AccessScope = .everything, now: Date) async throws -> Department {
        try await database.withTransaction(logger: logger) { connection in
            if let parent = input.parentID {
                try await TreeCheck.requireExists(.departments, parent, field: "parent_id", on: connection, logger: logger)
            }
            try await RegionPlacement.require(input.regionID, within: scope, on: connection, logger: logger)
            let rows = try await connection.query(
                """
                INSERT INTO departments (region_id, name, level, parent_id, contact_person, phone, active, created_at, updated_at)
                VALUES (\(input.regionID), \(input.name ?? ""), \(input.level?.rawValue ?? Department.Level.county.rawValue), \(input.parentID),
                        \(input.contactPerson), \(input.phone), \(input.active ?? true), \(now), \(now))
                RETURNING \(unescaped: Self.columns)
                """,
                logger: logger
            ).collect()
            return try Self.decode(rows[0])
        }
    }

    public func update(_ id: UUID, _ changes: DepartmentChanges, within scope: AccessScope = .everything, now: Date) async throws
        -> Department
    {
        try await database.withTransaction(logger: logger) { connection in
            if let region = changes.regionID {
                try await RegionPlacement.require(region, within: scope, on: connection, logger: logger)
            }
            if let parent = changes.parentID {
                try await TreeCheck.requireAcyclic(
                    .departments, moving: id, under: parent, field: "parent_id", on: connection, logger: logger)
            }
            let rows = try await connection.query(
                """
                UPDATE departments SET
                    name = COALESCE(\(changes.name), name),
                    level = COALESCE(\(changes.level?.rawValue), level),
                    parent_id = COALESCE(\(changes.parentID), parent_id),
                    region_id = COALESCE(\(changes.regionID), region_id),
                    contact_person = COALESCE(\(changes.contactPerson), contact_person),
                    phone = COALESCE(\(changes.phone), phone),
                    active = COALESCE(\(changes.active), active),
                    updated_at = \(now)
                WHERE id = \(id)
                RETURNING \(unescaped: Self.columns)
                """,
                logger: logger
            ).collect()
            guard let row = rows.first else { throw DomainError.notFound("Department \(id.uuidString.lowercased())") }
            return try Self.decode(row)
        }
    }

    static func decode(_ row: PostgresRow) throws -> Department {
        let r = row.makeRandomAccess()
        return Department(
            id: try r.value("id"), name: try r.value("name"),
            level: Department.Level(rawValue: try r.value("level")) ?? .county,
            parentID: try r.value("parent_id"), regionID: try r.value("region_id"), contactPerson: try r.value("contact_person"),
            phone: try r.value("phone"),
            active: try r.value("active"), createdAt: try r.value("created_at"), updatedAt: try r.value("updated_at")
        )
    }
}
