import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// Regions in PostgreSQL. The tree rules live here: a parent exists, a child's level is below its
/// parent's (and so above its children's), no region becomes its own ancestor, and every region's `path`
/// (root first, itself last) stays true when a region moves. Moves are serialized by a transaction
/// advisory lock, so two concurrent moves cannot together form a cycle.
public struct RegionStore: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    static let columns = "id, name, level, parent_id, division_code, path, created_at, updated_at"

    /// The SQL condition "the region in `column` is the region bound at `placeholder` or below it": the
    /// one form of a subtree test, for scopes and list filters alike.
    static func subtree(_ column: String, of placeholder: String) -> String {
        "\(column) IN (SELECT id FROM regions WHERE path @> ARRAY[\(placeholder)]::uuid[])"
    }

    /// The rows that belong to a region directly.
    public enum RegionalRow: String, Sendable {
        case stations, departments, representatives, submissions, suggestions
        case sessions = "congress_sessions"
    }

    /// The path of the region a row belongs to (nil: no such row): what ``AccessScope`` needs to decide
    /// whether a region's staff reach it.
    public func path(of row: RegionalRow, _ id: UUID) async throws -> [UUID]? {
        try await paths(of: row, [id])[id]
    }

    public func paths(of row: RegionalRow, _ ids: [UUID]) async throws -> [UUID: [UUID]] {
        guard !ids.isEmpty else { return [:] }
        var binds = PostgresBindings()
        binds.append(ids)
        let rows = try await database.query(
            PostgresQuery(
                unsafeSQL: "SELECT x.id, r.path FROM \(row.rawValue) x JOIN regions r ON r.id = x.region_id WHERE x.id = ANY($1)",
                binds: binds),
            logger: logger)
        return try Dictionary(rows.map { try $0.decode((UUID, [UUID]).self) }, uniquingKeysWith: { first, _ in first })
    }

    /// The ids of the rows that belong to `root` or a region below it.
    public func ids(of row: RegionalRow, within root: UUID) async throws -> Set<UUID> {
        var builder = QueryBuilder("SELECT id FROM \(row.rawValue)")
        builder.condition(Self.subtree("region_id", of: builder.bind(root)))
        return Set(try await database.query(builder.query(suffix: ""), logger: logger).map { try $0.decode(UUID.self) })
    }

    /// The deployment's top region: the root of the tree (the oldest, should there be several). Reports are
    /// read for it when no region is named and the caller is bound to none.
    public func top() async throws -> UUID? {
        try await database.query("SELECT id FROM regions WHERE parent_id IS NULL ORDER BY created_at, id LIMIT 1", logger: logger)
            .first?.decode(UUID.self)
    }

    public func find(_ id: UUID) async throws -> Region? {
        try await database.query("SELECT \(unescaped: Self.columns) FROM regions WHERE id = \(id)", logger: logger)
            .first.map(Self.decode)
    }

    /// The order of `list`: oldest first.
    static let order = Keyset.creation()

    public func list(parent: UUID?, level: RegionLevel?, nameContains: String?, within: RegionFilter?, page: PageRequest) async throws
        -> Page<Region>
    {
        var builder = QueryBuilder("SELECT \(Self.columns), \(Self.order.columns) FROM regions")
        builder.filter(parent) { "parent_id = \($0)" }
        builder.filter(level?.rawValue) { "level = \($0)" }
        builder.filter(nameContains.map(likePattern)) { "name ILIKE \($0)" }
        builder.region(within, column: "id")
        let suffix = try builder.page(page, Self.order)
        let rows = try await database.query(builder.query(suffix: suffix), logger: logger)
        return try Page(rows: rows, limit: page.limit, keyset: Self.order, decode: Self.decode)
    }

    public func create(_ input: RegionChanges, now: Date) async throws -> Region {
        guard let level = input.level else { throw DomainError.invalid("level", "is required") }
        return try await database.withTransaction(logger: logger) { connection in
            var path: [UUID] = []
            if let parentID = input.parentID {
                let parent = try await requireParent(parentID, on: connection)
                try Self.requireLevel(level, under: parent.level)
                path = parent.path
            }
            let id = UUID()
            let rows = try await uniqueDivisionCode {
                try await connection.query(
                    """
                    INSERT INTO regions (id, name, level, parent_id, division_code, path, created_at, updated_at)
                    VALUES (\(id), \(input.name ?? ""), \(level.rawValue), \(input.parentID), \(input.divisionCode),
                            \(path + [id]), \(now), \(now))
                    RETURNING \(unescaped: Self.columns)
                    """,
                    logger: logger
                ).collect()
            }
            return try Self.decode(rows[0])
        }
    }

    public func update(_ id: UUID, _ changes: RegionChanges, now: Date) async throws -> Region {
        try await database.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext('regions'))", logger: logger)
            let currentRows = try await connection.query(
                "SELECT \(unescaped: Self.columns) FROM regions WHERE id = \(id) FOR UPDATE", logger: logger
            ).collect()
            guard let current = try currentRows.first.map(Self.decode) else {
                throw DomainError.notFound("Region \(id.uuidString.lowercased())")
            }
            let level = changes.level ?? current.level
            var path = current.path
            if let parentID = changes.parentID ?? current.parentID {
                let parent = try await requireParent(parentID, on: connection)
                if parent.path.contains(id) { throw DomainError.invalid("parent_id", "would make the region its own ancestor") }
                try Self.requireLevel(level, under: parent.level)
                path = parent.path + [id]
            }
            let childLevels = try await connection.query(
                "SELECT DISTINCT level FROM regions WHERE parent_id = \(id)", logger: logger
            ).collect().map { RegionLevel(rawValue: try $0.decode(String.self)) ?? .township }
            if let child = childLevels.first(where: { !$0.mayBeChild(of: level) }) {
                throw DomainError.invalid("level", "must be above the level of its child regions (\(child.rawValue))")
            }
            if path != current.path {
                // the region and everything below it take the new path above the region
                try await connection.query(
                    """
                    UPDATE regions SET path = \(Array(path.dropLast())) || path[array_position(path, \(id)):]
                    WHERE path @> ARRAY[\(id)]::uuid[]
                    """,
                    logger: logger)
            }
            let rows = try await uniqueDivisionCode {
                try await connection.query(
                    """
                    UPDATE regions SET
                        name = COALESCE(\(changes.name), name),
                        level = \(level.rawValue),
                        parent_id = COALESCE(\(changes.parentID), parent_id),
                        division_code = COALESCE(\(changes.divisionCode), division_code),
                        updated_at = \(now)
                    WHERE id = \(id)
                    RETURNING \(unescaped: Self.columns)
                    """,
                    logger: logger
                ).collect()
            }
            return try Self.decode(rows[0])
        }
    }

    /// Checks that `region` exists and lies within `root` (nil: anywhere), naming `field` when not.
    /// Refuses (422 naming `field`) a region that is unknown or lies outside `root`.
    public func require(_ region: UUID, within root: UUID?, field: String) async throws {
        try await database.withConnection { connection in
            try await Self.requireRegion(region, within: root, field: field, on: connection, logger: logger)
        }
    }

    static func requireRegion(
        _ region: UUID, within root: UUID?, field: String, on connection: PostgresConnection, logger: Logger
    ) async throws {
        let rows = try await connection.query("SELECT path FROM regions WHERE id = \(region)", logger: logger).collect()
        guard let path = try rows.first?.decode([UUID].self) else {
            throw DomainError.invalid(field, "does not refer to an existing region")
        }
        if let root, !path.contains(root) { throw DomainError.invalid(field, "lies outside the region it must be within") }
    }

    private func requireParent(_ id: UUID, on connection: PostgresConnection) async throws -> Region {
        let rows = try await connection.query("SELECT \(unescaped: Self.columns) FROM regions WHERE id = \(id)", logger: logger)
            .collect()
        guard let parent = try rows.first.map(Self.decode) else {
            throw DomainError.invalid("parent_id", "does not refer to an existing region")
        }
        return parent
    }

    private static func requireLevel(_ level: RegionLevel, under parent: RegionLevel) throws {
        guard level.mayBeChild(of: parent) else {
            throw DomainError.invalid("level", "must be below the parent region's level (\(parent.rawValue))")
        }
    }

    private func uniqueDivisionCode(_ body: () async throws -> [PostgresRow]) async throws -> [PostgresRow] {
        do { return try await body() } catch let error as PSQLError where error.isUniqueViolation {
            throw DomainError.invalid("division_code", "is already the code of another region")
        }
    }

    static func decode(_ row: PostgresRow) throws -> Region {
        let r = row.makeRandomAccess()
        return Region(
            id: try r.value("id"), name: try r.value("name"), level: RegionLevel(rawValue: try r.value("level")) ?? .township,
            parentID: try r.value("parent_id"), divisionCode: try r.value("division_code"), path: try r.value("path"),
            createdAt: try r.value("created_at"), updatedAt: try r.value("updated_at")
        )
    }
}

extension QueryBuilder {
    /// Restricts `column` (a region id) to the filter's region, or with `within` to its subtree.
    public mutating func region(_ filter: RegionFilter?, column: String) {
        guard let filter else { return }
        let p = bind(filter.id)
        condition(filter.within ? RegionStore.subtree(column, of: p) : "\(column) = \(p)")
    }
}
