import Hummingbird
import Logging
import Metrics
import MinqingCore
import MinqingOpenAPI
import MinqingRules
import PostgresNIO
import Prometheus

/// Builds the HTTP router: middleware in order (request id + access log, metrics, problems, body limit)
/// and the generated operations.
public func buildRouter(services: APIServices) throws -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    let routes = RouteTable()
    router.add(middleware: RequestLoggingMiddleware(trustedProxies: services.config.trustedProxies))
    router.add(middleware: MetricsMiddleware(factory: PrometheusMetricsFactory(registry: services.metrics)))
    router.add(middleware: CodeLookupFastPath(services: services))
    router.add(middleware: ProblemMiddleware(routes: routes))
    router.add(middleware: ControlCharacterMiddleware())
    router.add(middleware: BodyLimitMiddleware(maxBytes: services.config.maxBodyBytes))
    // compact JSON (the runtime's default pretty-prints, which costs on every response), keys still sorted so
    // that the same document is always the same bytes
    try APIHandler(services: services).registerHandlers(
        on: RecordingTransport(router: router, table: routes),
        configuration: .init(dateTranscoder: RFC3339DateTranscoder(), jsonEncodingOptions: [.sortedKeys, .withoutEscapingSlashes]),
        middlewares: [AuthorizationMiddleware(services: services), CodeLookupRecorder(cards: services.codeCards)]
    )
    PageRoutes.register(on: router, services: services)
    return router
}

/// The API process: Postgres pool and HTTP server in one service group with graceful shutdown on
/// SIGTERM/SIGINT (stop accepting, finish in-flight requests, then close the pool). It refuses to start
/// when the schema is not at the latest migration.
public func buildApplication(
    config: AppConfig, logger: Logger, clock: AppClock = .system,
    metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry()
) throws -> some ApplicationProtocol {
    try buildServedApplication(config: config, logger: logger, clock: clock, metrics: metrics).application
}

/// What `serve` runs, with the services its handlers use: the HTTP test harness drives exactly this and
/// reaches the database through `services`.
public func buildServedApplication(
    config: AppConfig, logger: Logger, clock: AppClock = .system,
    metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry()
) throws -> (application: some ApplicationProtocol, services: APIServices) {
    guard config.dataKey != nil else {
        throw ConfigError(variable: "MINQING_DATA_KEY", reason: "is required to serve the API (openssl rand -base64 32)")
    }
    let database = Database(
        url: config.database, poolSize: config.databasePoolSize, acquireTimeout: config.databaseAcquireTimeout, logger: logger,
        metrics: PrometheusMetricsFactory(registry: metrics)
    )
    let client = database.client
    _ = PasswordHasher(cost: config.bcryptCost).decoy  // made now, so the first unknown name is not the fastest answer
    let services = APIServices(config: config, database: database, clock: clock, metrics: metrics, logger: logger)
    var app = Application(
        router: try buildRouter(services: services),
        configuration: .init(address: .hostname(config.httpHost, port: config.httpPort), serverName: "minqing"),
        // the flusher after the client: graceful shutdown runs in reverse, so its last flush still has a pool
        services: [
            client,
            ScanFlusher(
                tally: services.scans, store: CodeStore(database: database, logger: logger), interval: config.scanFlushInterval,
                logger: logger),
        ],
        logger: logger
    )
    app.beforeServerStarts {
        try await SchemaGate.requireCurrent(database: database, logger: logger)
        logger.info("serving", metadata: ["url": "\(config.publicBaseURL)"])
    }
    return (app, services)
}
