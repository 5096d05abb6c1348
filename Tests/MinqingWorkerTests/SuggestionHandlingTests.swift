import Foundation
import MinqingCore
import MinqingRules
import PostgresNIO
import TestSupport
import Testing

@testable import MinqingWorker

/// Suggestions on the one handling engine: terms in calendar months, the reminder ladder, year figures.
@Suite(.timeLimit(.minutes(2))) struct SuggestionHandlingTests {
    /// An accepted suggestion of the world's representative, assigned to `department` at `at`.
    static func assigned(
        _ world: LoopWorld, at: String, to department: Department, months: Int? = nil
    ) async throws -> (suggestion: UUID, assignment: UUID) {
        let service = world.suggestions
        let admin = Actor(user: world.admin)
        let now = TestConfig.instant(at)
        let id = try await service.create(
            SuggestionDraft(
                representativeID: world.representative.id, type: .suggestion, title: "关于完善江南大道照明的建议",
                body: "江南大道夜间照明不足。", category: "urban_rural_construction"),
            by: admin, filedBy: world.admin.id, within: .everything, now: now)
        try await service.submit(id, by: admin, now: now)
        try await service.accept(id, by: admin, now: now)
        try await service.assign(
            id, [.init(departmentID: department.id, role: .lead, term: months.map(HandlingTerm.months))], by: admin,
            within: .everything, now: now)
        let assignment = try await world.database.query(
            "SELECT id FROM assignments WHERE suggestion_id = \(id)", logger: world.logger
        ).first!.decode(UUID.self)
        return (id, assignment)
    }

    func due(_ world: LoopWorld, _ assignment: UUID) async throws -> Date {
        try await world.database.query("SELECT due_at FROM assignments WHERE id = \(assignment)", logger: world.logger)
            .first!.decode(Date.self)
    }

    @Test func monthTermsEndOnTheSameDayClampedToTheMonthsEnd() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            let cases: [(String, Int?, String)] = [
                ("2027-01-31T10:00:00+08:00", nil, "2027-04-30T23:59:59+08:00"),  // the default three months, clamped
                ("2027-11-30T10:00:00+08:00", 3, "2028-02-29T23:59:59+08:00"),  // into a leap February
                ("2026-11-30T10:00:00+08:00", 3, "2027-02-28T23:59:59+08:00"),  // into a common one
                ("2027-01-31T10:00:00+08:00", 1, "2027-02-28T23:59:59+08:00"),
                ("2026-12-15T10:00:00+08:00", 2, "2027-02-15T23:59:59+08:00"),  // across the year end
            ]
            var first: UUID?
            for (at, months, expected) in cases {
                let (_, assignment) = try await Self.assigned(world, at: at, to: world.county, months: months)
                #expect(try await due(world, assignment) == TestConfig.instant(expected), "\(at) + \(months ?? 3) months")
                first = first ?? assignment
            }
            // an extension of one month is counted again from the assignment: 31 Jan + 4 months is 31 May
            let assignment = try #require(first)
            let county = Actor(user: world.countyUser)
            try await world.loop.requestExtension(
                assignment, more: 1, unit: .months, reason: "需市里协调", by: county, now: TestConfig.instant("2027-03-01T09:00:00+08:00"))
            try await world.loop.decideExtension(
                assignment, approve: true, by: Actor(user: world.admin), now: TestConfig.instant("2027-03-01T10:00:00+08:00"))
            #expect(try await due(world, assignment) == TestConfig.instant("2027-05-31T23:59:59+08:00"))
            // the term may reach six months in all, no more
            try await world.loop.requestExtension(
                assignment, more: 2, unit: .months, reason: "仍需协调", by: county, now: TestConfig.instant("2027-04-01T09:00:00+08:00"))
            try await world.loop.decideExtension(
                assignment, approve: true, by: Actor(user: world.admin), now: TestConfig.instant("2027-04-01T10:00:00+08:00"))
            await #expect(throws: DomainError.self) {
                try await world.loop.requestExtension(
                    assignment, more: 1, unit: .months, reason: "再延", by: county, now: TestConfig.instant("2027-05-01T09:00:00+08:00"))
            }
            let months = try await database.query("SELECT months FROM assignments WHERE id = \(assignment)", logger: world.logger)
                .first!.decode(Int.self)
            #expect(months == 6)
        }
    }

    @Test func theLadderRunsOnASuggestionsDeadline() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            // Monday 16 Nov + 1 month → due Wednesday 16 Dec 23:59:59
            let (_, assignment) = try await Self.assigned(world, at: "2026-11-16T09:00:00+08:00", to: world.county, months: 1)
            _ = try await world.worker(at: "2026-12-10T10:00:00+08:00").pass()  // Thu: 4 working days left, nothing
            #expect(try await world.count("SELECT count(*)::int FROM reminders WHERE assignment_id = \(assignment)") == 0)
            _ = try await world.worker(at: "2026-12-11T10:00:00+08:00").pass()  // Fri: 3 left (14, 15, 16)
            _ = try await world.worker(at: "2026-12-17T10:00:00+08:00").pass()  // Thu: overdue by one
            let rungs = try await database.query(
                "SELECT rung FROM reminders WHERE assignment_id = \(assignment) ORDER BY sent_at", logger: world.logger
            ).map { try $0.decode(String.self) }
            #expect(rungs == ["due_soon", "overdue_1"])
            let number = try await database.query(
                "SELECT number FROM suggestions s JOIN assignments a ON a.suggestion_id = s.id WHERE a.id = \(assignment)",
                logger: world.logger
            ).first!.decode(String.self)
            let bodies = try await database.query(
                "SELECT body FROM notifications WHERE type = 'reminder.digest' AND recipient_user_id = \(world.countyUser.id) ORDER BY created_at",
                logger: world.logger
            ).map { try $0.decode(String.self) }
            #expect(bodies.count == 2)
            #expect(bodies.allSatisfy { $0.contains(number) && $0.contains("关于完善江南大道照明的建议") }, "\(bodies)")
        }
    }

    @Test func aSuggestionsAssignmentAndReplyCountInTheDepartmentsYearFigures() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            let (suggestion, assignment) = try await Self.assigned(world, at: "2026-03-02T09:00:00+08:00", to: world.county)
            let (_, other) = try await world.assigned(at: "2026-03-02T09:00:00+08:00", to: world.county, days: 5)
            try await world.reply(assignment, at: "2026-04-01T09:00:00+08:00", user: world.countyUser)
            try await world.reply(other, at: "2026-03-03T09:00:00+08:00", user: world.countyUser)
            let (assignments, replies, onTime) = try await database.query(
                """
                SELECT assigned, lead_replies, replied_on_time FROM department_year_figures
                WHERE department_id = \(world.county.id) AND year = 2026
                """,
                logger: world.logger
            ).first!.decode((Int, Int, Int).self)
            #expect(assignments == 2 && replies == 2 && onTime == 2)
            let status = try await database.query("SELECT status FROM suggestions WHERE id = \(suggestion)", logger: world.logger)
                .first!.decode(String.self)
            #expect(status == "answered")
        }
    }
    @Test func theLeadsLetterAnswersOnceTheCoHandlersDeadlinePassed() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            let service = world.suggestions
            let admin = Actor(user: world.admin)
            let start = TestConfig.instant("2026-09-01T09:00:00+08:00")
            let id = try await service.create(
                SuggestionDraft(
                    representativeID: world.representative.id, type: .opinion, title: "关于加强校园周边交通管理的意见",
                    body: "上下学时段拥堵。", category: "urban_rural_construction"),
                by: admin, filedBy: nil, within: .everything, now: start)
            try await service.submit(id, by: admin, now: start)
            try await service.accept(id, by: admin, now: start)
            try await service.assign(
                id,
                [.init(departmentID: world.county.id, role: .lead), .init(departmentID: world.township.id, role: .co, term: .months(1))],
                by: admin, within: .everything, now: start)
            let lead = try await database.query(
                "SELECT id FROM assignments WHERE suggestion_id = \(id) AND role = 'lead'", logger: world.logger
            ).first!.decode(UUID.self)
            try await world.loop.reply(
                lead, ReplyLetter(outcome: .solved, text: "已增派警力疏导。"), by: Actor(user: world.countyUser),
                now: TestConfig.instant("2026-09-15T09:00:00+08:00"))
            func status() async throws -> String {
                try await database.query("SELECT status FROM suggestions WHERE id = \(id)", logger: world.logger).first!.decode(String.self)
            }
            #expect(try await status() == "assigned")  // the co-handler is due on 1 October, 23:59:59
            _ = try await world.worker(at: "2026-10-01T23:00:00+08:00").pass()
            #expect(try await status() == "assigned")
            _ = try await world.worker(at: "2026-10-02T00:10:00+08:00").pass()
            #expect(try await status() == "answered")
            let entry = try await database.query(
                "SELECT actor_role, note FROM timeline_events WHERE suggestion_id = \(id) AND action = 'replied'", logger: world.logger
            ).first!.decode((String, String).self)
            #expect(entry.0 == "system" && entry.1 == "已增派警力疏导。")
        }
    }
    @Test func theMonthlyBatchAssignsUnopposedPreassignmentsOnTheFirstWorkingDay() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            let service = world.suggestions
            let admin = Actor(user: world.admin)
            let staff = try await UserStore(database: database, logger: world.logger).create(
                .init(username: "staff", passwordHash: "x", role: .staff, regionID: world.region.id), now: Date())
            try await CalendarStore(database: database, logger: world.logger).replace(year: 2027, holidays: ["2027-01-01"], workdays: [])
            let session = try await SessionStore(database: database, logger: world.logger).create(
                .init(regionID: world.region.id, name: "第四次会议", opensOn: "2026-11-01", closesOn: "2026-11-03"), within: .everything,
                now: Date())
            func accepted(_ title: String, at: String, session: UUID? = nil) async throws -> UUID {
                let now = TestConfig.instant(at)
                let id = try await service.create(
                    SuggestionDraft(
                        representativeID: world.representative.id, type: .suggestion, title: title, body: "正文",
                        category: "urban_rural_construction", sessionID: .some(session)),
                    by: admin, filedBy: nil, within: .everything, now: now)
                try await service.submit(id, by: admin, now: now)
                try await service.accept(id, by: admin, now: now)
                return id
            }
            func preassign(_ id: UUID, at: String) async throws {
                try await service.preassign(
                    id, [.init(departmentID: world.county.id, role: .lead), .init(departmentID: world.township.id, role: .co)],
                    by: admin, within: .everything, now: TestConfig.instant(at))
            }
            func status(_ id: UUID) async throws -> String {
                try await database.query("SELECT status FROM suggestions WHERE id = \(id)", logger: world.logger).first!.decode(String.self)
            }
            // Friday 20 Nov: objections are due by Wednesday 25 Nov, 23:59:59
            let unopposed = try await accepted("增设公交站点", at: "2026-11-20T09:00:00+08:00")
            try await preassign(unopposed, at: "2026-11-20T09:00:00+08:00")
            let opposed = try await accepted("整治河道", at: "2026-11-20T09:00:00+08:00")
            try await preassign(opposed, at: "2026-11-20T09:00:00+08:00")
            try await service.object(
                opposed, department: world.township.id, reason: "不属我街道职责", by: Actor(user: world.townshipUser),
                now: TestConfig.instant("2026-11-25T17:00:00+08:00"))
            let late = await #expect(throws: DomainError.self) {
                try await service.object(
                    unopposed, department: world.county.id, reason: "迟到的异议", by: Actor(user: world.countyUser),
                    now: TestConfig.instant("2026-11-26T09:00:00+08:00"))
            }
            if case .conflict(let code, _) = late {
                #expect(code == "objection_period_over")
            } else {
                Issue.record("\(String(describing: late))")
            }
            let waiting = try await accepted("老旧小区加装电梯", at: "2026-11-23T09:00:00+08:00")
            let inSession = try await accepted("会中建议", at: "2026-11-02T09:00:00+08:00", session: session.id)
            try await preassign(inSession, at: "2026-11-02T09:00:00+08:00")

            // Tuesday 1 December, the month's first working day: before office hours nothing, then the batch once
            _ = try await world.worker(at: "2026-12-01T07:00:00+08:00").pass()
            #expect(try await status(unopposed) == "preassigned")
            _ = try await world.worker(at: "2026-12-01T09:00:00+08:00").pass()
            _ = try await world.worker(at: "2026-12-01T10:00:00+08:00").pass()
            #expect(try await status(unopposed) == "assigned")
            #expect(try await status(opposed) == "preassigned")
            #expect(try await status(waiting) == "accepted")
            #expect(try await status(inSession) == "preassigned")  // staff assign in-session suggestions
            let made = try await database.query(
                """
                SELECT department_id, role, months, due_at FROM assignments WHERE suggestion_id = \(unopposed) ORDER BY role DESC
                """,
                logger: world.logger
            ).map { try $0.decode((UUID, String, Int, Date).self) }
            #expect(made.map(\.0) == [world.county.id, world.township.id] && made.map(\.1) == ["lead", "co"])
            #expect(made.allSatisfy { $0.2 == 3 && $0.3 == TestConfig.instant("2027-03-01T23:59:59+08:00") })
            let digests = try await database.query(
                "SELECT body FROM notifications WHERE type = 'suggestion.batch' AND recipient_user_id = \(staff.id)", logger: world.logger
            ).map { try $0.decode(String.self) }
            #expect(digests.count == 1)
            #expect(digests.first.map { $0.contains("整治河道") && $0.contains("有异议") && $0.contains("老旧小区加装电梯") } == true)
            #expect(digests.first?.contains("会中建议") == false)

            // January 2027: the 1st is a holiday, the first working day is Monday the 4th
            try await preassign(waiting, at: "2026-12-21T09:00:00+08:00")
            _ = try await world.worker(at: "2027-01-01T10:00:00+08:00").pass()
            #expect(try await status(waiting) == "preassigned")
            _ = try await world.worker(at: "2027-01-04T10:00:00+08:00").pass()
            #expect(try await status(waiting) == "assigned")
            #expect(try await world.count("SELECT count(*)::int FROM suggestion_batches") == 2)
        }
    }
    @Test func keySuggestionsAndLateFollowUpsAreOnTheSheetAndTheList() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            let service = world.suggestions
            let (promised, assignment) = try await Self.assigned(world, at: "2026-09-01T09:00:00+08:00", to: world.county)
            let (open, _) = try await Self.assigned(world, at: "2026-09-01T09:00:00+08:00", to: world.county)
            let leader = Actor(role: .leader, id: nil)
            try await service.markKey(
                promised, keyItem: true, leadOfficial: "副区长 张三", by: leader, now: TestConfig.instant("2026-09-02T09:00:00+08:00"))
            try await service.markKey(
                open, keyItem: true, leadOfficial: nil, by: leader, now: TestConfig.instant("2026-09-02T09:00:00+08:00"))
            try await world.loop.reply(
                assignment, ReplyLetter(outcome: .planned, text: "列入十月计划", promisedOn: "2026-10-15"), by: Actor(user: world.countyUser),
                now: TestConfig.instant("2026-09-10T09:00:00+08:00"))
            try await service.rate(
                promised, by: world.representative.id, .init(rating: .basicallySatisfied, contactedBefore: true),
                actor: Actor(role: .representative, id: nil), now: TestConfig.instant("2026-09-12T09:00:00+08:00"))
            try await database.query(
                """
                INSERT INTO job_cursors (kind, last_nominal_at) VALUES
                    ('monthly_tracking', \(TestConfig.instant("2026-10-01T08:00:00+08:00"))), ('quarterly_oversight', '2026-09-15 01:00+00')
                """,
                logger: world.logger)
            let number = try await database.query("SELECT number FROM suggestions WHERE id = \(promised)", logger: world.logger)
                .first!.decode(String.self)
            // October's sheet: the promised date (15 October) passed while it was not done
            _ = try await world.worker(at: "2026-11-01T08:00:00+08:00").pass()
            let sheet = try #require(try await world.snapshot(MonthlySheet.self, "2026-10"))
            let county = try #require(sheet.departments.first { $0.departmentID == world.county.id })
            #expect(county.overdueFollowUps?.map(\.number) == [number])
            #expect(county.overdueFollowUps?.first?.promisedOn == "2026-10-15")
            // the fourth quarter's list: both key suggestions, whatever their deadline, and the late promise
            _ = try await world.worker(at: "2026-12-15T09:00:00+08:00").pass()
            let list = try #require(try await world.snapshot(OversightList.self, "2026-Q4"))
            let items = list.departments.flatMap(\.items)
            #expect(items.filter { $0.reason == .keySuggestionOpen }.count == 2)
            #expect(items.filter { $0.reason == .followUpOverdue }.map(\.receiptNo) == [number])
            // done: off the next lists
            try await service.reportDone(
                promised, note: "已完成", by: Actor(user: world.countyUser), department: world.county.id,
                now: TestConfig.instant("2026-12-20T09:00:00+08:00"))
            let status = try await database.query("SELECT status FROM suggestions WHERE id = \(promised)", logger: world.logger)
                .first!.decode(String.self)
            #expect(status == "done")
        }
    }
    @Test func theAnnualEvaluationWeighsSuggestionHandlingAndCountsWhereSuggestionsCameFrom() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            let service = world.suggestions
            // a submission: replied on time, rated satisfied by both evaluators
            let (submission, first) = try await world.assigned(at: "2026-03-02T09:00:00+08:00", to: world.county, days: 5)
            try await world.reply(first, at: "2026-03-03T09:00:00+08:00", user: world.countyUser)
            try await world.rate(submission, .satisfied, at: "2026-03-04T09:00:00+08:00")
            // a suggestion: answered on time, the lead representative unsatisfied → round 2, not answered in the year
            let (suggestion, assignment) = try await Self.assigned(world, at: "2026-04-01T09:00:00+08:00", to: world.county)
            try await world.reply(assignment, at: "2026-04-20T09:00:00+08:00", user: world.countyUser)
            try await service.rate(
                suggestion, by: world.representative.id, .init(rating: .unsatisfied, contactedBefore: false),
                actor: Actor(role: .representative, id: nil), now: TestConfig.instant("2026-04-25T09:00:00+08:00"))
            // another suggestion grown from a resident's submission
            let source = try await world.accepted(at: "2026-05-01T09:00:00+08:00", title: "小区停车难")
            let grown = try await service.create(
                SuggestionDraft(
                    representativeID: world.representative.id, type: .suggestion, title: "关于缓解停车难的建议", body: "正文",
                    category: "urban_rural_construction", sourceSubmissionIDs: [source.id]),
                by: Actor(user: world.admin), filedBy: nil, within: .everything, now: TestConfig.instant("2026-05-02T09:00:00+08:00"))
            try await service.submit(grown, by: Actor(user: world.admin), now: TestConfig.instant("2026-05-02T09:00:00+08:00"))
            // a C answer the representative accepted: closed, and on the year's review list
            let (explained, answer) = try await Self.assigned(world, at: "2026-06-01T09:00:00+08:00", to: world.township)
            try await world.loop.addContact(
                answer, stage: .before, method: .phone, note: "电话沟通", at: TestConfig.instant("2026-06-05T09:00:00+08:00"),
                by: Actor(user: world.townshipUser), now: TestConfig.instant("2026-06-05T09:00:00+08:00"))
            try await world.loop.reply(
                answer, ReplyLetter(outcome: .explained, text: "受规划限制，暂难实施"), by: Actor(user: world.townshipUser),
                now: TestConfig.instant("2026-06-10T09:00:00+08:00"))
            try await service.rate(
                explained, by: world.representative.id, .init(rating: .basicallySatisfied, contactedBefore: true),
                actor: Actor(role: .representative, id: nil), now: TestConfig.instant("2026-06-12T09:00:00+08:00"))
            try await database.query(
                "INSERT INTO job_cursors (kind, last_nominal_at) VALUES ('annual_evaluation', '2025-12-31 17:00+00')", logger: world.logger)
            _ = try await world.worker(at: "2027-01-01T02:00:00+08:00").pass()
            let report = try #require(try await world.snapshot(AnnualReport.self, "2026"))
            let review = try #require(report.explainedForReview)
            #expect(review.map(\.departmentID) == [world.township.id] && review.first?.title == "关于完善江南大道照明的建议")
            let county = try #require(report.departments.first { $0.departmentID == world.county.id })
            // the county replied without a contact before (flagged, not scored); the township phoned first
            #expect(
                county.suggestions
                    == SuggestionHandling(leadAssignments: 2, repliedOnTime: 1, rated: 1, satisfied: 0, repliedWithoutContact: 1))
            let township = try #require(report.departments.first { $0.departmentID == world.township.id })
            #expect(township.suggestions?.repliedWithoutContact == 0 && township.suggestions?.leadAssignments == 1)
            // on time 2/3 × 40, satisfaction 1/2 × 40, (1 − reopen 1/2) × 20, suggestions mean(1/2, 0/1) × 20, over 120
            #expect(county.score == 51.4)
            #expect(report.weights.suggestions == 20)
            let sources = try #require(report.suggestionSources)
            #expect(sources == [AnnualReport.SuggestionSources(regionID: world.region.id, suggestions: 3, fromResidents: 1)])
            #expect(sources.first?.share == 0.333)
            #expect(report.withoutStaffParts().suggestionSources == nil && report.withoutStaffParts().explainedForReview == nil)
        }
    }
    @Test func theWholePathFromDraftToDoneBetweenSessions() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            let service = world.suggestions
            let lead = Actor(role: .representative, id: nil)
            let staff = Actor(user: world.admin)
            func at(_ text: String) -> Date { TestConfig.instant(text) }
            func status(_ id: UUID) async throws -> String {
                try await database.query("SELECT status FROM suggestions WHERE id = \(id)", logger: world.logger).first!.decode(String.self)
            }
            let coSigner = try await RepresentativeStore(database: database, logger: world.logger).create(
                .init(name: "陈明", level: .county, homeStationID: world.station.id, regionID: world.region.id),
                now: at("2026-01-01T00:00:00+08:00"))
            // draft with a co-signer, co-signed, submitted, reviewed: returned once, then accepted
            let id = try await service.create(
                SuggestionDraft(
                    representativeID: world.representative.id, type: .suggestion, title: "关于增设公交线路的建议", body: "初稿",
                    category: "urban_rural_construction", coSignerIDs: [coSigner.id]),
                by: lead, filedBy: nil, within: .everything, now: at("2026-10-08T09:00:00+08:00"))
            try await service.coSign(id, representative: coSigner.id, by: lead, now: at("2026-10-08T10:00:00+08:00"))
            try await service.submit(id, by: lead, now: at("2026-10-09T09:00:00+08:00"))
            try await service.returnForRevision(id, reason: "请补充客流数据", by: staff, now: at("2026-10-10T09:00:00+08:00"))
            try await service.update(id, SuggestionDraft(body: "早晚高峰客流约3000人次"), by: lead, now: at("2026-10-12T09:00:00+08:00"))
            try await service.submit(id, by: lead, now: at("2026-10-12T10:00:00+08:00"))
            try await service.accept(id, by: staff, now: at("2026-10-13T09:00:00+08:00"))
            // pre-assigned; unopposed; the worker assigns it on 2 November, the month's first working day (1st is a Sunday)
            try await service.preassign(
                id, [.init(departmentID: world.county.id, role: .lead), .init(departmentID: world.township.id, role: .co)], by: staff,
                within: .everything, now: at("2026-10-20T09:00:00+08:00"))
            _ = try await world.worker(at: "2026-11-01T10:00:00+08:00").pass()
            #expect(try await status(id) == "preassigned")
            _ = try await world.worker(at: "2026-11-02T09:00:00+08:00").pass()
            #expect(try await status(id) == "assigned")
            let assignments = try await database.query(
                "SELECT id, role, due_at FROM assignments WHERE suggestion_id = \(id) ORDER BY role DESC", logger: world.logger
            ).map { try $0.decode((UUID, String, Date).self) }
            #expect(assignments.map(\.2) == [at("2027-02-02T23:59:59+08:00"), at("2027-02-02T23:59:59+08:00")])
            let (leadAssignment, coAssignment) = (assignments[0].0, assignments[1].0)
            // the departments: contact before, the co-handler's reply, the lead's B reply answers it
            try await world.loop.addContact(
                leadAssignment, stage: .before, method: .visit, note: "走访代表", at: at("2026-11-05T09:00:00+08:00"),
                by: Actor(user: world.countyUser), now: at("2026-11-05T10:00:00+08:00"))
            try await world.loop.reply(
                coAssignment, ReplyLetter(outcome: .solved, text: "配合调查客流"), by: Actor(user: world.townshipUser),
                now: at("2026-11-20T09:00:00+08:00"))
            try await world.loop.reply(
                leadAssignment, ReplyLetter(outcome: .planned, text: "拟于明年开通", promisedOn: "2027-03-31"),
                by: Actor(user: world.countyUser), now: at("2026-12-01T09:00:00+08:00"))
            #expect(try await status(id) == "answered")
            // the representative's rating puts it in follow-up; the department reports it done
            try await service.rate(
                id, by: world.representative.id, .init(rating: .satisfied, contactedBefore: true), actor: lead,
                now: at("2026-12-03T09:00:00+08:00"))
            #expect(try await status(id) == "in_follow_up")
            try await service.reportDone(
                id, note: "新线路已开通", by: Actor(user: world.countyUser), department: world.county.id, now: at("2027-03-20T09:00:00+08:00"))
            #expect(try await status(id) == "done")
            let actions = try await database.query(
                "SELECT action FROM timeline_events WHERE suggestion_id = \(id) AND assignment_id IS NULL ORDER BY id", logger: world.logger
            ).map { try $0.decode(String.self) }
            #expect(
                actions == [
                    "drafted", "co_signed", "submitted", "returned_for_revision", "revised", "submitted", "accepted", "preassigned",
                    "assigned", "replied", "rated", "follow_up", "done",
                ])
        }
    }
    @Test func anAnswerTheLeadDoesNotRateSettlesWhenTheRatingWindowEnds() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            let (solved, a) = try await Self.assigned(world, at: "2026-03-02T09:00:00+08:00", to: world.county)
            let (planned, b) = try await Self.assigned(world, at: "2026-03-02T09:00:00+08:00", to: world.county)
            let county = Actor(user: world.countyUser)
            try await world.loop.reply(
                a, ReplyLetter(outcome: .solved, text: "已解决"), by: county, now: TestConfig.instant("2026-03-03T09:00:00+08:00"))
            try await world.loop.reply(
                b, ReplyLetter(outcome: .planned, text: "列入计划", promisedOn: "2026-09-30"), by: county,
                now: TestConfig.instant("2026-03-03T09:00:00+08:00"))
            func status(_ id: UUID) async throws -> String {
                try await database.query("SELECT status FROM suggestions WHERE id = \(id)", logger: world.logger).first!.decode(String.self)
            }
            _ = try await world.worker(at: "2026-03-18T08:00:00+08:00").pass()  // the 15-day window ends at 09:00
            #expect(try await status(solved) == "answered")
            _ = try await world.worker(at: "2026-03-18T10:00:00+08:00").pass()
            #expect(try await status(solved) == "done")
            #expect(try await status(planned) == "in_follow_up")
            let rated = try await database.query(
                "SELECT count(*)::int FROM suggestion_ratings", logger: world.logger
            ).first!.decode(Int.self)
            #expect(rated == 0)
        }
    }
}
