import ArgumentParser
import Foundation
import Logging
import MinqingCommandLine
import MinqingCore
import MinqingRules
import MinqingWorker

@main
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "minqing-worker",
        abstract: "Minqing's scheduler: deadlines, reminders, tracking, oversight, evaluations, webhooks.",
        subcommands: [Run.self, Tick.self, Status.self, CorrectReport.self],
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

        @Option(
            help: "The instant to act as of, RFC 3339 with offset (e.g. 2027-01-01T02:00:00+08:00).",
            transform: parseInstant)
        var now: Date

        @Flag(help: "Allow an instant in the future (see the refusal without it).")
        var force = false

        static let futureWarning = """
            --now is in the future. Acting as of a future instant moves the shared schedule cursors to it: a \
            running daemon then enqueues nothing for those kinds until that instant really comes, and the periods \
            this pass runs take effect early, for good. Do this only on a database made for a test or a \
            rehearsal; pass --force to go ahead.
            """

        func validate() throws {
            if now > Date().addingTimeInterval(60), !force { throw ValidationError(Self.futureWarning) }
        }

        func run() async throws {
            let (config, logger) = try startup.load()
            // leases are taken on the real clock: a killed tick's lease expires now, not at the fake instant
            let runtime = WorkerRuntime(config: config, clock: .starting(at: now), leaseClock: .system, logger: logger)
            try await startup.exitOnFailure(logger) {
                let report = try await runtime.withClient(logger: logger) { try await runtime.scheduler.pass() }
                print(
                    "enqueued \(report.enqueued), rescued \(report.rescued), succeeded \(report.succeeded), "
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
                let (entries, cursors) = try await runtime.withClient(logger: logger) {
                    (try await runtime.scheduler.ledgerEntries(limit: limit), try await runtime.scheduler.cursors())
                }
                print(LedgerTable.render(entries))
                print()
                print(LedgerTable.render(cursors: cursors, now: Date()))
            }
        }
    }
}

extension WorkerCommand {
    struct CorrectReport: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rebuild a period's report from the data as it is now and write it as the next version, with a reason.",
            discussion: "Earlier versions stay readable with ?version=. An annual correction is published like the first version."
        )

        @Argument(help: "monthly, quarterly, annual, digest or ranking.") var kind: String
        @Argument(help: "The period: YYYY-MM (monthly, digest), YYYY-Qn (quarterly) or YYYY (annual, ranking).") var period: String
        @Option(help: "Why the report is corrected (kept with the version).") var reason: String
        @Option(help: "The region whose report it is (its id); the top region when left out.") var region: String?

        func validate() throws {
            guard let parsed = ReportStore.Kind(rawValue: kind), parsed != .session else {
                throw ValidationError("kind must be monthly, quarterly, annual, digest or ranking")
            }
            if let region, UUID(uuidString: region) == nil { throw ValidationError("region must be a region id") }
        }

        func run() async throws {
            let (config, logger) = try startup.load()
            try await startup.exitOnFailure(logger) {
                let version = try await startup.withDatabase(config: config, logger: logger) { database in
                    try await SchemaGate.requireCurrent(database: database, logger: logger)
                    let top = try await RegionStore(database: database, logger: logger).top()
                    guard let region = region.flatMap(UUID.init(uuidString:)) ?? top else {
                        throw ValidationError("there are no regions, so there is no report to correct")
                    }
                    return try await ReportCorrection.correct(
                        ReportStore.Kind(rawValue: kind)!, region: region, period: period, reason: reason, policy: config.rhythm,
                        calendar: LocalCalendar(timeZone: config.timeZone), database: database, clock: .system, logger: logger
                    )
                }
                print("\(kind) \(period): version \(version) written")
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
