import Foundation
import Logging
import MinqingCore
import PostgresNIO

/// A fresh database per test scope on the cluster that `make test` starts (MINQING_TEST_DATABASE_URL),
/// migrated to the latest schema and dropped afterwards, so suites run in parallel without sharing rows.
public enum TestDatabase {
    public struct MissingServer: Error, CustomStringConvertible {
        public var description: String {
            "MINQING_TEST_DATABASE_URL is not set: run the tests with `make test`, which starts a PostgreSQL cluster"
        }
    }

    public static var logger: Logger {
        var logger = Logger(label: "minqing.test")
        logger.logLevel = ProcessInfo.processInfo.environment["MINQING_TEST_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .warning
        return logger
    }

    public static func serverURL() throws -> DatabaseURL {
        guard let raw = ProcessInfo.processInfo.environment["MINQING_TEST_DATABASE_URL"] else { throw MissingServer() }
        return try DatabaseURL(parsing: raw)
    }

    /// Creates an empty database (no migrations; or a copy of `template`) and passes its URL; drops it afterwards.
    public static func withEmptyDatabase<T: Sendable>(
        template: String? = nil, _ body: (DatabaseURL) async throws -> T
    ) async throws -> T {
        let server = try serverURL()
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        let copy = template.map { " TEMPLATE \($0)" } ?? ""
        try await withClient(server) { try await $0.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)\(copy)"), logger: logger) }
        do {
            let result = try await body(server.with(database: String(name)))
            try await drop(name, on: server)
            return result
        } catch {
            try? await drop(name, on: server)
            throw error
        }
    }

    /// A migrated database (a copy of the run's template) for a process under test to open itself.
    public static func withMigratedURL<T: Sendable>(_ body: (DatabaseURL) async throws -> T) async throws -> T {
        try await withEmptyDatabase(template: try await MigratedTemplate.shared.name(), body)
    }

    /// A migrated database with a running pool.
    public static func withMigratedDatabase<T: Sendable>(_ body: (Database, DatabaseURL) async throws -> T) async throws -> T {
        try await withMigratedURL { url in try await withClient(url) { database in try await body(database, url) } }
    }

    /// Runs `body` with a running pool on `url`.
    @discardableResult
    public static func withClient<T: Sendable>(
        _ url: DatabaseURL, poolSize: Int = 8, _ body: (Database) async throws -> T
    ) async throws -> T {
        var quiet = logger
        quiet.logLevel = .error
        let database = Database(url: url, poolSize: poolSize, acquireTimeout: TestConfig.acquireTimeout, logger: quiet)
        return try await database.withRunning { try await body(database) }
    }

    static func drop(_ name: some StringProtocol, on server: DatabaseURL) async throws {
        try await withClient(server) {
            try await $0.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"), logger: logger)
        }
    }
}
