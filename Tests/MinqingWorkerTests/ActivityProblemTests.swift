import Foundation
import MinqingCore
import MinqingRules
import MinqingWorker
import PostgresNIO
import TestSupport
import Testing

/// An activity's problem list on the one handling engine: a consultation from plan to close, its three
/// problems assigned with a three-month written-reply term, replied within and beyond it while the ladder
/// reminds, rated by the activity's representative and re-handled when unsatisfied.
@Suite(.timeLimit(.minutes(3))) struct ActivityProblemTests {
    static func problem(_ world: LoopWorld, _ service: ProblemService, on activity: UUID, _ title: String, at: String) async throws -> UUID
    {
        try await service.create(
            ProblemDraft(title: title, body: "\(title)，群众反映强烈。", category: "urban_rural_construction"), on: activity, by: world.admin,
            now: TestConfig.instant(at))
    }

    func leadAssignment(_ world: LoopWorld, _ problem: UUID, round: Int = 1) async throws -> UUID {
        try await world.database.query(
            "SELECT id FROM assignments WHERE problem_id = \(problem) AND round = \(round) AND role = 'lead'", logger: world.logger
        ).first!.decode(UUID.self)
    }

    func status(_ world: LoopWorld, _ problem: UUID) async throws -> String {
        try await world.database.query("SELECT status FROM activity_problems WHERE id = \(problem)", logger: world.logger)
            .first!.decode(String.self)
    }

    @Test func aConsultationFromPlanToClosedWithItsProblemList() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            let activities = ActivityService(database: database, logger: world.logger)
            let problems = ProblemService(loop: world.loop)
            let admin = Actor(user: world.admin)
            // Monday 2 March 2026, 14:00–16:00
            let activity = try await activities.create(
                ActivityDraft(
                    regionID: world.region.id, stationID: .some(world.station.id), kind: .consultation, title: "局长·代表面对面",
                    startsAt: TestConfig.instant("2026-03-02T14:00:00+08:00"), endsAt: TestConfig.instant("2026-03-02T16:00:00+08:00"),
                    officials: [ActivityOfficial(name: "周建国", title: "局长", departmentID: world.county.id)],
                    representativeIDs: [world.representative.id]),
                by: world.admin, within: .everything, now: TestConfig.instant("2026-02-20T09:00:00+08:00"))
            try await activities.hold(
                activity, visitors: 40, minutes: nil, by: world.admin, now: TestConfig.instant("2026-03-02T16:30:00+08:00"))
            let at = "2026-03-02T17:00:00+08:00"
            let lift = try await Self.problem(world, problems, on: activity, "加装电梯审批慢", at: at)
            let parking = try await Self.problem(world, problems, on: activity, "小区停车难", at: at)
            let lights = try await Self.problem(world, problems, on: activity, "路灯不亮", at: at)
            let numbers = try await database.query(
                "SELECT number FROM handling_subjects WHERE kind = 'problem' ORDER BY number", logger: world.logger
            ).map { try $0.decode(String.self) }
            #expect(numbers == ["问题清单第1项", "问题清单第2项", "问题清单第3项"])
            for (problem, department) in [(lift, world.county), (parking, world.county), (lights, world.township)] {
                try await problems.assign(
                    problem, [.init(departmentID: department.id, role: .lead)], by: admin, within: .everything,
                    now: TestConfig.instant(at))
            }
            // three calendar months: due Tuesday 2 June 23:59:59
            let parkingAssignment = try await leadAssignment(world, parking)
            let due = try await database.query(
                "SELECT due_at, months FROM assignments WHERE id = \(parkingAssignment)", logger: world.logger
            )
            .first!.decode((Date, Int).self)
            #expect(due.0 == TestConfig.instant("2026-06-02T23:59:59+08:00") && due.1 == 3)
            // the follow-up stays open while a problem awaits its reply
            do {
                try await activities.close(
                    activity, minutes: "形成三项共识", by: world.admin, now: TestConfig.instant("2026-03-10T09:00:00+08:00"))
                Issue.record("closed with three problems awaiting a reply")
            } catch DomainError.conflict(let code, _) {
                #expect(code == "problems_awaiting_reply")
            }
            // replied within the term
            try await world.reply(try await leadAssignment(world, lift), at: "2026-04-01T10:00:00+08:00", user: world.countyUser)
            #expect(try await status(world, lift) == "answered")
            // the activity's representative rates it within the rating window: satisfied → done
            try await problems.rate(
                lift, by: world.representative.id, .satisfied, comment: nil, actor: Actor(role: .representative, id: nil),
                now: TestConfig.instant("2026-04-02T09:00:00+08:00"))
            #expect(try await status(world, lift) == "done")
            // the ladder reminds on the others: 3 working days before, and once overdue
            _ = try await world.worker(at: "2026-05-28T10:00:00+08:00").pass()
            _ = try await world.worker(at: "2026-06-03T10:00:00+08:00").pass()
            let rungs = try await database.query(
                "SELECT rung FROM reminders WHERE assignment_id = \(parkingAssignment) ORDER BY sent_at", logger: world.logger
            ).map { try $0.decode(String.self) }
            #expect(rungs == ["due_soon", "overdue_1"])
            #expect(
                try await world.count("SELECT count(*)::int FROM reminders WHERE assignment_id = \(try await leadAssignment(world, lift))")
                    == 0)
            // replied beyond the term: late in the year's figures
            try await world.reply(parkingAssignment, at: "2026-06-10T10:00:00+08:00", user: world.countyUser)
            try await world.reply(try await leadAssignment(world, lights), at: "2026-06-05T10:00:00+08:00", user: world.townshipUser)
            let figures = try await database.query(
                "SELECT assigned, replied, replied_on_time FROM department_year_figures WHERE year = 2026 AND department_id = \(world.county.id)",
                logger: world.logger
            ).first!.decode((Int, Int, Int).self)
            #expect(figures == (2, 2, 1))

            // unsatisfied → round 2 with the same department, for the re-handling term
            try await problems.rate(
                parking, by: world.representative.id, .unsatisfied, comment: "车位仍不足", actor: Actor(role: .representative, id: nil),
                now: TestConfig.instant("2026-06-11T09:00:00+08:00"))
            #expect(try await status(world, parking) == "assigned")
            let second = try await leadAssignment(world, parking, round: 2)
            let rehandling = try await database.query(
                "SELECT department_id, months FROM assignments WHERE id = \(second)", logger: world.logger
            )
            .first!.decode((UUID, Int).self)
            #expect(rehandling.0 == world.county.id && rehandling.1 == 1)
            // a done problem takes no second rating; someone not at the activity rates none
            await #expect(throws: DomainError.self) {
                try await problems.rate(
                    lift, by: world.representative.id, .unsatisfied, comment: nil, actor: Actor(role: .representative, id: nil),
                    now: TestConfig.instant("2026-06-12T09:00:00+08:00"))
            }
            let stranger = try await RepresentativeStore(database: database, logger: world.logger)
                .create(.init(name: "李强", level: .county, homeStationID: world.station.id, regionID: world.region.id), now: Date())
            do {
                try await problems.rate(
                    lights, by: stranger.id, .satisfied, comment: nil, actor: Actor(role: .representative, id: nil),
                    now: TestConfig.instant("2026-06-12T09:00:00+08:00"))
                Issue.record("a representative who was not there rated")
            } catch DomainError.forbidden {}
            try await problems.rate(
                lights, by: world.representative.id, .basicallySatisfied, comment: nil, actor: Actor(role: .representative, id: nil),
                now: TestConfig.instant("2026-06-12T09:00:00+08:00"))
            // round 2 still awaits its reply; once it is in, the consultation closes
            do {
                try await activities.close(
                    activity, minutes: "形成三项共识", by: world.admin, now: TestConfig.instant("2026-06-15T09:00:00+08:00"))
                Issue.record("closed while a reopened problem awaits its reply")
            } catch DomainError.conflict(let code, _) {
                #expect(code == "problems_awaiting_reply")
            }
            try await world.reply(second, at: "2026-06-20T10:00:00+08:00", user: world.countyUser)
            try await activities.close(activity, minutes: "形成三项共识", by: world.admin, now: TestConfig.instant("2026-06-22T09:00:00+08:00"))
            let closed = try await ActivityStore(database: database, logger: world.logger).find(activity)
            #expect(closed?.status == .closed && closed?.visitors == 40 && closed?.minutes == "形成三项共识")
            let timeline = try await ProblemStore(database: database, logger: world.logger).detail(parking)?.timeline.map(\.action)
            #expect(
                timeline == [
                    "listed", "assignment_created", "assigned", "department_replied", "replied", "rated", "assignment_created",
                    "assigned", "department_replied", "replied",
                ])
            // a department's list shows the problems beside its other work
            let listed = try await AssignmentStore(database: database, logger: world.logger).list(
                .init(), scope: AccessScope(department: world.county.id), page: try PageRequest(limit: 50, cursor: nil),
                now: TestConfig.instant("2026-06-22T09:00:00+08:00"))
            #expect(listed.items.filter { $0.subject.kind == .problem }.count == 3)
        }
    }

    @Test func anUnratedAnswerIsDoneWhenTheRatingWindowEnds() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            let activities = ActivityService(database: database, logger: world.logger)
            let problems = ProblemService(loop: world.loop)
            let activity = try await activities.create(
                ActivityDraft(
                    regionID: world.region.id, stationID: .some(world.station.id), kind: .talk, title: "民情恳谈",
                    startsAt: TestConfig.instant("2026-03-02T14:00:00+08:00"), endsAt: TestConfig.instant("2026-03-02T16:00:00+08:00"),
                    representativeIDs: [world.representative.id]),
                by: world.admin, within: .everything, now: TestConfig.instant("2026-02-20T09:00:00+08:00"))
            let problem = try await Self.problem(world, problems, on: activity, "垃圾分类点异味", at: "2026-03-03T09:00:00+08:00")
            try await problems.assign(
                problem, [.init(departmentID: world.county.id, role: .lead)], by: Actor(user: world.admin), within: .everything,
                now: TestConfig.instant("2026-03-03T09:00:00+08:00"))
            try await world.reply(try await leadAssignment(world, problem), at: "2026-03-10T10:00:00+08:00", user: world.countyUser)
            _ = try await world.worker(at: "2026-03-12T10:00:00+08:00").pass()
            #expect(try await status(world, problem) == "answered")
            _ = try await world.worker(at: "2026-04-20T10:00:00+08:00").pass()
            #expect(try await status(world, problem) == "done")
            let outcome = try await database.query("SELECT outcome FROM activity_problems WHERE id = \(problem)", logger: world.logger)
                .first!.decode(String?.self)
            #expect(outcome == "solved")
        }
    }
}
