import AsyncHTTPClient
import Foundation
import Logging
import MinqingCore
import MinqingRules
import PostgresNIO
import ServiceLifecycle

/// The daemon loop of webhook delivery: one ``WebhookDeliverer`` pass every poll interval until
/// graceful shutdown, with one HTTP client shared by every attempt and shut down on exit.
///
/// Signing needs the endpoints' secrets, sealed with MINQING_DATA_KEY: without it the service logs an
/// error and delivers nothing (messages wait in the outbox).
public struct WebhookDeliveryService: Service {
    let config: AppConfig
    let database: Database
    let clock: AppClock
    let pollInterval: Duration
    let logger: Logger

    public init(config: AppConfig, database: Database, clock: AppClock = .system, pollInterval: Duration? = nil, logger: Logger) {
        self.config = config
        self.database = database
        self.clock = clock
        self.pollInterval = pollInterval ?? .seconds(config.workerPollSeconds)
        self.logger = logger
    }

    /// The entry for the worker's service group (after the Postgres client, checking the schema first).
    public static func groupEntry(
        config: AppConfig, database: Database, clock: AppClock = .system, logger: Logger
    ) -> ServiceGroupConfiguration.ServiceConfiguration {
        let service = WebhookDeliveryService(config: config, database: database, clock: clock, logger: logger)
        return .init(
            service: SchemaCheckedService(database: database, inner: service, logger: logger),
            successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup
        )
    }

    public func run() async throws {
        guard let key = config.dataKey else {
            logger.error("MINQING_DATA_KEY is not set: webhook secrets cannot be opened, so no webhook is delivered")
            try? await gracefulShutdown()
            return
        }
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: WebhookDeliverer.httpConfiguration)
        let deliverer = WebhookDeliverer(
            database: database, http: http, sealer: PersonalDataSealer(key: key), targets: config.webhookTargets, logger: logger)
        logger.info("webhook delivery started", metadata: ["poll_seconds": "\(pollInterval.components.seconds)"])
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let report = try await deliverer.deliverDue(now: clock.now())
                if report.claimed > 0 { logger.debug("\(report)") }
            } catch {
                logPassFailure(error, logger: logger, what: "webhook delivery pass")
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pollInterval) }
        }
        try? await http.shutdown()
        logger.info("webhook delivery stopped")
    }

    /// One delivery pass as of `now` with its own small pool and HTTP client (for `minqing-worker tick`).
    /// Returns a one-line summary.
    public static func tick(config: AppConfig, now: Date, logger: Logger) async throws -> String {
        guard let key = config.dataKey else {
            logger.error("MINQING_DATA_KEY is not set: webhook secrets cannot be opened, so no webhook is delivered")
            return "webhooks: not delivered (MINQING_DATA_KEY is not set)"
        }
        let database = Database(url: config.database, poolSize: 2, acquireTimeout: config.databaseAcquireTimeout, logger: logger)
        let clock = AppClock.starting(at: now)
        return try await database.withRunning {
            try await SchemaGate.requireCurrent(database: database, logger: logger)
            let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: WebhookDeliverer.httpConfiguration)
            do {
                let deliverer = WebhookDeliverer(
                    database: database, http: http, sealer: PersonalDataSealer(key: key), targets: config.webhookTargets, logger: logger)
                let report = try await deliverer.deliverDue(now: clock.now())
                try await http.shutdown()
                return report.description
            } catch {
                try? await http.shutdown()
                throw error
            }
        }
    }
}
