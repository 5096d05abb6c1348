import Logging
import Metrics
import PostgresNIO

/// The one PostgreSQL pool a process uses, with gauges for how much of it is in use.
///
/// `PostgresClient` has no public pool statistics, so every lease goes through here and is counted:
/// `minqing_db_pool_max_connections` and `minqing_db_pool_leased_connections`.
public struct Database: Sendable {
    public let client: PostgresClient
    private let gauges: PoolGauges

    public init(client: PostgresClient, maxConnections: Int, metrics: any MetricsFactory = MetricsSystem.factory) {
        self.client = client
        self.gauges = PoolGauges(maxConnections: maxConnections, factory: metrics)
    }

    /// A pool of at most `poolSize` connections to `url`. A server runs ``client`` as a service of its group;
    /// a command, a tick or a test runs it around its work with ``withRunning(_:)``.
    public init(url: DatabaseURL, poolSize: Int, logger: Logger, metrics: any MetricsFactory = MetricsSystem.factory) {
        let client = PostgresClient(configuration: url.clientConfiguration(poolSize: poolSize), backgroundLogger: logger)
        self.init(client: client, maxConnections: poolSize, metrics: metrics)
    }

    /// Runs the pool for the duration of `body`: the one "pool for a body" helper.
    public func withRunning<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { [client] in await client.run() }
            defer { group.cancelAll() }
            return try await body()
        }
    }

    public func withConnection<Result: Sendable>(
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await client.withConnection { connection in
            gauges.leased(+1)
            defer { gauges.leased(-1) }
            return try await body(connection)
        }
    }

    public func withTransaction<Result: Sendable>(
        logger: Logger,
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await withConnection { connection in
            do {
                return try await connection.withTransaction(logger: logger) { try await body($0) }
            } catch let error as PostgresTransactionError {
                // The closure's own error (a domain refusal, a lost lease) is what callers handle; the
                // wrapper is kept only when BEGIN, COMMIT or ROLLBACK themselves failed.
                if let closureError = error.closureError, error.rollbackError == nil { throw closureError }
                throw error
            }
        }
    }

    /// Runs one statement and collects its rows.
    @discardableResult
    public func query(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow] {
        try await withConnection { connection in
            try await connection.query(query, logger: logger).collect()
        }
    }
}
