import ArgumentParser
import Foundation
import Logging
import MinqingCommandLine
import MinqingCore
import MinqingWorker

@main
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "minqing-worker",
        abstract: "Minqing's scheduler: deadlines, reminders, tracking, oversight, evaluations, webhooks.",
        subcommands: [Run.self, Tick.self, Status.self],
        defaultSubcommand: Run.self
    )
}

extension WorkerCommand {
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run the scheduler daemon until SIGTERM/SIGINT.")

        func run() async throws {
            let (config, logger) = try startup.load()
            try await startup.exitOnFailure(logger) { try await buildWorker(config: config, logger: logger).run() }
        }
    }

    struct Tick: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Perform one full scheduling and execution pass as of an instant, then exit."
        )

        @Option(help: "The instant to act as of, RFC 3339 with offset (e.g. 2027-01-01T02:00:00+08:00).",
                transform: parseInstant)
        var now: Date

        func run() async throws {
            let (config, logger) = try startup.load()
            let runtime = WorkerRuntime(config: config, clock: .starting(at: now), logger: logger)
            try await startup.exitOnFailure(logger) {
                let report = try await runtime.withClient(logger: logger) { try await runtime.scheduler.pass() }
                print("enqueued \(report.enqueued), rescued \(report.rescued), succeeded \(report.succeeded), "
                    + "failed \(report.failed), lease lost \(report.leaseLost)")
                print(try await WebhookDeliveryService.tick(config: config, now: now, logger: logger))
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the period ledger, newest first.")

        @Option(help: "How many rows to print.") var limit = 50

        func run() async throws {
            let (config, logger) = try startup.load()
            let runtime = WorkerRuntime(config: config, logger: logger)
            try await startup.exitOnFailure(logger) {
                let entries = try await runtime.withClient(logger: logger) {
                    try await runtime.scheduler.ledgerEntries(limit: limit)
                }
                print(LedgerTable.render(entries))
            }
        }
    }
}

func parseInstant(_ text: String) throws -> Date {
    guard let date = try? Date(text, strategy: .iso8601) else {
        throw ValidationError("'\(text)' is not an RFC 3339 instant such as 2027-01-01T02:00:00+08:00")
    }
    return date
}

/// Start-up and failure handling shared with `minqing-api`.
let startup = ProcessStartup(name: "minqing-worker")
