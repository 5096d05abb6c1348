import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// Limits failed logins per username and per client address over a sliding window, in PostgreSQL so
/// that every API replica sees the same counts.
public struct LoginThrottle: Sendable {
    public struct Limits: Sendable {
        public var window: TimeInterval = 15 * 60
        public var perUsername = 5
        public var perAddress = 20

        public init() {}
    }

    let database: Database
    let limits: Limits
    let logger: Logger

    public init(database: Database, limits: Limits = Limits(), logger: Logger) {
        self.database = database
        self.limits = limits
        self.logger = logger
    }

    /// Throws `rateLimited` when either key has used up its failures in the window.
    public func check(username: String, address: String, now: Date) async throws {
        let since = now.addingTimeInterval(-limits.window)
        let rows = try await database.query(
            """
            SELECT scope, count(*)::int, min(failed_at) FROM login_failures
            WHERE failed_at > \(since)
              AND ((scope = 'username' AND key = \(username.lowercased())) OR (scope = 'address' AND key = \(address)))
            GROUP BY scope
            """,
            logger: logger
        )
        for row in rows {
            let (scope, count, oldest) = try row.decode((String, Int, Date).self)
            let limit = scope == "username" ? limits.perUsername : limits.perAddress
            if count >= limit {
                let retryAfter = max(1, Int(oldest.addingTimeInterval(limits.window).timeIntervalSince(now).rounded(.up)))
                throw DomainError.rateLimited(
                    retryAfter: retryAfter, detail: "Too many failed logins; try again in \(retryAfter) seconds."
                )
            }
        }
    }

    public func recordFailure(username: String, address: String, now: Date) async throws {
        try await database.write(
            """
            INSERT INTO login_failures (scope, key, failed_at)
            VALUES ('username', \(username.lowercased()), \(now)), ('address', \(address), \(now))
            """,
            logger: logger
        )
    }
}
