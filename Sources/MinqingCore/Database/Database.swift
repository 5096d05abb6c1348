import Logging
import Metrics
import PostgresNIO
import Synchronization

/// The one PostgreSQL pool a process uses, with gauges for how much of it is in use.
///
/// `PostgresClient` has no public pool statistics, so every lease goes through here and is counted:
/// `minqing_db_pool_max_connections` and `minqing_db_pool_leased_connections`.
///
/// Every lease has a deadline: when no connection is handed out within `acquireTimeout` (the database is
/// down, unreachable or saturated), or the pool fails before handing one out, the call throws
/// ``DatabaseUnavailable`` at once instead of waiting for the pool's circuit breaker (a minute and more).
public struct Database: Sendable {
    public static let defaultAcquireTimeout: Duration = .seconds(5)

    public let client: PostgresClient
    public let acquireTimeout: Duration
    private let gauges: PoolGauges

    public init(
        client: PostgresClient, maxConnections: Int, acquireTimeout: Duration = Database.defaultAcquireTimeout,
        metrics: any MetricsFactory = MetricsSystem.factory
    ) {
        self.client = client
        self.acquireTimeout = acquireTimeout
        self.gauges = PoolGauges(maxConnections: maxConnections, factory: metrics)
    }

    /// A pool of at most `poolSize` connections to `url`. A server runs ``client`` as a service of its group;
    /// a command, a tick or a test runs it around its work with ``withRunning(_:)``.
    public init(
        url: DatabaseURL, poolSize: Int, acquireTimeout: Duration = Database.defaultAcquireTimeout, logger: Logger,
        metrics: any MetricsFactory = MetricsSystem.factory
    ) {
        let client = PostgresClient(configuration: url.clientConfiguration(poolSize: poolSize), backgroundLogger: logger)
        self.init(client: client, maxConnections: poolSize, acquireTimeout: acquireTimeout, metrics: metrics)
    }

    /// Runs the pool for the duration of `body`: the one "pool for a body" helper.
    public func withRunning<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { [client] in await client.run() }
            defer { group.cancelAll() }
            return try await body()
        }
    }

    /// Leases a connection for `body`, within the acquisition deadline (see the type's documentation).
    public func withConnection<Result: Sendable>(
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let lease = LeaseState()
        do {
            return try await withoutActuallyEscaping(body) { body in
                // `body` runs exactly once, in the first child, while this task waits for the group: never concurrently.
                nonisolated(unsafe) let body = body
                return try await withThrowingTaskGroup(of: Result?.self) { group in
                    group.addTask { [client, gauges] in
                        try await client.withConnection { connection in
                            lease.acquired.store(true, ordering: .sequentiallyConsistent)
                            gauges.leased(+1)
                            defer { gauges.leased(-1) }
                            return try await body(connection)
                        }
                    }
                    group.addTask { [acquireTimeout] in
                        try await Task.sleep(for: acquireTimeout)
                        if lease.acquired.load(ordering: .sequentiallyConsistent) { return nil }
                        throw DatabaseUnavailable(reason: "no connection within \(acquireTimeout)")
                    }
                    while let next = try await group.next() {
                        if let result = next {
                            group.cancelAll()
                            return result
                        }
                    }
                    preconditionFailure("the lease task returns a result or throws")
                }
            }
        } catch let error as DatabaseUnavailable {
            throw error
        } catch  where !lease.acquired.load(ordering: .sequentiallyConsistent) && !(error is CancellationError) {
            // failed before a connection was handed out: the pool could not connect (or was shut down)
            throw DatabaseUnavailable(reason: "\(String(reflecting: error))")
        }
    }

    /// One transaction; when an ``AuditContext`` is bound, it is put into the transaction first, so the audit
    /// triggers of the tables it writes record who acted.
    public func withTransaction<Result: Sendable>(
        logger: Logger,
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let audit = AuditContext.current?.json
        return try await withConnection { connection in
            do {
                return try await connection.withTransaction(logger: logger) { connection in
                    if let audit {
                        try await connection.query("SELECT set_config('minqing.audit', \(audit), true)", logger: logger)
                    }
                    return try await body(connection)
                }
            } catch let error as PostgresTransactionError {
                // The closure's own error (a domain refusal, a lost lease) is what callers handle; the
                // wrapper is kept only when BEGIN, COMMIT or ROLLBACK themselves failed.
                if let closureError = error.closureError, error.rollbackError == nil { throw closureError }
                throw error
            }
        }
    }

    /// Runs one writing statement in its own transaction, so that it is audited like any other write.
    @discardableResult
    public func write(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow] {
        try await withTransaction(logger: logger) { connection in try await connection.query(query, logger: logger).collect() }
    }

    /// Runs one statement and collects its rows.
    @discardableResult
    public func query(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow] {
        try await withConnection { connection in
            try await connection.query(query, logger: logger).collect()
        }
    }
}

/// Whether a lease was granted: read by the deadline and by the error mapping.
private final class LeaseState: Sendable {
    let acquired = Atomic<Bool>(false)
}
