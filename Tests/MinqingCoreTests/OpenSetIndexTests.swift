import Foundation
import MinqingCore
import MinqingRules
import PostgresNIO
import TestSupport
import Testing

/// The status sets are bound as parameters (`status = ANY($1)`), not spelled in the SQL; the partial
/// indexes built on those sets must still be chosen. With sequential scans priced out, a plan names the
/// partial index only if PostgreSQL proves the bound set implies the index's predicate.
@Suite struct OpenSetIndexTests {
    func plan(_ query: PostgresQuery, on database: Database) async throws -> String {
        try await database.withConnection { connection in
            try await connection.query("SET enable_seqscan = off", logger: TestDatabase.logger)
            let explain = PostgresQuery(unsafeSQL: "EXPLAIN " + query.sql, binds: query.binds)
            return try await connection.query(explain, logger: TestDatabase.logger).collect()
                .map { try $0.decode(String.self) }.joined(separator: "\n")
        }
    }

    @Test func theOpenAssignmentsAreReadFromTheirPartialIndex() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            // the one spelling of "overdue" the stores and the quarterly list use
            var query = QueryBuilder("SELECT id FROM assignments a")
            query.condition(query.overdue("a", at: Date()))
            let plan = try await plan(query.query(suffix: ""), on: database)
            #expect(plan.contains("assignments_open_due"), "\(plan)")
        }
    }

    @Test func theSpotCheckPoolIsReadFromItsPartialIndex() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let plan = try await plan(
                """
                SELECT s.id FROM submissions s
                WHERE s.lead_department_id = \(UUID()) AND s.status = \(SubmissionStatus.closed.rawValue) AND s.sample_key >= \(0.5)
                ORDER BY s.sample_key
                """,
                on: database
            )
            #expect(plan.contains("submissions_spot_check_pool"), "\(plan)")
        }
    }

    @Test func undeliveredWebhookMessagesAreReadFromTheirPartialIndex() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let plan = try await plan(
                """
                SELECT id FROM webhook_messages
                WHERE state = ANY(\(WebhookMessageState.undelivered.rawValues)) AND next_attempt_at <= \(Date())
                """,
                on: database
            )
            #expect(plan.contains("webhook_messages_due"), "\(plan)")
        }
    }
}
