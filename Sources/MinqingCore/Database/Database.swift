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
