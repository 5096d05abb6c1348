import Foundation
import MinqingCore
import MinqingRules
import PostgresNIO
import TestSupport
import Testing

/// The year figures kept by the loop actions equal a recount from the assignments, whatever happened.
@Suite(.timeLimit(.minutes(2))) struct DepartmentYearFiguresTests {
    @Test func theKeptFiguresEqualARecountAfterEveryKindOfAction() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            let admin = Actor(user: world.admin)
            // on time, satisfied; with a co-handler that replies late
            let (a, leadA) = try await world.assigned(at: "2026-03-02T09:00:00+08:00", to: world.county, days: 3, co: world.township)
            try await world.reply(leadA, at: "2026-03-03T09:00:00+08:00", user: world.countyUser)
            let coA = try await database.query(
                "SELECT id FROM assignments WHERE submission_id = \(a) AND role = 'co'", logger: world.logger
            )
            .first!.decode(UUID.self)
            try await world.reply(coA, at: "2026-03-20T09:00:00+08:00", user: world.townshipUser)
            try await world.rate(a, .satisfied, at: "2026-03-21T09:00:00+08:00")
            // late after an approved extension, unsatisfied, reassigned in round 2, replied, basically satisfied
            let (b, leadB) = try await world.assigned(at: "2026-04-01T09:00:00+08:00", to: world.township, days: 2)
            try await world.loop.requestExtension(
                leadB, more: 2, unit: .workingDays, reason: "需要协调", by: Actor(user: world.townshipUser),
                now: TestConfig.instant("2026-04-02T09:00:00+08:00"))
            try await world.loop.decideExtension(leadB, approve: true, by: admin, now: TestConfig.instant("2026-04-02T10:00:00+08:00"))
            try await world.reply(leadB, at: "2026-04-30T09:00:00+08:00", user: world.townshipUser)
            try await world.rate(b, .unsatisfied, at: "2026-05-01T09:00:00+08:00")
            try await world.loop.assign(
                b, [.init(departmentID: world.county.id, role: .lead, term: .workingDays(5))], keyItem: nil, by: admin,
                now: TestConfig.instant("2026-05-06T09:00:00+08:00"))
            let round2 = try await database.query(
                "SELECT id FROM assignments WHERE submission_id = \(b) AND round = 2", logger: world.logger
            ).first!.decode(UUID.self)
            try await world.reply(round2, at: "2026-05-07T09:00:00+08:00", user: world.countyUser)
            try await world.rate(b, .basicallySatisfied, at: "2026-05-08T09:00:00+08:00")
            // escalated from the township to the county before any reply, then replied and never rated
            let (c, _) = try await world.assigned(at: "2026-06-01T09:00:00+08:00", to: world.township, days: 5)
            try await world.loop.escalate(
                c, to: world.county.id, workingDays: 5, by: admin, now: TestConfig.instant("2026-06-02T09:00:00+08:00"))
            let escalated = try await database.query(
                "SELECT id FROM assignments WHERE submission_id = \(c) AND status = 'pending'", logger: world.logger
            ).first!.decode(UUID.self)
            try await world.reply(escalated, at: "2026-06-03T09:00:00+08:00", user: world.countyUser)
            // assigned at 00:30 on 1 January 2027 local (still 2026 in UTC): a 2027 figure
            let (_, newYear) = try await world.assigned(at: "2027-01-01T00:30:00+08:00", to: world.county, days: 5)
            try await world.reply(newYear, at: "2027-01-04T09:00:00+08:00", user: world.countyUser)

            let kept = try await figures(
                database,
                """
                SELECT year, department_id::text, assigned, replied, replied_on_time, satisfied, basically_satisfied, unsatisfied,
                       lead_replies, rated_lead_replies, extensions, escalations, reply_working_days::int, replies_timed
                FROM department_year_figures ORDER BY 1, 2
                """)
            let recounted = try await figures(
                database,
                """
                SELECT extract(year FROM a.assigned_at AT TIME ZONE 'Asia/Shanghai')::int, a.department_id::text, count(*)::int,
                       count(a.replied_at)::int, count(*) FILTER (WHERE a.replied_at <= a.due_at)::int,
                       count(*) FILTER (WHERE a.rating = 'satisfied')::int, count(*) FILTER (WHERE a.rating = 'basically_satisfied')::int,
                       count(*) FILTER (WHERE a.rating = 'unsatisfied')::int,
                       count(*) FILTER (WHERE a.role = 'lead' AND a.replied_at IS NOT NULL)::int,
                       count(*) FILTER (WHERE a.role = 'lead' AND a.replied_at IS NOT NULL AND a.rating IS NOT NULL)::int,
                       sum(a.extension_count)::int, count(*) FILTER (WHERE a.status = 'escalated')::int,
                       coalesce(sum(a.reply_working_days), 0)::int, count(a.reply_working_days)::int
                FROM assignments a GROUP BY 1, 2 ORDER BY 1, 2
                """)
            #expect(kept == recounted)
            // and what that means, by hand: the county in 2026 had A (lead), B round 2, C after the escalation
            let county = try #require(kept.first { $0[0] == "2026" && $0[1] == world.county.id.uuidString.lowercased() })
            // assigned, replied, on time, satisfied, basically, unsatisfied, lead replies, rated, extensions, escalations,
            // working days replies took (each of the three: one), replies counted
            #expect(Array(county[2...13]) == ["3", "3", "3", "1", "1", "0", "3", "2", "0", "0", "3", "3"])
            let township = try #require(kept.first { $0[0] == "2026" && $0[1] == world.township.id.uuidString.lowercased() })
            // A's co-handler (late), B round 1 (late, extension, unsatisfied), C (escalated away before replying)
            // working days: 2→20 March = 14, 1→30 April = 21 (no holidays configured here)
            #expect(Array(township[2...13]) == ["3", "2", "0", "0", "0", "1", "1", "1", "1", "1", "35", "2"])
            #expect(kept.contains { $0[0] == "2027" && $0[1] == world.county.id.uuidString.lowercased() && $0[2] == "1" })
        }
    }

    func figures(_ database: Database, _ sql: String) async throws -> [[String]] {
        try await database.query(PostgresQuery(unsafeSQL: sql), logger: TestDatabase.logger).map { row in
            var values: [String] = []
            for cell in row {
                values.append(
                    try (try? cell.decode(Int.self, context: .default)).map(String.init) ?? cell.decode(String.self, context: .default))
            }
            return values
        }
    }
}
