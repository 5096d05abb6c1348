import ArgumentParser
import Foundation
import MinqingAPI
import MinqingCore

extension APICommand {
    struct CreateAdmin: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create-admin",
            abstract:
                "Create an admin user. The password is read from standard input when it is piped, otherwise generated and printed once."
        )

        @Option(help: "The admin's username.") var username: String

        func run() async throws {
            let (config, logger) = try startup.load()
            let piped = isatty(STDIN_FILENO) == 0 ? readLine(strippingNewline: true) : nil
            let password = piped.flatMap { $0.isEmpty ? nil : $0 }
            try await startup.exitOnFailure(logger) {
                try await startup.withDatabase(config: config, logger: logger) { database in
                    try await SchemaGate.requireCurrent(database: database, logger: logger)
                    let (user, secret) = try await AdminBootstrap.createAdmin(
                        username: username, password: password, config: config, database: database, logger: logger
                    )
                    print("created admin '\(user.username)' (\(user.id.uuidString.lowercased()))")
                    if password == nil { print("password (shown once): \(secret)") }
                }
            }
        }
    }

    struct IndexTerms: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "index-terms",
            abstract: "Recompute the hot-words terms of every item (after the lexicon changed, or for items filed before terms were kept)."
        )

        func run() async throws {
            let (config, logger) = try startup.load()
            try await startup.exitOnFailure(logger) {
                try await startup.withDatabase(config: config, logger: logger) { database in
                    try await SchemaGate.requireCurrent(database: database, logger: logger)
                    let counts = try await TermIndex.rebuild(database: database, logger: logger)
                    // the worker folds the rebuild's rollup deltas too, but a rebuild leaves millions at once
                    let folded = try await database.withConnection { try await Rollups.compact(on: $0, logger: logger) }
                    print(
                        "indexed \(counts.submissions) submissions, \(counts.suggestions) suggestions, \(counts.problems) problems; "
                            + "folded \(folded) rollup deltas")
                }
            }
        }
    }

    struct SeedDemo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "seed-demo",
            abstract: "Fill an empty database with a demo district (stations, representatives, departments, codes, users)."
        )

        func run() async throws {
            let (config, logger) = try startup.load()
            try await startup.exitOnFailure(logger) {
                try await startup.withDatabase(config: config, logger: logger) { database in
                    try await SchemaGate.requireCurrent(database: database, logger: logger)
                    let summary = try await DemoDistrict(database: database, config: config, logger: logger).seed()
                    print(
                        """
                        demo district: \(summary.regions) regions, \(summary.stations) stations, \
                        \(summary.representatives) representatives, \(summary.departments) departments, \(summary.observers) observers
                        accounts (passwords shown once):
                        """)
                    for account in summary.credentials {
                        print(
                            "  \(account.role.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0)) \(account.username) / \(account.password)"
                        )
                    }
                    print("codes to try:")
                    for code in summary.codes {
                        print(
                            "  \(code.label): \(config.publicBaseURL)/c/\(code.code)  (poster: \(config.publicBaseURL)/v1/codes/\(code.code)/poster.svg)"
                        )
                    }
                }
            }
        }
    }
}
