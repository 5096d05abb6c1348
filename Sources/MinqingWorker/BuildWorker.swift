import Logging
import MinqingCore
import MinqingRules
import PostgresNIO
import ServiceLifecycle

/// Composition of the worker process: pool, scheduler and their service group.
public struct WorkerRuntime: Sendable {
    public let client: PostgresClient
    public let database: Database
    public let scheduler: Scheduler

    public init(config: AppConfig, clock: AppClock = .system, leaseClock: AppClock? = nil, logger: Logger, kinds: [JobKind]? = nil) {
        database = Database(
            url: config.database, poolSize: config.databasePoolSize, acquireTimeout: config.databaseAcquireTimeout, logger: logger)
        client = database.client
        scheduler = Scheduler(
            kinds: kinds ?? WorkerJobs.all(config: config),
            database: database,
            clock: clock,
            leaseClock: leaseClock,
            calendar: LocalCalendar(timeZone: config.timeZone),
            logger: logger
        )
    }

    /// Runs `body` with the pool running, after checking the schema is current.
    public func withClient<T: Sendable>(logger: Logger, _ body: @Sendable () async throws -> T) async throws -> T {
        try await database.withRunning {
            try await SchemaGate.requireCurrent(database: database, logger: logger)
            return try await body()
        }
    }
}

public func buildWorker(config: AppConfig, logger: Logger) -> ServiceGroup {
    let runtime = WorkerRuntime(config: config, logger: logger)
    let service = SchedulerService(
        scheduler: runtime.scheduler, pollInterval: .seconds(config.workerPollSeconds), logger: logger
    )
    return ServiceGroup(
        configuration: .init(
            services: [
                .init(service: runtime.client),
                .init(
                    service: SchemaCheckedService(database: runtime.database, inner: service, logger: logger),
                    successTerminationBehavior: .gracefullyShutdownGroup,
                    failureTerminationBehavior: .gracefullyShutdownGroup),
                WebhookDeliveryService.groupEntry(config: config, database: runtime.database, logger: logger),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        )
    )
}
