import Foundation
import MinqingCore
import MinqingRules
import PostgresNIO
import TestSupport
import Testing

@testable import MinqingWorker

/// A correction rebuilds a period's report from the mended data as the next version with its reason; the
/// first version stays as the job wrote it.
@Suite(.timeLimit(.minutes(2))) struct ReportCorrectionTests {
    func correct(
        _ world: LoopWorld, _ kind: ReportStore.Kind, _ period: String, reason: String = "承办单位名称录入有误",
        at instant: String = "2027-01-10T10:00:00+08:00"
    ) async throws -> Int {
        try await ReportCorrection.correct(
            kind, region: world.region.id, period: period, reason: reason, policy: RhythmPolicy(), calendar: TestConfig.calendar,
            database: world.database, clock: .fixed(TestConfig.instant(instant)), logger: world.logger)
    }

    func version<Content: ReportData>(_ world: LoopWorld, _ type: Content.Type, _ period: String, _ version: Int? = nil)
        async throws -> ReportStore.Snapshot<Content>
    {
        try #require(
            try await ReportStore(database: world.database, logger: world.logger).snapshot(
                type, region: world.region.id, period: period, version: version))
    }

    /// One county item closed satisfied in March; the annual job run for 2026.
    func evaluatedYear(_ world: LoopWorld) async throws {
        let (submission, assignment) = try await world.assigned(at: "2026-03-02T09:00:00+08:00", to: world.county, days: 5)
        try await world.reply(assignment, at: "2026-03-03T09:00:00+08:00", user: world.countyUser)
        try await world.rate(submission, .satisfied, at: "2026-03-04T09:00:00+08:00")
        try await world.database.query(
            "INSERT INTO job_cursors (kind, last_nominal_at) VALUES ('annual_evaluation', '2025-12-31 17:00+00')", logger: world.logger
        )
        _ = try await world.worker(at: "2027-01-01T02:00:00+08:00").pass()
    }

    @Test func anAnnualCorrectionIsTheNextVersionAndKeepsTheFirstAndTheSamples() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            try await evaluatedYear(world)
            let sample = try await database.query("SELECT submission_ids FROM spot_check_samples", logger: world.logger)
                .first!.decode([UUID].self)
            // the mend: the department's registered name was wrong
            try await database.query("UPDATE departments SET name = '区住房和城乡建设局' WHERE id = \(world.county.id)", logger: world.logger)
            #expect(try await correct(world, .annual, "2026") == 2)

            let first = try await version(world, AnnualReport.self, "2026", 1)
            #expect(first.data.departments.map(\.departmentName) == ["区住建局"])
            #expect(first.reason == nil && first.newestVersion == 2)
            let corrected = try await version(world, AnnualReport.self, "2026")
            #expect(corrected.version == 2 && corrected.reason == "承办单位名称录入有误")
            #expect(corrected.data.departments.map(\.departmentName) == ["区住房和城乡建设局"])
            #expect(corrected.createdAt == TestConfig.instant("2027-01-10T10:00:00+08:00"))
            #expect(corrected.publishedAt == nil)
            // the same figures and samples: nothing was redrawn
            #expect(corrected.data.departments[0].score == first.data.departments[0].score)
            #expect(corrected.data.spotChecks == first.data.spotChecks && corrected.data.spotChecks == sample.count)
            #expect(
                try await database.query("SELECT submission_ids FROM spot_check_samples", logger: world.logger)
                    .first!.decode([UUID].self) == sample)
        }
    }

    @Test func twoCorrectionsAtOnceGetTheirOwnVersions() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            try await evaluatedYear(world)
            async let a = correct(world, .annual, "2026", reason: "第一次更正")
            async let b = correct(world, .annual, "2026", reason: "第二次更正")
            #expect(try await [a, b].sorted() == [2, 3])
            #expect(try await world.count("SELECT count(*)::int FROM reports WHERE kind = 'annual' AND period_key = '2026'") == 3)
        }
    }

    @Test func aQuarterlyCorrectionIsDrawnAsOfTheFirstListsInstant() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            try await world.assigned(at: "2026-11-02T09:00:00+08:00", to: world.county, days: 3, title: "逾期件")
            try await database.query(
                "INSERT INTO job_cursors (kind, last_nominal_at) VALUES ('quarterly_oversight', '2026-09-15 01:00+00')",
                logger: world.logger
            )
            _ = try await world.worker(at: "2026-12-15T09:00:00+08:00").pass()
            // filed and overdue after the list was drawn up: not in the correction either
            try await world.assigned(at: "2026-12-16T09:00:00+08:00", to: world.township, days: 1, title: "后来的")
            try await database.query("UPDATE departments SET contact_person = '周科长' WHERE id = \(world.county.id)", logger: world.logger)
            #expect(try await correct(world, .quarterly, "2026-Q4", at: "2026-12-28T10:00:00+08:00") == 2)
            let first = try await version(world, OversightList.self, "2026-Q4", 1)
            let corrected = try await version(world, OversightList.self, "2026-Q4", 2)
            #expect(corrected.data.asOf == first.data.asOf && corrected.data.meetingDate == "2026-12-15")
            #expect(corrected.data.departments.map(\.departmentName) == ["区住建局"])
            #expect(corrected.data.departments.map(\.responsiblePerson) == ["周科长"])
            #expect(first.data.departments.map(\.responsiblePerson) == ["孙科长"])
        }
    }

    @Test func whatCannotBeCorrectedIsRefused() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            func refusal(_ kind: ReportStore.Kind, _ period: String, reason: String = "更正") async throws -> DomainError? {
                do {
                    _ = try await correct(world, kind, period, reason: reason)
                    return nil
                } catch let error as DomainError { return error }
            }
            // no report yet: the job writes the first version, a correction only follows one
            guard case .notFound? = try await refusal(.monthly, "2026-10") else {
                Issue.record("corrected a missing report")
                return
            }
            guard case .notFound? = try await refusal(.annual, "2026") else {
                Issue.record("corrected a missing report")
                return
            }
            guard case .invalid(let period)? = try await refusal(.monthly, "2026") else {
                Issue.record("wrong key accepted")
                return
            }
            #expect(period.map(\.field) == ["period"])
            guard case .invalid(let reason)? = try await refusal(.annual, "2026", reason: "  ") else {
                Issue.record("no reason")
                return
            }
            #expect(reason.map(\.field) == ["reason"])
            #expect(try await world.count("SELECT count(*)::int FROM reports") == 0)
            #expect(try await world.count("SELECT count(*)::int FROM spot_check_samples") == 0)
        }
    }
}
