import Foundation
import MinqingCore
import MinqingRules
import PostgresNIO
import TestSupport
import Testing

/// The loop's own notifications: new work to the department, its reply to the admins, the rating back to
/// the department that replied — each in the inbox and the webhook outbox of the action's transaction.
@Suite(.timeLimit(.minutes(1))) struct LoopNotificationTests {
    @Test func assignmentReplyAndEvaluationEachNotifyTheirRecipients() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            try await database.query(
                """
                INSERT INTO webhook_endpoints (department_id, url, secret_sealed, created_at, updated_at)
                VALUES (\(world.county.id), 'https://county.example/hook', '\\x00'::bytea, now(), now())
                """,
                logger: world.logger
            )
            let (submission, assignment) = try await world.assigned(
                at: "2026-03-02T09:00:00+08:00", to: world.county, days: 5,
                co: world.township)
            try await world.reply(assignment, at: "2026-03-03T09:00:00+08:00", user: world.countyUser)
            try await world.rate(submission, .basicallySatisfied, at: "2026-03-04T09:00:00+08:00")

            func inbox(_ user: User) async throws -> [String] {
                try await database.query(
                    "SELECT type FROM notifications WHERE recipient_user_id = \(user.id) ORDER BY created_at, type", logger: world.logger
                ).map { try $0.decode(String.self) }
            }
            // one notice per rating: the resident's and the representative's
            #expect(try await inbox(world.countyUser) == ["assignment.created", "evaluation.received", "evaluation.received"])
            // the co-handler is told of its work; it did not lead, so it is not told of the rating
            #expect(try await inbox(world.townshipUser) == ["assignment.created"])
            #expect(try await inbox(world.admin) == ["reply.received", "evaluation.received", "evaluation.received"])
            let data = try await database.query(
                "SELECT data->>'receipt_no', data->>'rating' FROM notifications WHERE type = 'evaluation.received' LIMIT 1",
                logger: world.logger
            ).first!.decode((String, String).self)
            #expect(data.0.hasPrefix("MQ2026-") && data.1 == "basically_satisfied")
            // the county's endpoint gets the county's messages
            let outbox = try await database.query(
                "SELECT event_type FROM webhook_messages ORDER BY created_at, event_type", logger: world.logger
            ).map { try $0.decode(String.self) }
            #expect(outbox == ["assignment.created", "evaluation.received", "evaluation.received"])
        }
    }
}
