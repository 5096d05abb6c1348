import Foundation
import MinqingCore
import PostgresNIO

/// The test run's template database: created once per set of bundled migrations (its name carries their
/// checksum), migrated by the real `Migrator`, then closed to connections so it can be copied. Several test
/// processes on one cluster agree through an advisory lock; a later run with the same migrations reuses it.
actor MigratedTemplate {
    static let shared = MigratedTemplate()

    private var ready: Task<String, any Error>?

    func name() async throws -> String {
        if let ready { return try await ready.value }
        let task = Task { try await Self.create() }
        ready = task
        return try await task.value
    }

    private static func create() async throws -> String {
        let migrations = try MigrationCatalog.bundled()
        // FNV-1a over the migrations' own SHA-256 checksums: a new or changed migration makes a new template
        let fingerprint = migrations.map { "\($0.version):\($0.checksum)" }.joined(separator: ",").utf8
            .reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
        let name = "minqing_template_" + String(fingerprint, radix: 16)
        let server = try TestDatabase.serverURL()
        let logger = TestDatabase.logger
        try await TestDatabase.withClient(server, poolSize: 1) { database in
            try await database.withConnection { connection in
                // held until this pool closes its connection, after the template is complete
                try await connection.query("SELECT pg_advisory_lock(4242)", logger: logger)
                let exists = try await connection.query(
                    "SELECT 1 FROM pg_database WHERE datname = \(name) AND datistemplate", logger: logger
                ).collect()
                guard exists.isEmpty else { return }
                try await connection.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"), logger: logger)
                try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
                try await TestDatabase.withClient(server.with(database: name), poolSize: 1) { template in
                    try await Migrator(database: template, migrations: migrations, logger: logger).migrate()
                }
                try await connection.query(
                    PostgresQuery(unsafeSQL: "ALTER DATABASE \(name) WITH IS_TEMPLATE true ALLOW_CONNECTIONS false"), logger: logger
                )
            }
        }
        return name
    }
}
