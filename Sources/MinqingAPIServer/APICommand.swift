import ArgumentParser
import Foundation
import Hummingbird
import Logging
import MinqingAPI
import MinqingCore
import PostgresNIO

@main
struct APICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "minqing-api",
        abstract: "Minqing's JSON API and resident pages.",
        subcommands: [Serve.self, Migrate.self, CreateAdmin.self, SeedDemo.self],
        defaultSubcommand: Serve.self
    )
}

extension APICommand {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Serve HTTP until SIGTERM/SIGINT.")

        func run() async throws {
            let (config, logger) = try startUp()
            try await exitOnFailure(logger) {
                try await buildApplication(config: config, logger: logger).runService()
            }
        }
    }

    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply pending migrations under an advisory lock (safe to run from several places at once)."
        )

        @Flag(help: "List pending migrations without applying them.") var dryRun = false

        func run() async throws {
            let (config, logger) = try startUp()
            try await exitOnFailure(logger) {
                try await withDatabase(config: config, logger: logger) { database in
                    let migrator = Migrator(database: database, migrations: try MigrationCatalog.bundled(),
                                            timeZone: config.timeZone.identifier, logger: logger)
                    if dryRun {
                        switch try await migrator.status() {
                        case .current(let version): print("nothing pending; schema is at migration \(version)")
                        case .behind(let pending): pending.forEach { print("pending \($0.label)") }
                        case .invalid(let error): throw error
                        }
                    } else {
                        let applied = try await migrator.migrate()
                        applied.forEach { print("applied \($0.label)") }
                        print(applied.isEmpty ? "nothing to apply; schema is current" : "applied \(applied.count) migration(s)")
                    }
                }
            }
        }
    }
}

/// Runs `body` with a small pool that is running for its duration.
func withDatabase<T: Sendable>(
    config: AppConfig, logger: Logger, _ body: @escaping @Sendable (Database) async throws -> T
) async throws -> T {
    let client = PostgresClient(configuration: config.database.clientConfiguration(poolSize: 2), backgroundLogger: logger)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await client.run() }
        defer { group.cancelAll() }
        return try await body(Database(client: client, maxConnections: 2))
    }
}

/// Loads the configuration (exit 78 naming the variable when it is wrong) and sets up logging.
func startUp() throws -> (AppConfig, Logger) {
    do {
        let config = try AppConfig.load()
        LoggingSetup.bootstrap(config)
        return (config, LoggingSetup.rootLogger("minqing.api", config: config))
    } catch {
        FileHandle.standardError.write(Data("minqing-api: \(error)\n".utf8))
        throw ExitCode(78)
    }
}

func exitOnFailure(_ logger: Logger, _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch {
        logger.critical("\(error)")
        FileHandle.standardError.write(Data("minqing-api: \(error)\n".utf8))
        throw ExitCode.failure
    }
}
