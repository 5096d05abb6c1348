import Foundation
import MinqingCore
import MinqingRules
import PostgresNIO
import TestSupport
import Testing

@testable import MinqingWorker

@Suite(.timeLimit(.minutes(4))) struct WholeYearTests {
    /// Drives the real worker once a day through 2026 with an injected clock: every monthly, quarterly and
    /// annual period takes effect exactly once, reminders go out only on working days in office hours.
    @Test func aYearOfDailyTicksProducesEveryPeriodOnce() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            try await CalendarStore(database: database, logger: world.logger)
                .replace(year: 2026, holidays: ["2026-10-01", "2026-10-02", "2026-10-05"], workdays: ["2026-10-10"])
            for month in [2, 5, 9, 11] {
                try await world.assigned(at: String(format: "2026-%02d-03T10:00:00+08:00", month), to: world.county, days: 5)
            }
            for (kind, nominal) in [
                ("monthly_tracking", "2026-01-01T08:00:00+08:00"), ("quarterly_oversight", "2025-12-15T09:00:00+08:00"),
                ("annual_evaluation", "2026-01-01T01:00:00+08:00"),
            ] {
                try await database.query(
                    "INSERT INTO job_cursors (kind, last_nominal_at) VALUES (\(kind), \(TestConfig.instant(nominal)))",
                    logger: world.logger)
            }
            var day = TestConfig.instant("2026-01-02T09:30:00+08:00")
            let end = TestConfig.instant("2027-01-02T09:30:00+08:00")
            while day <= end {
                _ = try await world.worker(at: day.formatted(.iso8601)).pass()
                day = day.addingTimeInterval(86_400)
            }
            func reports(_ kind: String) async throws -> [String] {
                try await database.query("SELECT period_key FROM reports WHERE kind = \(kind) ORDER BY period_key", logger: world.logger)
                    .map { try $0.decode(String.self) }
            }
            #expect(try await reports("monthly") == (1...12).map { String(format: "2026-%02d", $0) })
            #expect(try await reports("quarterly") == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"])
            #expect(try await reports("annual") == ["2026"])
            #expect(try await world.count("SELECT count(*)::int FROM job_runs WHERE state <> 'succeeded'") == 0)
            #expect(try await world.count("SELECT count(*)::int FROM oversight_meetings") == 4)
            // Every reminder went out on a working day within office hours (local).
            let sent = try await database.query("SELECT sent_at FROM reminders", logger: world.logger).map { try $0.decode(Date.self) }
            #expect(!sent.isEmpty)
            let calendar = try await CalendarStore(database: database, logger: world.logger).workingCalendar(TestConfig.calendar)
            #expect(sent.allSatisfy { RhythmPolicy().isOfficeTime($0, calendar: calendar) })
            // Four assignments never answered: each climbed the whole ladder once, and no further.
            #expect(try await world.count("SELECT count(*)::int FROM reminders WHERE rung <> 'escalation'") == 4 * 10)
            #expect(try await world.count("SELECT count(*)::int FROM reminders WHERE rung = 'escalation'") == 4)
        }
    }
}
