import Foundation
import MinqingCore
import MinqingRules
import TestSupport
import Testing

@testable import MinqingWorker

@Suite struct ScheduleTests {
    let calendar = TestConfig.calendar
    let monthly = Schedule.monthly(day: 1, hour: 8, minute: 0)
    let quarterly = Schedule.quarterly(day: 15, hour: 9, minute: 0)
    let yearly = Schedule.yearly(hour: 1, minute: 0)

    func latestKey(_ schedule: Schedule, _ instant: String) -> String {
        schedule.latest(atOrBefore: TestConfig.instant(instant), in: calendar).key
    }

    @Test func monthlyPeriodsTakeEffectOnTheFirstOfTheNextMonthLocally() {
        #expect(latestKey(monthly, "2026-09-01T08:00:00+08:00") == "2026-08")
        #expect(latestKey(monthly, "2026-09-01T07:59:59+08:00") == "2026-07")
        // Month ends: February, and December into January across the year boundary.
        #expect(latestKey(monthly, "2026-03-01T08:00:00+08:00") == "2026-02")
        #expect(latestKey(monthly, "2027-01-01T08:00:00+08:00") == "2026-12")
        #expect(latestKey(monthly, "2026-12-31T23:59:59+08:00") == "2026-11")
        // Same instant written in UTC.
        #expect(latestKey(monthly, "2027-01-01T00:00:00Z") == "2026-12")
        #expect(latestKey(monthly, "2026-12-31T23:59:00Z") == "2026-11")
    }

    @Test func weeklyPeriodsTakeEffectOnTheMondayAfterLocally() {
        let weekly = Schedule.weekly(hour: 8, minute: 30)
        #expect(latestKey(weekly, "2026-10-12T08:30:00+08:00") == "W2026-10-05")
        #expect(latestKey(weekly, "2026-10-12T08:29:59+08:00") == "W2026-09-28")
        #expect(latestKey(weekly, "2026-10-18T23:59:00+08:00") == "W2026-10-05")
        // weeks are local: Monday 00:30 in Shanghai (Sunday in UTC) has the week ended, not yet due
        #expect(latestKey(weekly, "2026-10-19T00:30:00+08:00") == "W2026-10-05")
        #expect(latestKey(weekly, "2026-10-19T08:31:00+08:00") == "W2026-10-12")
        let next = weekly.next(after: TestConfig.instant("2026-12-28T09:00:00+08:00"), in: calendar)
        #expect(next.key == "W2026-12-28" && next.nominal == TestConfig.instant("2027-01-04T08:30:00+08:00"))
        let year = weekly.occurrences(
            after: TestConfig.instant("2026-01-01T00:00:00+08:00"), through: TestConfig.instant("2027-01-01T00:00:00+08:00"),
            in: calendar, limit: 100)
        #expect(year.count == 52 && Set(year.map(\.key)).count == 52)
        #expect(zip(year, year.dropFirst()).allSatisfy { $1.nominal.timeIntervalSince($0.nominal) == 7 * 86_400 })
    }

    @Test func quarterlyPeriodsTakeEffectMidLastMonth() {
        #expect(latestKey(quarterly, "2026-09-15T09:00:00+08:00") == "2026-Q3")
        #expect(latestKey(quarterly, "2026-09-15T08:59:00+08:00") == "2026-Q2")
        #expect(latestKey(quarterly, "2026-12-15T09:00:00+08:00") == "2026-Q4")
        #expect(latestKey(quarterly, "2027-03-14T23:00:00+08:00") == "2026-Q4")
        #expect(latestKey(quarterly, "2027-03-15T09:00:00+08:00") == "2027-Q1")
        let q3 = quarterly.occurrence(ofPeriod: Period.quarter(year: 2026, quarter: 3).index, in: calendar)
        #expect(q3.nominal == TestConfig.instant("2026-09-15T09:00:00+08:00"))
    }

    @Test func yearlyPeriodsTakeEffectEarlyOnTheFirstOfJanuary() {
        #expect(latestKey(yearly, "2027-01-01T02:00:00+08:00") == "2026")
        #expect(latestKey(yearly, "2027-01-01T00:59:59+08:00") == "2025")
        // 2026-12-31T17:00Z is 01:00 on 1 January in Shanghai.
        #expect(latestKey(yearly, "2026-12-31T17:00:00Z") == "2026")
        #expect(latestKey(yearly, "2026-12-31T16:59:59Z") == "2025")
    }

    @Test func intervalKeysAreUTCBucketStarts() {
        let every5 = Schedule.every(seconds: 300)
        #expect(latestKey(every5, "2026-11-22T19:27:31Z") == "2026-11-22T19:25:00Z")
        #expect(latestKey(every5, "2026-11-22T19:30:00Z") == "2026-11-22T19:30:00Z")
        let next = every5.next(after: TestConfig.instant("2026-11-22T19:30:00Z"), in: calendar)
        #expect(next.key == "2026-11-22T19:35:00Z")
    }

    @Test func occurrencesBetweenTwoInstantsAreConsecutiveAndBounded() {
        let list = monthly.occurrences(
            after: TestConfig.instant("2026-01-01T08:00:00+08:00"),
            through: TestConfig.instant("2027-01-01T08:00:00+08:00"),
            in: calendar, limit: 100
        )
        #expect(list.map(\.key) == (1...12).map { String(format: "2026-%02d", $0) })
        let limited = monthly.occurrences(
            after: TestConfig.instant("2020-01-01T00:00:00+08:00"),
            through: TestConfig.instant("2027-01-01T08:00:00+08:00"),
            in: calendar, limit: 5
        )
        #expect(limited.count == 5)
        #expect(limited.first?.key == "2019-12")
    }

    @Test func nextIsStrictlyAfterAndLatestIsAtOrBefore() {
        for schedule in [monthly, quarterly, yearly, .every(seconds: 300)] {
            var instant = TestConfig.instant("2026-01-01T00:00:00+08:00")
            for _ in 0..<50 {
                let latest = schedule.latest(atOrBefore: instant, in: calendar)
                let next = schedule.next(after: instant, in: calendar)
                #expect(latest.nominal <= instant)
                #expect(next.nominal > instant)
                #expect(next.period == latest.period + 1)
                instant = instant.addingTimeInterval(7.3 * 86_400)
            }
        }
    }

    @Test func anOperatorLeaseReplacesEveryKindsOwn() throws {
        var config = TestConfig.make(database: try DatabaseURL(parsing: "postgres://x@localhost/x"))
        let own = Dictionary(uniqueKeysWithValues: WorkerJobs.all(config: config).map { ($0.name, $0.lease) })
        #expect(own["deadline_scan"] == .seconds(120) && own["annual_evaluation"] == .seconds(1800))
        config.jobLease = .seconds(3)
        let kinds = WorkerJobs.all(config: config)
        #expect(Set(kinds.map(\.name)) == Set(own.keys))
        #expect(kinds.allSatisfy { $0.lease == .seconds(3) })
    }
}
