import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// Users in PostgreSQL; passwords arrive already hashed (bcrypt, by the API).
public struct UserStore: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    static let columns = "id, username, role, representative_id, observer_id, department_id, region_id, active, created_at"

    public struct NewUser: Sendable {
        public var username: String
        public var passwordHash: String
        public var role: Role
        public var representativeID: UUID?
        public var observerID: UUID?
        public var departmentID: UUID?
        public var regionID: UUID?

        public init(
            username: String, passwordHash: String, role: Role, representativeID: UUID? = nil,
            observerID: UUID? = nil, departmentID: UUID? = nil, regionID: UUID? = nil
        ) {
            self.regionID = regionID
            self.username = username
            self.passwordHash = passwordHash
            self.role = role
            self.representativeID = representativeID
            self.observerID = observerID
            self.departmentID = departmentID
        }
    }

    /// Creates a user; the binding must exist (422 naming it) and lie within `scope` (403: staff create
    /// users of their region's subtree only), and the username be free (409).
    public func create(_ user: NewUser, within scope: AccessScope = .everything, now: Date) async throws -> User {
        try await database.withTransaction(logger: logger) { connection in
            try await requireBinding(user, within: scope, on: connection)
            do {
                let rows = try await connection.query(
                    """
                    INSERT INTO users (username, password_hash, role, representative_id, observer_id, department_id,
                                       region_id, created_at, updated_at)
                    VALUES (\(user.username), \(user.passwordHash), \(user.role.rawValue), \(user.representativeID),
                            \(user.observerID), \(user.departmentID), \(user.regionID), \(now), \(now))
                    RETURNING \(unescaped: Self.columns)
                    """,
                    logger: logger
                ).collect()
                return try Self.decode(rows[0])
            } catch let error as PSQLError where error.isUniqueViolation {
                throw DomainError.conflict(code: "username_taken", detail: "The username '\(user.username)' is taken.")
            }
        }
    }

    public func find(_ id: UUID) async throws -> User? {
        try await database.query("SELECT \(unescaped: Self.columns) FROM users WHERE id = \(id)", logger: logger)
            .first.map(Self.decode)
    }

    /// The active user with this username (any case) and its password hash.
    public func credentials(username: String) async throws -> (User, String)? {
        let rows = try await database.query(
            """
            SELECT \(unescaped: Self.columns), password_hash FROM users
            WHERE lower(username) = lower(\(username)) AND active
            """,
            logger: logger
        )
        guard let row = rows.first else { return nil }
        return (try Self.decode(row), try row.makeRandomAccess().value("password_hash"))
    }

    /// The order of `list`: oldest first.
    static let order = Keyset.creation()

    public func list(
        role: Role?, region: RegionFilter? = nil, active: Bool? = nil, scope: AccessScope = .everything, page: PageRequest
    ) async throws -> Page<User> {
        var builder = QueryBuilder("SELECT \(Self.columns), \(Self.order.columns) FROM users u")
        builder.filter(role?.rawValue) { "role = \($0)" }
        builder.filter(active) { "active = \($0)" }
        builder.region(region, column: "u.region_id")
        scope.restrictUsers(&builder)
        let suffix = try builder.page(page, Self.order)
        let rows = try await database.query(builder.query(suffix: suffix), logger: logger)
        return try Page(rows: rows, limit: page.limit, keyset: Self.order, decode: Self.decode)
    }

    /// Each binding with the SQL that finds the region it lies in.
    private func requireBinding(_ user: NewUser, within scope: AccessScope, on connection: PostgresConnection) async throws {
        let checks: [(UUID?, String, String)] = [
            (user.representativeID, "SELECT region_id FROM representatives WHERE id = $1", "representative_id"),
            (
                user.observerID, "SELECT st.region_id FROM observers o JOIN stations st ON st.id = o.station_id WHERE o.id = $1",
                "observer_id"
            ),
            (user.departmentID, "SELECT region_id FROM departments WHERE id = $1", "department_id"),
            (user.regionID, "SELECT id FROM regions WHERE id = $1", "region_id"),
        ]
        for (id, sql, field) in checks {
            guard let id else { continue }
            var binds = PostgresBindings()
            binds.append(id)
            let rows = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).collect()
            guard let region = try rows.first?.decode(UUID.self) else {
                throw DomainError.invalid(field, "does not refer to an existing record")
            }
            if let root = scope.region {
                let path = try await connection.query("SELECT path FROM regions WHERE id = \(region)", logger: logger).collect()
                guard try path.first?.decode([UUID].self).contains(root) == true else {
                    throw DomainError.forbidden("You may create users only within your region.")
                }
            }
        }
    }

    static func decode(_ row: PostgresRow) throws -> User {
        let r = row.makeRandomAccess()
        return User(
            id: try r.value("id"), username: try r.value("username"),
            role: Role(rawValue: try r.value("role")) ?? .observer,
            representativeID: try r.value("representative_id"), observerID: try r.value("observer_id"),
            departmentID: try r.value("department_id"), regionID: try r.value("region_id"), active: try r.value("active"),
            createdAt: try r.value("created_at")
        )
    }
}
