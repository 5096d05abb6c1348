import Foundation
import MinqingCore
import MinqingRules
import PostgresNIO
import TestSupport
import Testing

@testable import MinqingWorker

/// Rate windows, idempotency keys and login failures are deleted once they can no longer matter, and not before.
@Suite(.timeLimit(.minutes(2))) struct StateHousekeepingTests {
    @Test func spentRowsArePrunedHourlyAndLiveOnesKept() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            let now = TestConfig.instant("2026-12-02T10:30:00+08:00")
            func ago(_ seconds: TimeInterval) -> Date { now.addingTimeInterval(-seconds) }
            try await database.query(
                """
                INSERT INTO rate_counters (bucket, window_start, hits) VALUES
                    ('address:a', \(ago(2 * 3600)), 3), ('address:b', \(ago(30 * 60)), 1);
                """,
                logger: world.logger
            )
            try await database.query(
                """
                INSERT INTO idempotency_keys (scope, key, request_hash, created_at) VALUES
                    ('submission', 'old', '\\x00', \(ago(25 * 3600))), ('submission', 'live', '\\x00', \(ago(23 * 3600)))
                """,
                logger: world.logger
            )
            try await database.query(
                """
                INSERT INTO login_failures (scope, key, failed_at) VALUES
                    ('username', 'old', \(ago(2 * 86_400))), ('username', 'live', \(ago(600)))
                """,
                logger: world.logger
            )
            let report = try await world.worker(at: "2026-12-02T10:30:00+08:00").pass()
            #expect(report.failed == 0)
            #expect(try await world.count("SELECT count(*)::int FROM rate_counters WHERE bucket = 'address:b'") == 1)
            #expect(try await world.count("SELECT count(*)::int FROM rate_counters") == 1)
            #expect(try await world.count("SELECT count(*)::int FROM idempotency_keys WHERE key = 'live'") == 1)
            #expect(try await world.count("SELECT count(*)::int FROM idempotency_keys") == 1)
            #expect(try await world.count("SELECT count(*)::int FROM login_failures") == 1)
        }
    }
}
