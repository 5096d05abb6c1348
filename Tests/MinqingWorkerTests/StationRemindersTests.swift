import Foundation
import MinqingCore
import MinqingRules
import PostgresNIO
import TestSupport
import Testing

@testable import MinqingWorker

/// The duty reminder: a slot's representatives hear of it on the working day before it, within office
/// hours, once per slot however many workers run.
@Suite(.timeLimit(.minutes(2))) struct StationRemindersTests {
    @Test func aDutySlotIsRemindedOnceOnTheWorkingDayBeforeIt() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            let me = world.representative.id
            let setUp = TestConfig.instant("2026-11-20T09:00:00+08:00")
            let rep = try await UserStore(database: database, logger: world.logger).create(
                .init(username: "rep", passwordHash: "x", role: .representative, representativeID: me), now: setUp)
            // Saturday 5, Monday 7 and Tuesday 8 December 2026
            _ = try await RotaStore(database: database, logger: world.logger).replace(
                station: world.station.id, month: "2026-12",
                with: ["2026-12-05", "2026-12-07", "2026-12-08"].map {
                    DutySlot(date: $0, from: 9 * 60, to: 11 * 60, representativeIDs: [me])
                }, calendar: TestConfig.calendar, now: setUp)
            func reminded() async throws -> [String] {
                try await database.query(
                    "SELECT data->>'date' FROM notifications WHERE type = 'rota.duty_reminder' AND recipient_user_id = \(rep.id) ORDER BY 1",
                    logger: world.logger
                ).map { try $0.decode(String.self) }
            }

            // before office hours on Friday: nothing
            _ = try await world.worker(at: "2026-12-04T07:00:00+08:00").pass()
            #expect(try await reminded() == [])
            // Friday in office hours: Saturday's slot and Monday's (the next working day), not Tuesday's
            _ = try await world.worker(at: "2026-12-04T10:00:00+08:00").pass()
            #expect(try await reminded() == ["2026-12-05", "2026-12-07"])
            _ = try await world.worker(at: "2026-12-04T15:00:00+08:00").pass()
            #expect(try await reminded() == ["2026-12-05", "2026-12-07"])
            let body = try await database.query(
                "SELECT title FROM notifications WHERE type = 'rota.duty_reminder' AND data->>'date' = '2026-12-07'", logger: world.logger
            ).map { try $0.decode(String.self) }
            #expect(body == ["驻站提醒：江南社区联络站 2026-12-07 09:00–11:00"])

            // Monday, two workers at once: Tuesday's slot is reminded once
            async let first = world.worker(at: "2026-12-07T10:00:00+08:00").pass()
            async let second = world.worker(at: "2026-12-07T10:00:00+08:00").pass()
            _ = try await (first, second)
            #expect(try await reminded() == ["2026-12-05", "2026-12-07", "2026-12-08"])

            // the slot's guard holds even when the reminder itself runs twice at once (past the job's lease)
            try await database.query("UPDATE rota_slots SET reminded_at = NULL WHERE day = '2026-12-08'", logger: world.logger)
            let calendar = WorkingCalendar(local: TestConfig.calendar)
            let now = TestConfig.instant("2026-12-07T10:05:00+08:00")
            async let again = database.withConnection {
                try await StationReminders.remindDuty(now: now, calendar: calendar, on: $0, logger: world.logger)
            }
            async let andAgain = database.withConnection {
                try await StationReminders.remindDuty(now: now, calendar: calendar, on: $0, logger: world.logger)
            }
            #expect(try await again + andAgain == 1)
        }
    }

    /// An inquiry's review opinion puts its rectification on the engine: the department's lead assignment is
    /// due in the months given, and the region's staff hear once as the report nears its due date.
    @Test func anInquirysRectificationRemindsTheRegionsStaffOnceAsItNears() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            let staff = try await UserStore(database: database, logger: world.logger).create(
                .init(username: "staff", passwordHash: "x", role: .staff, regionID: world.region.id),
                now: TestConfig.instant("2026-10-01T09:00:00+08:00"))
            let activities = ActivityService(database: database, logger: world.logger)
            let inquiry = try await activities.create(
                ActivityDraft(
                    regionID: world.region.id, kind: .inquiry, title: "垃圾分类专题询问",
                    startsAt: TestConfig.instant("2026-11-02T14:00:00+08:00"), endsAt: TestConfig.instant("2026-11-02T16:00:00+08:00"),
                    representativeIDs: [world.representative.id],
                    questions: [
                        InquiryQuestion(
                            question: "分类后混运怎么解决？", askedBy: "王代表", officialName: "周建国", officialTitle: "局长",
                            departmentID: world.county.id)
                    ]),
                by: world.admin, within: .everything, now: TestConfig.instant("2026-10-20T09:00:00+08:00"))
            try await activities.hold(
                inquiry, visitors: nil, minutes: nil, by: world.admin, now: TestConfig.instant("2026-11-02T16:30:00+08:00"))
            let problem = try await InquiryService(loop: world.loop).recordReviewOpinion(
                "建议三个月内消除混装混运。", of: inquiry, department: world.county.id, category: "urban_rural_construction", months: 1,
                by: world.admin, within: .everything, now: TestConfig.instant("2026-11-02T17:00:00+08:00"))
            let record = try #require(try await ActivityStore(database: database, logger: world.logger).find(inquiry))
            #expect(record.rectificationProblemID == problem && record.reviewOpinion == "建议三个月内消除混装混运。")
            #expect(record.questions.first?.departmentID == world.county.id)
            let due = try await database.query(
                "SELECT due_at FROM assignments WHERE problem_id = \(problem) AND role = 'lead' AND department_id = \(world.county.id)",
                logger: world.logger
            ).first!.decode(Date.self)
            #expect(due == TestConfig.instant("2026-12-02T23:59:59+08:00"))

            func reminders() async throws -> Int {
                try await world.count(
                    """
                    SELECT count(*)::int FROM notifications WHERE type = 'inquiry.rectification_due' AND recipient_user_id = \(staff.id)
                      AND data->>'problem_id' = \(problem.uuidString.lowercased())
                    """)
            }
            _ = try await world.worker(at: "2026-11-20T10:00:00+08:00").pass()
            #expect(try await reminders() == 0)
            _ = try await world.worker(at: "2026-11-30T10:00:00+08:00").pass()
            #expect(try await reminders() == 1)
            _ = try await world.worker(at: "2026-12-01T10:00:00+08:00").pass()
            #expect(try await reminders() == 1)
            // the department hears of it from the ladder, as of any assignment
            #expect(
                try await world.count(
                    "SELECT count(*)::int FROM notifications WHERE recipient_user_id = \(world.countyUser.id) AND type LIKE 'reminder.%'")
                    >= 1)
        }
    }

    @Test func remindedDaysRunThroughTheNextWorkingDay() {
        let calendar = WorkingCalendar(local: TestConfig.calendar)
        let friday = WorkingCalendar.Day(key: "2026-12-04")!
        let days = DutyRota.remindedDays(on: friday, calendar: calendar)
        #expect(days.after.key == "2026-12-04" && days.through.key == "2026-12-07")
        let monday = DutyRota.remindedDays(on: WorkingCalendar.Day(key: "2026-12-07")!, calendar: calendar)
        #expect(monday.through.key == "2026-12-08")
    }
}
