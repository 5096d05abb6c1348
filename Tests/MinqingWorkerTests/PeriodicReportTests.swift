import Foundation
import MinqingCore
import MinqingRules
import PostgresNIO
import TestSupport
import Testing

@testable import MinqingWorker

@Suite(.timeLimit(.minutes(2))) struct PeriodicReportTests {
    /// A hand-built October: county gets three items (one replied on time, one replied late, one still open
    /// and overdue at month end); township one item assigned in September and replied in October.
    func october(_ world: LoopWorld) async throws {
        let (_, onTime) = try await world.assigned(at: "2026-10-12T09:00:00+08:00", to: world.county, days: 5, title: "按时")
        try await world.reply(onTime, at: "2026-10-14T09:00:00+08:00", user: world.countyUser)
        let (_, late) = try await world.assigned(at: "2026-10-12T09:00:00+08:00", to: world.county, days: 2, title: "超时")
        try await world.reply(late, at: "2026-10-20T09:00:00+08:00", user: world.countyUser)
        try await world.assigned(at: "2026-10-26T09:00:00+08:00", to: world.county, days: 2, title: "未办结", keyItem: true)
        let (_, early) = try await world.assigned(at: "2026-09-28T09:00:00+08:00", to: world.township, days: 10, title: "跨月")
        try await world.reply(early, at: "2026-10-09T09:00:00+08:00", user: world.townshipUser)
    }

    @Test func theMonthlySheetHasEachDepartmentsItemsAndTotals() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            try await october(world)
            let cursor = "2026-10-01T08:00:00+08:00"
            try await database.query(
                "INSERT INTO job_cursors (kind, last_nominal_at) VALUES ('monthly_tracking', \(TestConfig.instant(cursor)))",
                logger: world.logger)
            _ = try await world.worker(at: "2026-11-01T08:00:00+08:00").pass()
            let report = try #require(try await world.snapshot(MonthlySheet.self, "2026-10"))
            let county = try #require(report.departments.first { $0.departmentName == "区住建局" })
            #expect(county.items.count == 3)
            #expect(county.totals.received == 3)
            #expect(county.totals.replied == 2)
            #expect(county.totals.repliedOnTime == 1)
            #expect(county.totals.overdue == 1)
            let open = try #require(county.items.first { $0.title == "未办结" })
            #expect(open.stateAtMonthEnd == .pending)
            #expect(open.workingDaysOverdue == 2)  // due Wed 28 Oct: Thu 29 and Fri 30 overdue by month end
            let township = try #require(report.departments.first { $0.departmentName == "西兴街道城建办" })
            #expect(township.totals.received == 0)
            #expect(township.totals.replied == 1)
            #expect(report.intake?.received == 3)
            #expect(report.intake?.directShare == 1.0)

            // A re-run of the period changes nothing.
            try await database.query(
                "UPDATE job_runs SET state = 'pending', run_after = '2026-11-01' WHERE kind = 'monthly_tracking'", logger: world.logger)
            try await world.assigned(at: "2026-10-30T09:00:00+08:00", to: world.county, days: 2, title: "后补")
            _ = try await world.worker(at: "2026-11-01T09:00:00+08:00").pass()
            let again = try #require(try await world.snapshot(MonthlySheet.self, "2026-10"))
            #expect(try JSONValue.parse(again.json()) == JSONValue.parse(report.json()))
            #expect(try await world.count("SELECT count(*)::int FROM notifications WHERE type = 'report.monthly_ready'") == 3)
        }
    }

    @Test func theQuarterlyListGroupsOverdueUnsatisfiedAndKeyItems() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            try await world.assigned(at: "2026-11-02T09:00:00+08:00", to: world.county, days: 3, title: "逾期件")
            let (unhappy, assignment) = try await world.assigned(
                at: "2026-10-12T09:00:00+08:00", to: world.township, days: 5, title: "不满意件")
            try await world.reply(assignment, at: "2026-10-13T09:00:00+08:00", user: world.townshipUser)
            try await world.rate(unhappy, .unsatisfied, at: "2026-10-14T09:00:00+08:00")
            try await database.query(
                "INSERT INTO job_cursors (kind, last_nominal_at) VALUES ('quarterly_oversight', '2026-09-15 01:00+00')",
                logger: world.logger)
            _ = try await world.worker(at: "2026-12-15T09:00:00+08:00").pass()
            let report = try #require(try await world.snapshot(OversightList.self, "2026-Q4"))
            #expect(report.meetingDate == "2026-12-15")
            let county = try #require(report.departments.first { $0.departmentName == "区住建局" })
            #expect(county.responsiblePerson == "孙科长")
            #expect(county.items.map(\.reason) == [.overdue])
            let township = try #require(report.departments.first { $0.departmentName == "西兴街道城建办" })
            #expect(township.items.map(\.reason) == [.unsatisfied])
            #expect(try await world.count("SELECT count(*)::int FROM oversight_meetings WHERE quarter = '2026-Q4'") == 1)
        }
    }

    @Test func theAnnualEvaluationScoresGradesRanksAndSamplesReproducibly() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            // County: 4 items, all on time, rated satisfied → score 100, green.
            for index in 0..<4 {
                let (submission, assignment) = try await world.assigned(
                    at: "2026-03-02T09:00:00+08:00", to: world.county, days: 5, title: "件\(index)")
                try await world.reply(assignment, at: "2026-03-03T09:00:00+08:00", user: world.countyUser)
                try await world.rate(submission, .satisfied, at: "2026-03-04T09:00:00+08:00")
            }
            // Township: 2 items, both late, one unsatisfied → low score, red.
            for index in 0..<2 {
                let (submission, assignment) = try await world.assigned(
                    at: "2026-03-02T09:00:00+08:00", to: world.township, days: 1, title: "迟\(index)")
                try await world.reply(assignment, at: "2026-03-10T09:00:00+08:00", user: world.townshipUser)
                try await world.rate(submission, index == 0 ? .unsatisfied : .basicallySatisfied, at: "2026-03-11T09:00:00+08:00")
            }
            let seed = SpotCheckDraw.seed(year: 2026)
            let countyClosed = try await database.query(
                "SELECT id FROM submissions WHERE lead_department_id = \(world.county.id) AND status = 'closed' ORDER BY receipt_no",
                logger: world.logger
            ).map { try $0.decode(UUID.self) }
            #expect(countyClosed.count == 4)
            try await setPositions(world, countyClosed, [0.01, 0.02, 0.03, 0.04], seed: seed)
            try await database.query(
                "INSERT INTO job_cursors (kind, last_nominal_at) VALUES ('annual_evaluation', '2025-12-31 17:00+00')", logger: world.logger)
            _ = try await world.worker(at: "2027-01-01T02:00:00+08:00").pass()
            let report = try #require(try await world.snapshot(AnnualReport.self, "2026"))
            #expect(report.spotCheckSeed == seed)
            #expect(report.departments.map(\.departmentName) == ["区住建局", "西兴街道城建办"])
            let county = report.departments[0], township = report.departments[1]
            #expect(county.rank == 1 && county.grade == .green && county.score == 100)
            #expect(county.onTimeRate == 1)
            #expect(county.averageWorkingDaysToReply == 1)
            #expect(township.onTimeRate == 0)
            #expect(township.satisfactionRate == 0.5)
            #expect(township.reopenRate == 0.5)
            #expect(township.grade == .red)
            #expect(township.unsatisfied == 1)
            // Spot checks: county has 4 closed → max(3, ⌈0.4⌉) = 3, the first 3 by position; township has 1 closed
            // (the other reopened) → that one.
            #expect(report.spotCheckShare == 0.1 && report.spotCheckMinimum == 3)
            #expect(try await drawnSample(world, department: world.county.id) == Array(countyClosed.prefix(3)))
            #expect(try await drawnSample(world, department: world.township.id).count == 1)
            #expect(try await world.count("SELECT pool_size FROM spot_check_samples WHERE department_id = \(world.county.id)") == 4)
            #expect(report.spotChecks == 4)

            // Once more with other keys (one just before the offset, so last in the order): the draw follows them.
            try await setPositions(world, countyClosed, [0.99, 0.05, 0.5, 0.6], seed: seed)
            try await database.query("DELETE FROM spot_check_samples", logger: world.logger)
            try await database.query("DELETE FROM reports WHERE kind = 'annual'", logger: world.logger)
            try await database.query("DELETE FROM job_runs WHERE kind = 'annual_evaluation'", logger: world.logger)
            try await database.query(
                "UPDATE job_cursors SET last_nominal_at = '2025-12-31 17:00+00' WHERE kind = 'annual_evaluation'",
                logger: world.logger)
            _ = try await world.worker(at: "2027-01-01T02:00:00+08:00").pass()
            #expect(try await drawnSample(world, department: world.county.id) == Array(countyClosed.suffix(3)))
            // …drawn with the year's seed, which is stored with the sample for a recomputation
            #expect(
                try await database.query(
                    "SELECT seed FROM spot_check_samples WHERE department_id = \(world.county.id)", logger: world.logger
                ).first?.decode(Int64.self) == seed)
        }
    }

    /// Gives the submissions sample keys at these positions of the year's order.
    func setPositions(_ world: LoopWorld, _ submissions: [UUID], _ positions: [Double], seed: Int64) async throws {
        let offset = SpotCheckDraw(seed: seed, share: 0.1, minimum: 3).offset
        for (submission, position) in zip(submissions, positions) {
            let key = (offset + position).truncatingRemainder(dividingBy: 1)
            try await world.database.query("UPDATE submissions SET sample_key = \(key) WHERE id = \(submission)", logger: world.logger)
        }
    }

    func drawnSample(_ world: LoopWorld, department: UUID) async throws -> [UUID] {
        let rows = try await world.database.query(
            "SELECT submission_ids FROM spot_check_samples WHERE year = 2026 AND department_id = \(department)", logger: world.logger
        )
        return try rows.first?.decode([UUID].self) ?? []
    }
}
