import Logging
import PostgresNIO

/// Applies the bundled migrations, each in its own transaction, under a session advisory lock so that
/// concurrent migrators wait for each other and nothing is applied twice.
public struct Migrator: Sendable {
    /// Key of the advisory lock held while migrating ("minqing" in ASCII).
    static let lockKey: Int64 = 0x6D_69_6E_71_69_6E_67

    let database: Database
    let migrations: [Migration]
    let logger: Logger
    /// The configured time zone, readable by a migration as `current_setting('minqing.timezone')` (a
    /// backfill of local-calendar facts needs it); migrations fall back to Asia/Shanghai without it.
    let timeZone: String?

    public init(database: Database, migrations: [Migration], timeZone: String? = nil, logger: Logger) {
        self.database = database
        self.migrations = migrations
        self.timeZone = timeZone
        self.logger = logger
    }

    /// Compares the database with the shipped migrations without changing anything.
    public func status() async throws -> SchemaStatus {
        try await database.withConnection { connection in
            let ledger = try await connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL", logger: logger)
            var exists = false
            for try await flag in ledger.decode(Bool.self) { exists = flag }
            let applied = exists ? try await appliedChecksums(connection) : [:]
            do {
                let pending = try pendingMigrations(applied: applied)
                return pending.isEmpty ? .current(version: migrations.last?.version ?? 0) : .behind(pending: pending)
            } catch let error as MigrationError {
                return .invalid(error)
            }
        }
    }

    /// Applies every pending migration and returns those it applied (empty when another process did).
    @discardableResult
    public func migrate() async throws -> [Migration] {
        try await database.withConnection { connection in
            try await connection.query("SELECT pg_advisory_lock(\(Self.lockKey))", logger: logger)
            do {
                let applied = try await applyPending(connection)
                try await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
                return applied
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
                throw error
            }
        }
    }

    private func applyPending(_ connection: PostgresConnection) async throws -> [Migration] {
        try await ensureLedger(connection)
        let pending = try pendingMigrations(applied: try await appliedChecksums(connection))
        for migration in pending {
            logger.info("applying migration", metadata: ["migration": "\(migration.label)"])
            try await connection.query("BEGIN", logger: logger)
            do {
                if let timeZone {
                    try await connection.query("SELECT set_config('minqing.timezone', \(timeZone), true)", logger: logger)
                }
                for statement in SQLScript.statements(in: migration.sql) {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    """
                    INSERT INTO schema_migrations (version, name, checksum)
                    VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                    """,
                    logger: logger
                )
                try await connection.query("COMMIT", logger: logger)
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
        return pending
    }

    private func ensureLedger(_ connection: PostgresConnection) async throws {
        // CREATE TABLE IF NOT EXISTS can still race on the catalog; the advisory lock or a retry covers it.
        do {
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version integer PRIMARY KEY,
                    name text NOT NULL,
                    checksum text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """,
                logger: logger
            )
        } catch let error as PSQLError where error.isUniqueViolation {
            return
        }
    }

    private func appliedChecksums(_ connection: PostgresConnection) async throws -> [Int: String] {
        var applied: [Int: String] = [:]
        let rows = try await connection.query("SELECT version, checksum FROM schema_migrations", logger: logger)
        for try await (version, checksum) in rows.decode((Int, String).self) {
            applied[version] = checksum
        }
        return applied
    }

    func pendingMigrations(applied: [Int: String]) throws(MigrationError) -> [Migration] {
        let known = Set(migrations.map(\.version))
        if let unknown = applied.keys.filter({ !known.contains($0) }).min() {
            throw .unknownApplied(version: unknown)
        }
        var pending: [Migration] = []
        for migration in migrations {
            if let checksum = applied[migration.version] {
                guard checksum == migration.checksum else {
                    throw .checksumMismatch(version: migration.version, name: migration.name)
                }
            } else {
                pending.append(migration)
            }
        }
        return pending
    }
}
