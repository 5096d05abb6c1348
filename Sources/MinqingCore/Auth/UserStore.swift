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

    /// What a PATCH of a user may change; nil keeps a field. A new role comes with the binding it needs
    /// (the others are cleared).
    public struct Changes: Sendable {
        public var active: Bool?
        public var role: Role?
        public var representativeID: UUID?
        public var observerID: UUID?
        public var departmentID: UUID?
        public var regionID: UUID?

        public init(
            active: Bool? = nil, role: Role? = nil, representativeID: UUID? = nil, observerID: UUID? = nil,
            departmentID: UUID? = nil, regionID: UUID? = nil
        ) {
            self.active = active
            self.role = role
            self.representativeID = representativeID
            self.observerID = observerID
            self.departmentID = departmentID
            self.regionID = regionID
        }

        var changesBinding: Bool { role != nil || representativeID != nil || observerID != nil || departmentID != nil || regionID != nil }
    }

    /// Changes a user within `scope`. Deactivating him or changing his role or binding revokes his tokens in
    /// the same transaction, so his next request is refused.
    public func update(_ id: UUID, _ changes: Changes, within scope: AccessScope = .everything, now: Date) async throws -> User {
        try await database.withTransaction(logger: logger) { connection in
            let rows = try await connection.query(
                "SELECT \(unescaped: Self.columns) FROM users WHERE id = \(id) FOR UPDATE", logger: logger
            ).collect()
            guard var user = try rows.first.map(Self.decode) else { throw DomainError.notFound("User \(id.uuidString.lowercased())") }
            let before = user
            if changes.changesBinding {
                let role = changes.role ?? user.role
                // a field left out keeps its value only while the role stays
                let keep = changes.role == nil || changes.role == user.role
                user.role = role
                user.representativeID = changes.representativeID ?? (keep ? user.representativeID : nil)
                user.observerID = changes.observerID ?? (keep ? user.observerID : nil)
                user.departmentID = changes.departmentID ?? (keep ? user.departmentID : nil)
                user.regionID = changes.regionID ?? (keep ? user.regionID : nil)
                try Self.requireBindingShape(user)
                try await requireBinding(
                    NewUser(
                        username: user.username, passwordHash: "", role: role, representativeID: user.representativeID,
                        observerID: user.observerID, departmentID: user.departmentID, regionID: user.regionID),
                    within: scope, on: connection)
            }
            user.active = changes.active ?? user.active
            let updated = try await connection.query(
                """
                UPDATE users SET role = \(user.role.rawValue), representative_id = \(user.representativeID),
                    observer_id = \(user.observerID), department_id = \(user.departmentID), region_id = \(user.regionID),
                    active = \(user.active), updated_at = \(now)
                WHERE id = \(id)
                RETURNING \(unescaped: Self.columns)
                """,
                logger: logger
            ).collect()
            if !user.active || user.role != before.role || user.representativeID != before.representativeID
                || user.observerID != before.observerID || user.departmentID != before.departmentID || user.regionID != before.regionID
            {
                try await TokenStore.revokeAll(of: id, now: now, on: connection, logger: logger)
            }
            return try Self.decode(updated[0])
        }
    }

    /// Sets a new password hash; every token but `keeping` is revoked with it.
    public func setPassword(_ id: UUID, hash: String, keeping token: String? = nil, now: Date) async throws {
        try await database.withTransaction(logger: logger) { connection in
            try await connection.query(
                "UPDATE users SET password_hash = \(hash), updated_at = \(now) WHERE id = \(id)", logger: logger)
            try await TokenStore.revokeAll(of: id, keeping: token, now: now, on: connection, logger: logger)
        }
    }

    /// The password hash of a user, to check his current password.
    public func passwordHash(_ id: UUID) async throws -> String? {
        try await database.query("SELECT password_hash FROM users WHERE id = \(id)", logger: logger).first?.decode(String.self)
    }

    /// Whether a user lies within `scope` (the users list's rule for one user).
    public func isVisible(_ id: UUID, to scope: AccessScope) async throws -> Bool {
        var builder = QueryBuilder("SELECT 1 FROM users u")
        builder.filter(id) { "u.id = \($0)" }
        scope.restrictUsers(&builder)
        return try await !database.query(builder.query(suffix: ""), logger: logger).isEmpty
    }

    /// Each role has exactly the binding it needs (`Role.bindingProblems`).
    static func requireBindingShape(_ user: User) throws {
        let set: [(Role.BindingField, UUID?)] = [
            (.representative, user.representativeID), (.observer, user.observerID), (.department, user.departmentID),
            (.region, user.regionID),
        ]
        let problems = user.role.bindingProblems(bound: Set(set.filter { $0.1 != nil }.map(\.0)))
        if !problems.isEmpty { throw DomainError.invalid(problems) }
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
