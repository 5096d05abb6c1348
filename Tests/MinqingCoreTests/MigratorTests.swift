import Foundation
import MinqingCore
import PostgresNIO
import TestSupport
import Testing

@Suite(.timeLimit(.minutes(1))) struct MigratorTests {
    let logger = TestDatabase.logger

    @Test func theBundledMigrationsApplyOnceAndThenNothingIsPending() async throws {
        try await TestDatabase.withEmptyDatabase { url in
            try await TestDatabase.withClient(url) { database in
                let migrator = Migrator(database: database, migrations: try MigrationCatalog.bundled(), logger: logger)
                guard case .behind(let pending) = try await migrator.status() else {
                    Issue.record("an empty database should be behind")
                    return
                }
                #expect(pending.count == (try MigrationCatalog.bundled()).count)
                let applied = try await migrator.migrate()
                #expect(applied.count == pending.count)
                #expect(try await migrator.migrate().isEmpty)
                #expect(try await migrator.status() == .current(version: pending.last!.version))
            }
        }
    }

    @Test func statusOnAnEmptyDatabaseDoesNotCreateTheLedger() async throws {
        try await TestDatabase.withEmptyDatabase { url in
            try await TestDatabase.withClient(url) { database in
                _ = try await Migrator(database: database, migrations: try MigrationCatalog.bundled(), logger: logger).status()
                let rows = try await database.query("SELECT to_regclass('schema_migrations') IS NULL", logger: logger)
                #expect(try rows.first?.decode(Bool.self) == true)
            }
        }
    }

    @Test func twoConcurrentMigratorsApplyEachMigrationOnce() async throws {
        let migrations = [
            Migration(version: 1, name: "effects", sql: "CREATE TABLE effects (n integer);"),
            // Slow enough that the second migrator arrives while the first holds the lock.
            Migration(version: 2, name: "slow", sql: "SELECT pg_sleep(0.5); INSERT INTO effects VALUES (2);"),
            Migration(version: 3, name: "more", sql: "INSERT INTO effects VALUES (3);"),
        ]
        try await TestDatabase.withEmptyDatabase { url in
            async let first = TestDatabase.withClient(url, poolSize: 2) { database in
                try await Migrator(database: database, migrations: migrations, logger: logger).migrate().count
            }
            async let second = TestDatabase.withClient(url, poolSize: 2) { database in
                try await Migrator(database: database, migrations: migrations, logger: logger).migrate().count
            }
            let counts = try await [first, second]
            #expect(counts.sorted() == [0, 3])
            try await TestDatabase.withClient(url) { database in
                let rows = try await database.query("SELECT n FROM effects ORDER BY n", logger: logger)
                #expect(try rows.map { try $0.decode(Int.self) } == [2, 3])
                let recorded = try await database.query("SELECT count(*)::int FROM schema_migrations", logger: logger)
                #expect(try recorded.first?.decode(Int.self) == 3)
            }
        }
    }

    @Test func aChangedAppliedMigrationIsRefused() async throws {
        let original = Migration(version: 1, name: "t", sql: "CREATE TABLE t (n integer);")
        let edited = Migration(version: 1, name: "t", sql: "CREATE TABLE t (n bigint);")
        try await TestDatabase.withEmptyDatabase { url in
            try await TestDatabase.withClient(url) { database in
                try await Migrator(database: database, migrations: [original], logger: logger).migrate()
                let migrator = Migrator(database: database, migrations: [edited], logger: logger)
                await #expect(throws: MigrationError.checksumMismatch(version: 1, name: "t")) { try await migrator.migrate() }
                #expect(try await migrator.status() == .invalid(.checksumMismatch(version: 1, name: "t")))
            }
        }
    }

    @Test func aFailingMigrationLeavesNothingHalfApplied() async throws {
        let migrations = [
            Migration(version: 1, name: "ok", sql: "CREATE TABLE a (n integer);"),
            Migration(version: 2, name: "broken", sql: "CREATE TABLE b (n integer); SELECT * FROM no_such_table;"),
        ]
        try await TestDatabase.withEmptyDatabase { url in
            try await TestDatabase.withClient(url) { database in
                let migrator = Migrator(database: database, migrations: migrations, logger: logger)
                await #expect(throws: PSQLError.self) { try await migrator.migrate() }
                let rows = try await database.query(
                    "SELECT to_regclass('a') IS NOT NULL, to_regclass('b') IS NULL, (SELECT count(*)::int FROM schema_migrations)",
                    logger: logger
                )
                let (aExists, bMissing, recorded) = try rows.first!.decode((Bool, Bool, Int).self)
                #expect(aExists && bMissing && recorded == 1)
            }
        }
    }

    @Test func aDatabaseMigratedByANewerBuildIsReported() async throws {
        let newer = [
            Migration(version: 1, name: "a", sql: "SELECT 1;"),
            Migration(version: 2, name: "b", sql: "SELECT 1;"),
        ]
        try await TestDatabase.withEmptyDatabase { url in
            try await TestDatabase.withClient(url) { database in
                try await Migrator(database: database, migrations: newer, logger: logger).migrate()
                let older = Migrator(database: database, migrations: [newer[0]], logger: logger)
                #expect(try await older.status() == .invalid(.unknownApplied(version: 2)))
            }
        }
    }

    @Test func bundledFilesAreOrderedWithUniqueVersions() throws {
        let versions = try MigrationCatalog.bundled().map(\.version)
        #expect(!versions.isEmpty)
        #expect(versions == versions.sorted())
        #expect(Set(versions).count == versions.count)
    }
}
