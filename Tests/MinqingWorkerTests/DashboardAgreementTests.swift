import Foundation
import MinqingCore
import MinqingRules
import PostgresNIO
import TestSupport
import Testing

@testable import MinqingWorker

/// The dashboard (驾驶舱) against the reports for the same data: a month's against its monthly sheet and
/// its 民情专报, a year's against the annual evaluation — read from the kept year figures and recounted.
@Suite(.timeLimit(.minutes(3))) struct DashboardAgreementTests {
    let october = TestConfig.instant("2026-10-01T00:00:00+08:00")..<TestConfig.instant("2026-11-01T00:00:00+08:00")

    func board(_ world: LoopWorld, _ period: Range<Date>, now: Date? = nil, scope: AccessScope = .everything) async throws -> Dashboard {
        try await DashboardStore(database: world.database, logger: world.logger).dashboard(
            .init(
                region: world.region.id, regionName: world.region.name, period: period, now: now ?? period.upperBound,
                local: TestConfig.calendar, policy: RhythmPolicy()),
            within: scope)
    }

    /// October at the station: an on-time reply rated satisfied (closed), a late reply, an open key item
    /// overdue at the month's end, a township reply to a September item; a kept and recorded duty slot and
    /// a held reception; one item filed by phone (not direct).
    func october(_ world: LoopWorld) async throws {
        let (rated, onTime) = try await world.assigned(at: "2026-10-12T09:00:00+08:00", to: world.county, days: 5, title: "路灯不亮按时")
        try await world.reply(onTime, at: "2026-10-14T09:00:00+08:00", user: world.countyUser)
        try await world.rate(rated, .satisfied, at: "2026-10-15T09:00:00+08:00")
        let (_, late) = try await world.assigned(at: "2026-10-12T09:00:00+08:00", to: world.county, days: 2, title: "路灯不亮超时")
        try await world.reply(late, at: "2026-10-20T09:00:00+08:00", user: world.countyUser)
        try await world.assigned(at: "2026-10-26T09:00:00+08:00", to: world.county, days: 2, title: "加装电梯未办结", keyItem: true)
        let (_, early) = try await world.assigned(at: "2026-09-28T09:00:00+08:00", to: world.township, days: 10, title: "跨月")
        try await world.reply(early, at: "2026-10-09T09:00:00+08:00", user: world.townshipUser)
        _ = try await world.intake.file(
            IntakeRequest(
                channel: "phone", kind: "help", category: "social_security", content: "电话反映低保申请审核时间过长。",
                stationID: world.station.id.uuidString),
            filer: world.admin, clientAddress: "test", idempotencyKey: nil, now: TestConfig.instant("2026-10-16T10:00:00+08:00"))
        try await world.database.query(
            """
            INSERT INTO rota_slots (station_id, day, from_minute, to_minute, starts_at, ends_at, recorded_at, visitors, created_at, updated_at)
            VALUES (\(world.station.id), '2026-10-10', 540, 720, '2026-10-10 09:00+08', '2026-10-10 12:00+08', '2026-10-10 12:00+08', 6,
                    '2026-10-01', '2026-10-01');
            """, logger: world.logger)
        try await world.database.query(
            """
            INSERT INTO rota_slot_representatives (slot_id, representative_id, checked_in_at)
            SELECT id, \(world.representative.id), '2026-10-10 08:55+08' FROM rota_slots
            """, logger: world.logger)
        try await world.database.query(
            """
            INSERT INTO activities (region_id, station_id, kind, title, starts_at, ends_at, status, organiser_representative_id, created_at, updated_at)
            VALUES (\(world.region.id), \(world.station.id), 'reception', '接待日', '2026-10-20 09:00+08', '2026-10-20 11:00+08', 'held',
                    \(world.representative.id), '2026-10-01', '2026-10-20')
            """, logger: world.logger)
    }

    @Test func aMonthsDashboardEqualsItsMonthlySheetAndItsDigest() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            try await october(world)
            let users = UserStore(database: database, logger: world.logger)
            let start = TestConfig.instant("2026-01-01T00:00:00+08:00")
            let leader = try await users.create(
                .init(username: "leader", passwordHash: "x", role: .leader, regionID: world.region.id), now: start)
            let staff = try await users.create(
                .init(username: "staff", passwordHash: "x", role: .staff, regionID: world.region.id), now: start)
            let elsewhere = try await RegionStore(database: database, logger: world.logger).create(
                .init(name: "西湖区", level: .county), now: start)
            let otherLeader = try await users.create(
                .init(username: "other-leader", passwordHash: "x", role: .leader, regionID: elsewhere.id), now: start)
            for (kind, at) in [("monthly_tracking", "2026-10-01T08:00:00+08:00"), ("monthly_digest", "2026-10-01T09:00:00+08:00")] {
                try await database.query(
                    "INSERT INTO job_cursors (kind, last_nominal_at) VALUES (\(kind), \(TestConfig.instant(at)))", logger: world.logger)
            }
            _ = try await world.worker(at: "2026-11-01T09:30:00+08:00").pass()
            let sheet = try #require(try await world.snapshot(MonthlySheet.self, "2026-10"))
            let digest = try #require(try await world.snapshot(MonthlyDigest.self, "2026-10"))
            let board = try await board(world, october)

            // intake: received, direct share, categories, closed as the sheet's intake summary and graded handling
            let intake = try #require(board.intake), summary = try #require(sheet.intake)
            let submissions = try #require(intake.kinds.first { $0.kind == .submission })
            #expect(submissions.received == 4 && submissions.received == summary.received)
            #expect(intake.directFromResidents == 3 && intake.directFromResidents == summary.directFromResidents)
            #expect(intake.directShare == 0.75 && intake.directShare == summary.directShare)
            #expect(
                Dictionary(uniqueKeysWithValues: intake.categories.map { ($0.name, $0.submissions) })
                    == Dictionary(uniqueKeysWithValues: summary.byCategory.map { ($0.key, $0.count) }))
            let regions = try #require(sheet.regions)
            #expect(submissions.closed == 1 && submissions.closed == regions.reduce(0) { $0 + $1.closedAtOwnLevel + $1.closedOnReferral })
            #expect(intake.weekly.map(\.submissions).reduce(0, +) == 4)
            #expect(intake.weekly.map(\.week) == ["2026-09-28", "2026-10-05", "2026-10-12", "2026-10-19", "2026-10-26"])

            // stations: the sheet's station figures summed
            let stations = try #require(board.stations), months = try #require(sheet.stations)
            #expect(stations.receptions == 2 && stations.receptions == months.reduce(0) { $0 + $1.receptions })
            #expect(stations.slotsKept == 1 && stations.slotsKept == months.reduce(0) { $0 + $1.slotsKept })
            #expect(stations.slotsMissed == months.reduce(0) { $0 + $1.slotsMissed })
            #expect(stations.visitors == 6 && stations.visitors == months.reduce(0) { $0 + $1.visitors })

            // handling: October's three county assignments, one on time; overdue at the month's end, the key item
            let handling = try #require(board.handling)
            let county = try #require(handling.departments.first { $0.departmentID == world.county.id })
            #expect(county.figures.assigned == 3 && county.figures.replied == 2 && county.figures.repliedOnTime == 1)
            #expect(county.figures.satisfied == 1 && county.figures.satisfactionRate == 1)
            #expect(county.overdueNow == 1 && handling.overdueNow == 1)
            let sheetCounty = try #require(sheet.departments.first { $0.departmentID == world.county.id })
            #expect(county.figures.assigned == sheetCounty.totals.received && county.overdueNow == sheetCounty.totals.overdue)

            // the digest carries the month's dashboard figures, as of the month's end
            #expect(digest.figures == MonthlyDigest.Figures(board))
            #expect(digest.figures.submissions == 4 && digest.figures.closed == 1 && digest.figures.overdue == 1)
            #expect(digest.departments.map(\.departmentName) == ["区住建局"] && digest.departments.first?.overdue == 1)
            #expect(digest.keyItems.map(\.title) == ["加装电梯未办结"])
            let words = try await InsightStore(database: database, logger: world.logger).hotWords(
                HotWordsQuery(region: world.region.id, period: october, limit: MonthlyDigestJob.words), within: .everything)
            #expect(!words.isEmpty && digest.hotWords.map(\.term) == words.map(\.term))

            // the region's leaders and staff are told once; another region's leader is not
            func inbox(_ user: User) async throws -> Int {
                try await world.count(
                    "SELECT count(*)::int FROM notifications WHERE recipient_user_id = \(user.id) AND type = 'report.digest_ready'")
            }
            let (toLeader, toStaff, toOther) = (try await inbox(leader), try await inbox(staff), try await inbox(otherLeader))
            #expect(toLeader == 1 && toStaff == 1 && toOther == 0)

            // a re-run writes nothing new: the snapshot stays what the month was when it was written
            try await database.query(
                "UPDATE job_runs SET state = 'pending', run_after = '2026-11-01' WHERE kind = 'monthly_digest'", logger: world.logger)
            try await world.assigned(at: "2026-10-30T09:00:00+08:00", to: world.county, days: 2, title: "后补")
            _ = try await world.worker(at: "2026-11-01T10:00:00+08:00").pass()
            #expect(try await world.snapshot(MonthlyDigest.self, "2026-10")?.figures == digest.figures)
            #expect(try await inbox(leader) == 1)
        }
    }

    @Test func aYearsDashboardEqualsTheAnnualReportFromTheKeptFiguresAndRecounted() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            for index in 0..<3 {
                let (submission, assignment) = try await world.assigned(at: "2026-03-02T09:00:00+08:00", to: world.county, days: 5)
                try await world.reply(
                    assignment, at: index == 0 ? "2026-03-20T09:00:00+08:00" : "2026-03-03T09:00:00+08:00", user: world.countyUser)
                try await world.rate(submission, index == 2 ? .unsatisfied : .satisfied, at: "2026-03-21T09:00:00+08:00")
            }
            let (other, assignment) = try await world.assigned(at: "2026-06-01T09:00:00+08:00", to: world.township, days: 5)
            try await world.reply(assignment, at: "2026-06-02T09:00:00+08:00", user: world.townshipUser)
            try await world.rate(other, .basicallySatisfied, at: "2026-06-03T09:00:00+08:00")
            try await world.assigned(at: "2026-11-20T09:00:00+08:00", to: world.township, days: 3)
            try await world.assigned(at: "2025-12-30T09:00:00+08:00", to: world.county, days: 5)  // the year before
            try await database.query(
                "INSERT INTO job_cursors (kind, last_nominal_at) VALUES ('annual_evaluation', '2025-12-31 17:00+00')", logger: world.logger)
            _ = try await world.worker(at: "2027-01-01T02:00:00+08:00").pass()
            let annual = try #require(try await world.snapshot(AnnualReport.self, "2026"))

            let year = Period.year(2026).interval(in: TestConfig.calendar)
            let kept = try #require(try await board(world, year).handling)
            // a period that is not a whole local year is recounted from the assignments
            let recounted = try #require(try await board(world, year.lowerBound..<year.upperBound.addingTimeInterval(-3600)).handling)
            #expect(kept.departments.map(\.figures) == recounted.departments.map(\.figures))
            for department in annual.departments where department.assigned > 0 {
                let row = try #require(kept.departments.first { $0.departmentID == department.departmentID })
                let f = row.figures
                #expect(f.assigned == department.assigned && f.replied == department.replied && f.repliedOnTime == department.repliedOnTime)
                #expect(f.satisfied == department.satisfied && f.basicallySatisfied == department.basicallySatisfied)
                #expect(f.unsatisfied == department.unsatisfied && f.unrated == department.unrated)
                // the rates as the report writes them (three decimals, days to one)
                let derived = AnnualReport.Department(
                    departmentID: row.departmentID, departmentName: row.departmentName, figures: f, score: nil, grade: department.grade,
                    rank: department.rank)
                #expect(derived.onTimeRate == department.onTimeRate && derived.satisfactionRate == department.satisfactionRate)
                #expect(derived.averageWorkingDaysToReply == department.averageWorkingDaysToReply && derived.onTimeRate != nil)
            }
            let county = try #require(kept.departments.first { $0.departmentID == world.county.id })
            #expect(county.figures.assigned >= 3 && county.figures.repliedOnTime == 2)
            let township = try #require(kept.departments.first { $0.departmentID == world.township.id })
            #expect(township.figures.assigned == 2 && township.figures.basicallySatisfied == 1)

            // a department sees its own handling only, and no other section
            let own = try await board(world, year, scope: AccessScope(department: world.township.id))
            #expect(own.handling?.departments.map(\.departmentID) == [world.township.id])
            #expect(own.intake == nil && own.stations == nil && own.representatives == nil && own.hotWords == nil)
        }
    }
}
