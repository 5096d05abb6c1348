import Foundation
import Logging
import MinqingCore
import MinqingRules
import PostgresNIO
import TestSupport

@testable import MinqingWorker

/// Job kinds defined by the tests: each records its effect in a side table so tests can count them.
enum TestJobs {
    static let effectsTable = """
        CREATE TABLE IF NOT EXISTS test_effects (
            kind text NOT NULL, period_key text NOT NULL, attempt integer NOT NULL, owner text
        )
        """

    static func recordEffect(_ context: JobContext, _ connection: PostgresConnection) async throws {
        try await connection.query(
            """
            INSERT INTO test_effects (kind, period_key, attempt)
            VALUES (\(context.kind), \(context.periodKey), \(context.attempt))
            """,
            logger: context.logger
        )
    }

    static func monthly(
        _ name: String = "test_monthly", policy: CatchUpPolicy = .all,
        body: JobKind.Body? = nil
    ) -> JobKind {
        JobKind(
            name: name, schedule: .monthly(day: 1, hour: 8, minute: 0), policy: policy,
            run: body ?? recordEffect)
    }

    static func scan(_ name: String = "test_scan") -> JobKind {
        JobKind(name: name, schedule: .every(seconds: 300), policy: .latestOnly, run: recordEffect)
    }
}

struct SchedulerHarness {
    let database: Database
    let logger = TestDatabase.logger

    init(database: Database) async throws {
        self.database = database
        try await database.query(PostgresQuery(unsafeSQL: TestJobs.effectsTable), logger: logger)
    }

    func scheduler(
        _ kinds: [JobKind], at instant: String, owner: String = UUID().uuidString,
        backoff: Backoff = Backoff()
    ) -> Scheduler {
        scheduler(kinds, clock: .fixed(TestConfig.instant(instant)), owner: owner, backoff: backoff)
    }

    func scheduler(
        _ kinds: [JobKind], clock: AppClock, leaseClock: AppClock? = nil, owner: String = UUID().uuidString,
        backoff: Backoff = Backoff()
    ) -> Scheduler {
        Scheduler(
            kinds: kinds, database: database, clock: clock, leaseClock: leaseClock, calendar: TestConfig.calendar,
            owner: owner, logger: logger, backoff: backoff)
    }

    func setCursor(_ kind: String, to instant: String) async throws {
        try await database.query(
            "INSERT INTO job_cursors (kind, last_nominal_at) VALUES (\(kind), \(TestConfig.instant(instant)))",
            logger: logger
        )
    }

    /// Effects per period key, e.g. ["2026-08": 1].
    func effects(_ kind: String) async throws -> [String: Int] {
        let rows = try await database.query(
            "SELECT period_key, count(*)::int FROM test_effects WHERE kind = \(kind) GROUP BY period_key", logger: logger
        )
        var result: [String: Int] = [:]
        for row in rows {
            let (key, count) = try row.decode((String, Int).self)
            result[key] = count
        }
        return result
    }

    func ledger(_ kind: String, _ key: String) async throws -> (state: String, attempt: Int, error: String?, runAfter: Date)? {
        let rows = try await database.query(
            "SELECT state, attempt, last_error, run_after FROM job_runs WHERE kind = \(kind) AND period_key = \(key)",
            logger: logger
        )
        return try rows.first?.decode((String, Int, String?, Date).self)
    }
}
