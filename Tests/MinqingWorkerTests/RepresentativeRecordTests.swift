import Foundation
import MinqingCore
import MinqingRules
import PostgresNIO
import TestSupport
import Testing

@testable import MinqingWorker

/// A representative's record (履职档案) of a hand-built 2026, its score, and the year's ranking (履职排名)
/// written once after the year.
@Suite(.timeLimit(.minutes(3))) struct RepresentativeRecordTests {
    struct Year {
        let world: LoopWorld
        let wang: Representative, li: Representative, zhao: Representative, qian: Representative
        let wangUser: User
    }

    /// 王芳 (the world's representative) through 2026: three items through her code (one she rated, now
    /// closed; one of 2025 besides), five duty slots (kept and recorded, kept, missed, one ending after
    /// 1 December, one of 2025), a reception she organised, a consultation she attended, a report-back, a
    /// cancelled inspection, a suggestion she led and one of 李强's she co-signed. 李强 organised a
    /// reception too; 赵敏 and 钱进 did nothing.
    func year(_ database: Database) async throws -> Year {
        let world = try await LoopWorld.make(database)
        let start = TestConfig.instant("2026-01-01T00:00:00+08:00")
        let representatives = RepresentativeStore(database: database, logger: world.logger)
        func representative(_ name: String) async throws -> Representative {
            try await representatives.create(
                .init(name: name, level: .county, homeStationID: world.station.id, regionID: world.region.id), now: start)
        }
        let (li, zhao, qian) = (try await representative("李强"), try await representative("赵敏"), try await representative("钱进"))
        let wang = world.representative
        let wangUser = try await UserStore(database: database, logger: world.logger).create(
            .init(username: "wang", passwordHash: "x", role: .representative, representativeID: wang.id), now: start)

        _ = try await world.accepted(at: "2025-12-20T10:00:00+08:00")
        _ = try await world.accepted(at: "2026-02-10T10:00:00+08:00")
        _ = try await world.accepted(at: "2026-04-10T10:00:00+08:00")
        let (rated, assignment) = try await world.assigned(at: "2026-03-02T09:00:00+08:00", to: world.county, days: 5)
        try await world.reply(assignment, at: "2026-03-03T09:00:00+08:00", user: world.countyUser)
        let ratedAt = TestConfig.instant("2026-03-04T09:00:00+08:00")
        try await world.loop.evaluate(rated, by: .resident, rating: .satisfied, comment: nil, actor: .resident, now: ratedAt)
        try await world.loop.evaluate(
            rated, by: .representative, rating: .satisfied, comment: nil, actor: Actor(user: wangUser), now: ratedAt)

        // duty slots: (day, checked in, recorded)
        for (day, checkedIn, recorded) in [
            ("2025-12-12", true, true), ("2026-03-12", true, true), ("2026-04-12", true, false), ("2026-05-12", false, false),
            ("2026-12-20", false, false),
        ] {
            try await database.query(
                """
                WITH slot AS (
                    INSERT INTO rota_slots (station_id, day, from_minute, to_minute, starts_at, ends_at, recorded_at, created_at, updated_at)
                    VALUES (\(world.station.id), \(day)::date, 540, 720, (\(day) || ' 09:00+08')::timestamptz,
                            (\(day) || ' 12:00+08')::timestamptz, CASE WHEN \(recorded) THEN (\(day) || ' 12:00+08')::timestamptz END,
                            '2025-12-01', '2025-12-01')
                    RETURNING id, starts_at)
                INSERT INTO rota_slot_representatives (slot_id, representative_id, checked_in_at)
                SELECT id, \(wang.id), CASE WHEN \(checkedIn) THEN starts_at END FROM slot
                """, logger: world.logger)
        }
        // activities: (kind, status, organiser, attendee, month)
        for (kind, status, organiser, attendee, month) in [
            ("reception", "held", wang.id, nil, "06"), ("consultation", "held", nil, wang.id, "07"),
            ("report_back", "closed", wang.id, nil, "08"),
            ("inspection", "cancelled", nil, wang.id, "09"), ("reception", "held", li.id, nil, "06"),
        ] as [(String, String, UUID?, UUID?, String)] {
            try await database.query(
                """
                WITH activity AS (
                    INSERT INTO activities (region_id, station_id, kind, title, starts_at, ends_at, status, organiser_representative_id,
                                            created_at, updated_at)
                    VALUES (\(world.region.id), \(world.station.id), \(kind), \(kind), ('2026-' || \(month) || '-15 09:00+08')::timestamptz,
                            ('2026-' || \(month) || '-15 11:00+08')::timestamptz, \(status), \(organiser), '2026-01-01', '2026-01-01')
                    RETURNING id)
                INSERT INTO activity_representatives (activity_id, representative_id) SELECT id, \(attendee) FROM activity WHERE \(attendee)::uuid IS NOT NULL
                """, logger: world.logger)
        }
        // suggestions: 王芳 leads one; 李强 leads one she co-signs
        let suggestions = world.suggestions
        let at = TestConfig.instant("2026-05-20T10:00:00+08:00")
        let own = try await suggestions.create(
            SuggestionDraft(
                representativeID: wang.id, type: .suggestion, title: "关于路灯维护的建议", body: "建议建立路灯巡查制度。", category: "urban_rural_construction"),
            by: Actor(user: world.admin), filedBy: nil, within: .everything, now: at)
        try await suggestions.submit(own, by: Actor(user: world.admin), now: at)
        let theirs = try await suggestions.create(
            SuggestionDraft(
                representativeID: li.id, type: .suggestion, title: "关于增加停车位的建议", body: "建议挖潜增加停车位。", category: "urban_rural_construction",
                coSignerIDs: [wang.id]),
            by: Actor(user: world.admin), filedBy: nil, within: .everything, now: at)
        try await suggestions.coSign(theirs, representative: wang.id, by: Actor(user: wangUser), now: at)
        try await suggestions.submit(theirs, by: Actor(user: world.admin), now: at)
        return Year(world: world, wang: wang, li: li, zhao: zhao, qian: qian, wangUser: wangUser)
    }

    @Test func aHandBuiltYearsRecordCountsEachKindOfWorkAndScoresIt() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let year = try await year(database)
            let period = Period.year(2026).interval(in: TestConfig.calendar)
            let asOf = TestConfig.instant("2026-12-01T00:00:00+08:00")
            func record(_ weights: RecordWeights = RecordWeights()) async throws -> RepresentativeRecord {
                let records = try await database.withConnection { connection in
                    try await RecordStore.records(
                        .representative(year.wang.id), period: period, asOf: asOf, weights: weights, on: connection,
                        logger: year.world.logger)
                }
                return try #require(records.first)
            }
            let wang = try await record()
            var expected = RecordCounts()
            (expected.slotsKept, expected.slotsMissed, expected.receptions, expected.activities, expected.reportBacks) = (2, 1, 2, 1, 1)
            (expected.itemsReceived, expected.itemsClosed, expected.itemsRated) = (3, 1, 1)
            (expected.suggestionsLed, expected.suggestionsCoSigned) = (1, 1)
            #expect(wang.counts == expected)
            #expect(wang.itemsByStatus == ["accepted": 2, "closed": 1])
            #expect(wang.suggestionsByOutcome == ["pending": 1])
            // 2·2 − 2·1 + 1·2 + 2·1 + 3·1 + 1·3 + 1·1 + 1·1 + 5·1 + 2·1
            #expect(wang.score == 21)
            let weights = try #require(RecordWeights.parse("suggestion_led=10, slot_missed=-5"))
            #expect(try await record(weights).score == 21 + 5 - 3)

            // the region's records: everyone active, 李强 with his reception and his suggestion
            let all = try await database.withConnection { connection in
                try await RecordStore.records(
                    .region(year.world.region.id), period: period, asOf: asOf, weights: RecordWeights(), on: connection,
                    logger: year.world.logger)
            }
            #expect(Set(all.map(\.name)) == ["王芳", "李强", "赵敏", "钱进"])
            let li = try #require(all.first { $0.representativeID == year.li.id })
            #expect(li.counts.receptions == 1 && li.counts.suggestionsLed == 1 && li.score == 6)
            #expect(RecordStore.ranked(all).map(\.name).prefix(2) == ["王芳", "李强"])
        }
    }

    @Test func theRankingIsWrittenOnceAfterTheYearAndARerunChangesNothing() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let year = try await year(database)
            let world = year.world
            let staff = try await UserStore(database: database, logger: world.logger).create(
                .init(username: "staff", passwordHash: "x", role: .staff, regionID: world.region.id),
                now: TestConfig.instant("2026-01-01T00:00:00+08:00"))
            try await database.query(
                "INSERT INTO job_cursors (kind, last_nominal_at) VALUES ('representative_ranking', '2025-12-31 18:00+00')",
                logger: world.logger)
            _ = try await world.worker(at: "2027-01-01T02:30:00+08:00").pass()
            let ranking = try #require(try await world.snapshot(RepresentativeRanking.self, "2026"))
            #expect(ranking.year == 2026 && ranking.weights == RecordWeights())
            #expect(ranking.representatives.map(\.record.name).prefix(2) == ["王芳", "李强"])
            // equal scores share a rank
            #expect(ranking.representatives.map(\.rank) == [1, 2, 3, 3])
            // as of the year's end the slot of 20 December has been missed too
            #expect(ranking.representatives[0].record.counts.slotsMissed == 2 && ranking.representatives[0].record.score == 19)
            #expect(
                try await world.count(
                    "SELECT count(*)::int FROM notifications WHERE recipient_user_id = \(staff.id) AND type = 'report.ranking_ready'") == 1)

            try await database.query(
                "UPDATE job_runs SET state = 'pending', run_after = '2027-01-01' WHERE kind = 'representative_ranking'",
                logger: world.logger)
            _ = try await world.accepted(at: "2026-12-30T10:00:00+08:00")
            _ = try await world.worker(at: "2027-01-01T03:00:00+08:00").pass()
            let again = try #require(try await world.snapshot(RepresentativeRanking.self, "2026"))
            #expect(again.representatives == ranking.representatives)
            #expect(again.representatives[0].record.counts.itemsReceived == 3)
            #expect(
                try await world.count("SELECT count(*)::int FROM reports WHERE kind = 'ranking' AND period_key = '2026'") == 1)
        }
    }
}
