import Foundation
import MinqingCore
import PostgresNIO

/// Hourly: deletes the short-lived rows the API leaves behind once they can no longer matter — rate-limit
/// windows (one minute each) after an hour, idempotency keys after the 24 hours a retry may replay them,
/// login failures after a day (the throttle looks back 15 minutes). Without it those tables grow with every
/// filing and every sign-in.
enum StateHousekeeping {
    static let name = "state_housekeeping"

    struct Retention: Sendable {
        var rateWindows: TimeInterval = 3600
        var idempotencyKeys: TimeInterval = 24 * 3600
        var loginFailures: TimeInterval = 24 * 3600
    }

    static func kind(retention: Retention = Retention()) -> JobKind {
        JobKind(name: name, schedule: .every(seconds: 3600), policy: .latestOnly) { context, connection in
            let now = context.clock.now()
            let (windows, keys, failures) = (
                now.addingTimeInterval(-retention.rateWindows), now.addingTimeInterval(-retention.idempotencyKeys),
                now.addingTimeInterval(-retention.loginFailures)
            )
            let counts = try await connection.query(
                """
                WITH r AS (DELETE FROM rate_counters WHERE window_start < \(windows) RETURNING 1),
                     i AS (DELETE FROM idempotency_keys WHERE created_at < \(keys) RETURNING 1),
                     l AS (DELETE FROM login_failures WHERE failed_at < \(failures) RETURNING 1)
                SELECT (SELECT count(*) FROM r)::int, (SELECT count(*) FROM i)::int, (SELECT count(*) FROM l)::int
                """,
                logger: context.logger
            ).collect()[0].decode((Int, Int, Int).self)
            let removed = ["rate_counters": counts.0, "idempotency_keys": counts.1, "login_failures": counts.2]
            context.logger.info("pruned spent rows", metadata: removed.mapValues { "\($0)" })
        }
    }
}
