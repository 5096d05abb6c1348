import Foundation
import MinqingCore
import MinqingRules
import PostgresNIO
import TestSupport
import Testing

@testable import MinqingWorker

@Suite(.timeLimit(.minutes(1))) struct SchedulerEngineTests {
    @Test func severalConcurrentRunnersExecuteEachPeriodExactlyOnce() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let harness = try await SchedulerHarness(database: database)
            let kinds = [TestJobs.monthly(), TestJobs.scan()]
            try await harness.setCursor("test_monthly", to: "2025-11-01T08:00:00+08:00")
            let reports = try await withThrowingTaskGroup(of: Scheduler.PassReport.self) { group in
                for runner in 0..<6 {
                    group.addTask {
                        try await harness.scheduler(kinds, at: "2026-11-22T10:00:00+08:00", owner: "runner-\(runner)").pass()
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let monthly = try await harness.effects("test_monthly")
            #expect(monthly.count == 12)
            #expect(monthly.values.allSatisfy { $0 == 1 })
            #expect(monthly.keys.sorted().first == "2025-11")
            #expect(monthly.keys.sorted().last == "2026-10")
            #expect(try await harness.effects("test_scan") == ["2026-11-22T02:00:00Z": 1])
            #expect(reports.map(\.succeeded).reduce(0, +) == 13)
            #expect(reports.map(\.enqueued).reduce(0, +) == 13)
        }
    }

    @Test func aRunnerKilledMidJobIsRescuedAndTheJobCompletesOnce() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let harness = try await SchedulerHarness(database: database)
            let started = Gate()
            let release = Gate()
            // The first attempt hangs (its runner is "killed": no heartbeat reaches a later instant).
            let kind = JobKind(
                name: "test_hanging", schedule: .monthly(day: 1, hour: 8, minute: 0), policy: .all,
                lease: .seconds(30)
            ) { context, connection in
                if context.attempt == 1 {
                    await started.open()
                    await release.wait()
                }
                try await TestJobs.recordEffect(context, connection)
            }
            let stuck = Task {
                try await harness.scheduler([kind], at: "2026-11-22T10:00:00+08:00", owner: "killed").pass()
            }
            await started.wait()
            // 31 seconds later by the injected clock the lease has expired: another runner rescues it.
            let rescuer = try await harness.scheduler([kind], at: "2026-11-22T10:00:31+08:00", owner: "rescuer").pass()
            #expect(rescuer.rescued == 1)
            #expect(rescuer.succeeded == 1)
            // The killed runner wakes up: its compare-and-set fails and its writes roll back.
            await release.open()
            let stuckReport = try await stuck.value
            #expect(stuckReport.leaseLost == 1)
            #expect(stuckReport.succeeded == 0)
            #expect(try await harness.effects("test_hanging") == ["2026-10": 1])
            let row = try #require(try await harness.ledger("test_hanging", "2026-10"))
            #expect(row.state == "succeeded")
            #expect(row.attempt == 2)
        }
    }

    @Test func anOperatorsFutureTickTakesItsLeaseOnTheRealClock() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let harness = try await SchedulerHarness(database: database)
            let started = Gate()
            let release = Gate()
            let kind = JobKind(name: "test_hanging", schedule: .monthly(day: 1, hour: 8, minute: 0), policy: .all, lease: .seconds(2)) {
                context, connection in
                if context.attempt == 1 {
                    await started.open()
                    await release.wait()
                }
                try await TestJobs.recordEffect(context, connection)
            }
            // `tick --force --now` half a year ahead, killed while it runs the period
            let future = AppClock.fixed(TestConfig.instant("2027-06-01T10:00:00+08:00"))
            let tick = Task { try await harness.scheduler([kind], clock: future, leaseClock: .system, owner: "tick").pass() }
            await started.wait()
            let expires = try await database.query(
                "SELECT lease_expires_at FROM job_runs WHERE state = 'running'", logger: harness.logger
            ).first!.decode(Date.self)
            #expect(expires < Date().addingTimeInterval(5), "the lease runs on the real clock, not until \(expires)")
            // (killed there, it would expire in two real seconds for a running daemon to rescue, not in June)
            await release.open()
            #expect(try await tick.value.succeeded == 1)
        }
    }

    @Test func aCursorHundredDaysBehindCatchesUpEveryMonthButOnlyTheLatestScan() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let harness = try await SchedulerHarness(database: database)
            let kinds = [TestJobs.monthly(), TestJobs.scan()]
            // 100 days before 2026-11-22T12:00+08:00.
            try await harness.setCursor("test_monthly", to: "2026-08-14T12:00:00+08:00")
            try await harness.setCursor("test_scan", to: "2026-08-14T12:00:00+08:00")
            let report = try await harness.scheduler(kinds, at: "2026-11-22T12:00:00+08:00").pass()
            #expect(report.enqueued == 4)
            #expect(try await harness.effects("test_monthly") == ["2026-08": 1, "2026-09": 1, "2026-10": 1])
            #expect(try await harness.effects("test_scan") == ["2026-11-22T04:00:00Z": 1])

            // A restart (a new runner, same instant) adds nothing.
            let restart = try await harness.scheduler(kinds, at: "2026-11-22T12:00:00+08:00").pass()
            #expect(restart == Scheduler.PassReport())
            #expect(try await harness.effects("test_monthly").values.reduce(0, +) == 3)
        }
    }

    @Test func theClockMovingBackwardsDuplicatesNothing() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let harness = try await SchedulerHarness(database: database)
            let kinds = [TestJobs.monthly(), TestJobs.scan()]
            try await harness.scheduler(kinds, at: "2026-12-01T09:00:00+08:00").pass()
            let backwards = try await harness.scheduler(kinds, at: "2026-11-15T09:00:00+08:00").pass()
            #expect(backwards == Scheduler.PassReport())
            let forwardAgain = try await harness.scheduler(kinds, at: "2026-12-01T09:02:00+08:00").pass()
            #expect(forwardAgain.enqueued == 0)
            #expect(try await harness.effects("test_monthly") == ["2026-11": 1])
            #expect(try await harness.effects("test_scan") == ["2026-12-01T01:00:00Z": 1])
        }
    }

    @Test func aNewKindStartsWithItsLatestPeriodOnly() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let harness = try await SchedulerHarness(database: database)
            try await harness.scheduler([TestJobs.monthly()], at: "2026-11-22T12:00:00+08:00").pass()
            #expect(try await harness.effects("test_monthly") == ["2026-10": 1])
            try await harness.scheduler([TestJobs.monthly()], at: "2027-01-01T08:00:00+08:00").pass()
            #expect(try await harness.effects("test_monthly") == ["2026-10": 1, "2026-11": 1, "2026-12": 1])
        }
    }

    @Test func aFailingJobRetriesWithBackoffThenKeepsItsLastError() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            struct Boom: Error {}
            let harness = try await SchedulerHarness(database: database)
            let failing = JobKind(
                name: "test_failing", schedule: .monthly(day: 1, hour: 8, minute: 0), policy: .all, maxAttempts: 3
            ) { context, connection in
                try await TestJobs.recordEffect(context, connection)
                throw Boom()
            }
            let backoff = Backoff(base: .seconds(60), cap: .seconds(600))
            let first = try await harness.scheduler([failing], at: "2026-11-22T12:00:00+08:00", backoff: backoff).pass()
            #expect(first.failed == 1)
            let afterFirst = try #require(try await harness.ledger("test_failing", "2026-10"))
            #expect(afterFirst.state == "pending")
            #expect(afterFirst.error?.contains("Boom") == true)
            // Jitter keeps the delay within [0.5, 1] × 60 s.
            let delay = afterFirst.runAfter.timeIntervalSince(TestConfig.instant("2026-11-22T12:00:00+08:00"))
            #expect((30...60).contains(delay))

            // Not yet due: nothing runs.
            let early = try await harness.scheduler([failing], at: "2026-11-22T12:00:20+08:00", backoff: backoff).pass()
            #expect(early.failed == 0)
            try await harness.scheduler([failing], at: "2026-11-22T12:02:00+08:00", backoff: backoff).pass()
            try await harness.scheduler([failing], at: "2026-11-22T12:10:00+08:00", backoff: backoff).pass()
            let last = try #require(try await harness.ledger("test_failing", "2026-10"))
            #expect(last.state == "failed")
            #expect(last.attempt == 3)
            #expect(last.error?.contains("Boom") == true)
            // Every attempt rolled back its own writes.
            #expect(try await harness.effects("test_failing").isEmpty)
            // A failed period stays failed.
            let later = try await harness.scheduler([failing], at: "2026-11-23T12:00:00+08:00", backoff: backoff).pass()
            #expect(later == Scheduler.PassReport())
        }
    }

    @Test func aHeartbeatKeepsALongJobsLease() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let harness = try await SchedulerHarness(database: database)
            let started = Gate()
            let release = Gate()
            let slow = JobKind(
                name: "test_slow", schedule: .monthly(day: 1, hour: 8, minute: 0), policy: .all, lease: .seconds(3)
            ) { context, connection in
                await started.open()
                await release.wait()
                try await TestJobs.recordEffect(context, connection)
            }
            // Real time drives this runner's clock, so its heartbeats move the lease forward.
            let origin = TestConfig.instant("2026-11-22T12:00:00+08:00")
            let runner = Task { try await harness.scheduler([slow], clock: .starting(at: origin)).pass() }
            await started.wait()
            try await Task.sleep(for: .seconds(4))
            // Without heartbeats the lease (3 s) would have expired by origin + 3.5 s.
            let rescuer = try await harness.scheduler([slow], clock: .fixed(origin.addingTimeInterval(3.5))).pass()
            #expect(rescuer.rescued == 0)
            await release.open()
            #expect(try await runner.value.succeeded == 1)
            #expect(try await harness.effects("test_slow") == ["2026-10": 1])
        }
    }
}
