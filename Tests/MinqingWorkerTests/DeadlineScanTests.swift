import Foundation
import MinqingCore
import MinqingRules
import PostgresNIO
import TestSupport
import Testing

@testable import MinqingWorker

@Suite(.timeLimit(.minutes(2))) struct DeadlineScanTests {
    @Test func theLadderIsClimbedOncePerRungWithTwoWorkers() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            // Monday 16 Nov 09:00 + 5 working days → due Monday 23 Nov.
            let (_, assignment) = try await world.assigned(at: "2026-11-16T09:00:00+08:00", to: world.county, days: 5)
            func scanTwice(_ instant: String) async throws {
                async let a = world.worker(at: instant, owner: "w1").pass()
                async let b = world.worker(at: instant, owner: "w2").pass()
                _ = try await (a, b)
            }
            func rungs() async throws -> [String] {
                try await database.query(
                    "SELECT rung FROM reminders WHERE assignment_id = \(assignment) ORDER BY sent_at, rung",
                    logger: world.logger
                ).map { try $0.decode(String.self) }
            }
            try await scanTwice("2026-11-17T10:00:00+08:00")  // 4 working days left: nothing
            #expect(try await rungs().isEmpty)
            try await scanTwice("2026-11-18T10:00:00+08:00")  // 3 left: due soon
            try await scanTwice("2026-11-18T10:05:00+08:00")  // same rung again: nothing new
            #expect(try await rungs() == ["due_soon"])
            try await scanTwice("2026-11-23T10:00:00+08:00")  // due today
            try await scanTwice("2026-11-24T10:00:00+08:00")  // overdue 1
            try await scanTwice("2026-11-27T10:00:00+08:00")  // overdue 4
            try await scanTwice("2026-11-30T10:00:00+08:00")  // overdue 5: escalation notice, still the overdue_4 rung
            #expect(try await rungs() == ["due_soon", "due_today", "overdue_1", "overdue_4", "escalation"])
            let digests = try await world.count(
                "SELECT count(*)::int FROM notifications WHERE type = 'reminder.digest' AND recipient_user_id = \(world.countyUser.id)")
            #expect(digests == 4)
            let escalationNotices = try await world.count(
                "SELECT count(*)::int FROM notifications WHERE type = 'assignment.escalation_needed'")
            #expect(escalationNotices == 1)  // the admin; the parent (city) department has no users
        }
    }

    @Test func remindersWaitForOfficeHoursAndWorkingDays() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            try await CalendarStore(database: database, logger: world.logger).replace(year: 2026, holidays: ["2026-11-19"], workdays: [])
            try await world.assigned(at: "2026-11-16T09:00:00+08:00", to: world.county, days: 3)  // due Fri 20 Nov (19th is a holiday)
            _ = try await world.worker(at: "2026-11-18T07:00:00+08:00").pass()  // before office hours
            _ = try await world.worker(at: "2026-11-19T10:00:00+08:00").pass()  // holiday
            _ = try await world.worker(at: "2026-11-21T10:00:00+08:00").pass()  // Saturday
            #expect(try await world.count("SELECT count(*)::int FROM reminders") == 0)
            _ = try await world.worker(at: "2026-11-23T08:30:00+08:00").pass()  // Monday, office opens: overdue by 1
            #expect(try await world.count("SELECT count(*)::int FROM reminders WHERE rung = 'overdue_1'") == 1)
        }
    }

    @Test func remindersDueTogetherAreOneDigestPerDepartment() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            for title in ["路灯不亮", "井盖缺失", "道路积水"] {
                try await world.assigned(at: "2026-11-16T09:00:00+08:00", to: world.county, days: 2, title: title)
            }
            try await world.assigned(at: "2026-11-16T09:00:00+08:00", to: world.township, days: 2, title: "垃圾清运")
            _ = try await world.worker(at: "2026-11-17T10:00:00+08:00").pass()
            let rows = try await database.query(
                "SELECT recipient_user_id, body FROM notifications WHERE type = 'reminder.digest' ORDER BY recipient_user_id",
                logger: world.logger
            )
            let digests = try rows.map { try $0.decode((UUID, String).self) }
            #expect(digests.count == 2)
            let county = try #require(digests.first { $0.0 == world.countyUser.id })
            #expect(county.1.split(separator: "\n").count == 3)
            #expect(county.1.contains("井盖缺失"))
            #expect(try await world.count("SELECT count(*)::int FROM reminders") == 4)
        }
    }

    @Test func unratedRepliesCloseAfterTheRatingWindowAsUnrated() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            let (submission, assignment) = try await world.assigned(at: "2026-11-02T09:00:00+08:00", to: world.county, days: 5)
            try await world.reply(assignment, at: "2026-11-03T09:00:00+08:00", user: world.countyUser)
            _ = try await world.worker(at: "2026-11-18T08:00:00+08:00").pass()  // 15 days minus one hour
            #expect(try await world.count("SELECT count(*)::int FROM submissions WHERE status = 'replied'") == 1)
            _ = try await world.worker(at: "2026-11-18T09:01:00+08:00").pass()
            let rows = try await database.query(
                "SELECT status, close_reason FROM submissions WHERE id = \(submission)", logger: world.logger)
            let (status, reason) = try rows.first!.decode((String, String?).self)
            #expect(status == "closed" && reason == "unrated")
        }
    }

    @Test func theLadderRungsFollowTheConfiguredSteps() {
        let ladder = ReminderLadder()
        #expect(ladder.rung(daysLeft: 4) == nil)
        #expect(ladder.rung(daysLeft: 3) == "due_soon")
        #expect(ladder.rung(daysLeft: 0) == "due_today")
        #expect(ladder.rung(daysLeft: -1) == "overdue_1")
        #expect(ladder.rung(daysLeft: -3) == "overdue_1")
        #expect(ladder.rung(daysLeft: -4) == "overdue_4")
        #expect(ladder.rung(daysLeft: -22) == "overdue_22")  // the tenth reminder
        #expect(ladder.rung(daysLeft: -25) == nil)
        #expect(ladder.light(daysLeft: 5, overdue: false) == "green")
        #expect(ladder.light(daysLeft: 3, overdue: false) == "yellow")
        #expect(ladder.light(daysLeft: 0, overdue: true) == "red")
    }
}
