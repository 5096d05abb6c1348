import Foundation
import MinqingCore
import PostgresNIO

/// The period ledger and cursors in Postgres: every statement the scheduler engine issues.
struct Ledger: Sendable {
    let database: Database
    let logger: Logger

    /// A claimed period, owned by this runner until its lease expires.
    struct Claim: Sendable {
        let kind: String
        let periodKey: String
        let nominalAt: Date
        let attempt: Int
    }

    func cursor(of kind: String) async throws -> Date? {
        let rows = try await database.query("SELECT last_nominal_at FROM job_cursors WHERE kind = \(kind)", logger: logger)
        return try rows.first?.decode(Date.self)
    }

    /// Inserts the periods (existing ones are left alone) and moves the cursor forward, never back.
    func enqueue(kind: JobKind, occurrences: [Occurrence], now: Date) async throws -> Int {
        guard let newest = occurrences.last else { return 0 }
        let keys = occurrences.map(\.key)
        let nominals = occurrences.map(\.nominal)
        return try await database.withTransaction(logger: logger) { connection in
            let inserted = try await connection.query(
                """
                INSERT INTO job_runs (kind, period_key, nominal_at, max_attempts, run_after)
                SELECT \(kind.name), k, n, \(kind.maxAttempts), \(now)
                FROM unnest(\(keys)::text[], \(nominals)::timestamptz[]) AS t(k, n)
                ON CONFLICT (kind, period_key) DO NOTHING
                RETURNING period_key
                """,
                logger: logger
            ).collect().count
            try await connection.query(
                """
                INSERT INTO job_cursors (kind, last_nominal_at) VALUES (\(kind.name), \(newest.nominal))
                ON CONFLICT (kind) DO UPDATE
                SET last_nominal_at = GREATEST(job_cursors.last_nominal_at, EXCLUDED.last_nominal_at),
                    updated_at = now()
                """,
                logger: logger
            )
            return inserted
        }
    }

    func cursors() async throws -> [(kind: String, lastNominalAt: Date)] {
        try await database.query("SELECT kind, last_nominal_at FROM job_cursors ORDER BY kind", logger: logger)
            .map { try $0.decode((String, Date).self) }
    }

    /// Returns expired leases to pending (or to failed when out of attempts) in one guarded UPDATE. Leases
    /// are judged by `leaseNow` (the real time even in an operator's `tick --now`), run times by `now`.
    func rescueExpired(now: Date, leaseNow: Date) async throws -> [String] {
        let rows = try await database.query(
            """
            UPDATE job_runs
            SET state = CASE WHEN attempt >= max_attempts THEN \(JobRunState.failed.rawValue) ELSE \(JobRunState.pending.rawValue) END,
                lease_owner = NULL, lease_expires_at = NULL, run_after = \(now),
                last_error = 'lease expired (runner stopped or lost contact)',
                finished_at = CASE WHEN attempt >= max_attempts THEN \(now) END
            WHERE state = \(JobRunState.running.rawValue) AND lease_expires_at < \(leaseNow)
            RETURNING kind || ':' || period_key
            """,
            logger: logger
        )
        return try rows.map { try $0.decode(String.self) }
    }

    /// Claims the oldest due period of the given kinds in one statement.
    func claim(kinds: [String], owner: String, leases: [String: Duration], now: Date, leaseNow: Date) async throws -> Claim? {
        let names = kinds
        let leaseSeconds = kinds.map { Double(leases[$0]?.components.seconds ?? 60) }
        let rows = try await database.query(
            """
            WITH next AS MATERIALIZED (
                SELECT kind, period_key FROM job_runs
                WHERE state = \(JobRunState.pending.rawValue) AND run_after <= \(now) AND kind = ANY(\(names)::text[])
                ORDER BY run_after, nominal_at
                LIMIT 1
                FOR UPDATE SKIP LOCKED
            ), lease AS (
                SELECT * FROM unnest(\(names)::text[], \(leaseSeconds)::float8[]) AS l(kind, seconds)
            )
            UPDATE job_runs j
            SET state = \(JobRunState.running.rawValue), attempt = j.attempt + 1, lease_owner = \(owner),
                lease_expires_at = \(leaseNow)::timestamptz + make_interval(secs => lease.seconds),
                started_at = \(now)
            FROM next JOIN lease USING (kind)
            WHERE j.kind = next.kind AND j.period_key = next.period_key
            RETURNING j.kind, j.period_key, j.nominal_at, j.attempt
            """,
            logger: logger
        )
        guard let row = rows.first else { return nil }
        let (kind, key, nominal, attempt) = try row.decode((String, String, Date, Int).self)
        return Claim(kind: kind, periodKey: key, nominalAt: nominal, attempt: attempt)
    }

    /// Extends a lease; false when this runner no longer owns it.
    func heartbeat(_ claim: Claim, owner: String, lease: Duration, now: Date) async throws -> Bool {
        let expires = now.addingTimeInterval(Double(lease.components.seconds))
        let rows = try await database.query(
            """
            UPDATE job_runs SET lease_expires_at = \(expires)
            WHERE kind = \(claim.kind) AND period_key = \(claim.periodKey)
              AND state = \(JobRunState.running.rawValue) AND lease_owner = \(owner) AND attempt = \(claim.attempt)
            RETURNING 1
            """,
            logger: logger
        )
        return !rows.isEmpty
    }

    /// Compare-and-set to succeeded, on the job's own transaction; false means the lease was lost.
    func finish(_ claim: Claim, owner: String, now: Date, on connection: PostgresConnection) async throws -> Bool {
        let rows = try await connection.query(
            """
            UPDATE job_runs
            SET state = \(JobRunState.succeeded.rawValue), lease_owner = NULL, lease_expires_at = NULL, finished_at = \(now), last_error = NULL
            WHERE kind = \(claim.kind) AND period_key = \(claim.periodKey)
              AND state = \(JobRunState.running.rawValue) AND lease_owner = \(owner) AND attempt = \(claim.attempt)
            RETURNING 1
            """,
            logger: logger
        ).collect()
        return !rows.isEmpty
    }

    /// Records a failed attempt: back to pending after `retryAt`, or `failed` when out of attempts.
    func fail(_ claim: Claim, owner: String, error: String, retryAt: Date, now: Date) async throws {
        try await database.query(
            """
            UPDATE job_runs
            SET state = CASE WHEN attempt >= max_attempts THEN \(JobRunState.failed.rawValue) ELSE \(JobRunState.pending.rawValue) END,
                finished_at = CASE WHEN attempt >= max_attempts THEN \(now) END,
                run_after = \(retryAt), lease_owner = NULL, lease_expires_at = NULL, last_error = \(error)
            WHERE kind = \(claim.kind) AND period_key = \(claim.periodKey)
              AND state = \(JobRunState.running.rawValue) AND lease_owner = \(owner) AND attempt = \(claim.attempt)
            """,
            logger: logger
        )
    }

    /// Deletes succeeded rows of frequent kinds finished before `cutoff` (their cursor keeps the place).
    static func prune(
        kinds: [String], finishedBefore cutoff: Date, on connection: PostgresConnection, logger: Logger
    ) async throws -> Int {
        try await connection.query(
            """
            DELETE FROM job_runs
            WHERE state = \(JobRunState.succeeded.rawValue) AND kind = ANY(\(kinds)::text[]) AND finished_at < \(cutoff)
            RETURNING 1
            """,
            logger: logger
        ).collect().count
    }

    func entries(limit: Int) async throws -> [LedgerEntry] {
        let rows = try await database.query(
            """
            SELECT kind, period_key, state, attempt, max_attempts, nominal_at, finished_at, last_error
            FROM job_runs ORDER BY nominal_at DESC, kind LIMIT \(limit)
            """,
            logger: logger
        )
        return try rows.map { row in
            let (kind, key, state, attempt, maxAttempts, nominal, finished, error) =
                try row.decode((String, String, String, Int, Int, Date, Date?, String?).self)
            // the column's CHECK admits only the enum's values
            return LedgerEntry(
                kind: kind, periodKey: key, state: JobRunState(rawValue: state) ?? .failed, attempt: attempt,
                maxAttempts: maxAttempts, nominalAt: nominal, finishedAt: finished, lastError: error)
        }
    }
}
