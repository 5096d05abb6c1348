import ArgumentParser
import Foundation
import Hummingbird
import Logging
import MinqingAPI
import MinqingCommandLine
import MinqingCore

@main
struct APICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "minqing-api",
        abstract: "Minqing's JSON API and resident pages.",
        subcommands: [Serve.self, Migrate.self, CreateAdmin.self, SeedDemo.self, IndexTerms.self],
        defaultSubcommand: Serve.self
    )
}

extension APICommand {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Serve HTTP until SIGTERM/SIGINT.")

        func run() async throws {
            let (config, logger) = try startup.load()
            try await startup.exitOnFailure(logger) {
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
            let (config, logger) = try startup.load()
            try await startup.exitOnFailure(logger) {
                try await startup.withDatabase(config: config, logger: logger) { database in
                    let migrator = Migrator(
                        database: database, migrations: try MigrationCatalog.bundled(),
                        timeZone: config.timeZone.identifier, logger: logger)
                    if dryRun {
                        switch try await migrator.status() {
                        case .current(let version): print("nothing pending; schema is at migration \(version)")
                        case .behind(let pending): for migration in pending { print("pending \(migration.label)") }
                        case .invalid(let error): throw error
                        }
                    } else {
                        let applied = try await migrator.migrate()
                        for migration in applied { print("applied \(migration.label)") }
                        print(applied.isEmpty ? "nothing to apply; schema is current" : "applied \(applied.count) migration(s)")
                    }
                }
            }
        }
    }
}

/// Start-up and failure handling shared with `minqing-worker`.
let startup = ProcessStartup(name: "minqing-api")
