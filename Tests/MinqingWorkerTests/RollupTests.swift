import Foundation
import MinqingCore
import MinqingRules
import PostgresNIO
import TestSupport
import Testing

@testable import MinqingWorker

/// The insight rollups (migration 0026) against the rows themselves: the dashboard's intake and weekly
/// series and the hot words read through the rollup equal the same read row by row, before and after the
/// deltas are folded, after edits, reopenings and replaced terms, for periods with and without edges.
@Suite(.timeLimit(.minutes(2))) struct RollupTests {
    func board(_ world: LoopWorld, _ period: Range<Date>, _ scope: AccessScope) async throws -> Dashboard {
        try await DashboardStore(database: world.database, logger: world.logger).dashboard(
            .init(
                region: world.region.id, regionName: world.region.name, period: period, now: period.upperBound, local: TestConfig.calendar,
                policy: RhythmPolicy()),
            within: scope)
    }

    /// The region's reads (the rollup) equal the representative's (row by row: every item here came
    /// through his code); the hot words by region (the rollup) equal those of the one category (rows).
    func expectAgreement(_ world: LoopWorld, _ period: Range<Date>, _ label: String) async throws {
        let rolled = try await board(world, period, .everything)
        let rows = try await board(world, period, AccessScope(representative: world.representative.id))
        #expect(rolled.intake?.kinds == rows.intake?.kinds, "\(label)")
        #expect(rolled.intake?.categories == rows.intake?.categories, "\(label)")
        #expect(rolled.intake?.directFromResidents == rows.intake?.directFromResidents, "\(label)")
        #expect(rolled.intake?.weekly == rows.intake?.weekly, "\(label)")
        let insight = InsightStore(database: world.database, logger: world.logger)
        let byRegion = try await insight.hotWords(HotWordsQuery(region: world.region.id, period: period, limit: 200), within: .everything)
        let byCategory = try await insight.hotWords(
            HotWordsQuery(region: world.region.id, category: "urban_rural_construction", period: period, limit: 200), within: .everything)
        #expect(byRegion.map(\.term) == byCategory.map(\.term), "\(label)")
        #expect(byRegion == byCategory, "\(label)")
    }

    @Test func theRollupsAgreeWithTheRowsThroughCompactionAndEdits() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            let texts = ["加装电梯审批慢。", "老旧小区加装电梯难。", "小区停车难。", "垃圾分类投放点异味。", "停车难，加装电梯也难。"]
            var filed: [UUID] = []
            // local days and hours either side of UTC midnight (16:00 UTC), September to November
            for (index, instant) in [
                "2026-09-30T23:30:00+08:00", "2026-10-01T00:10:00+08:00", "2026-10-01T07:59:00+08:00", "2026-10-01T08:00:00+08:00",
                "2026-10-12T13:00:00+08:00", "2026-10-19T23:59:00+08:00", "2026-10-31T23:50:00+08:00", "2026-11-01T00:00:00+08:00",
            ].enumerated() {
                let receipt = try await world.intake.file(
                    IntakeRequest(
                        code: world.code, kind: "opinion", category: "urban_rural_construction", content: texts[index % texts.count]),
                    filer: nil, clientAddress: "test", idempotencyKey: nil, now: TestConfig.instant(instant))
                filed.append(receipt.id)
            }
            let (closed, assignment) = try await world.assigned(at: "2026-10-05T09:00:00+08:00", to: world.county, days: 5, title: "加装电梯")
            try await world.reply(assignment, at: "2026-10-06T09:00:00+08:00", user: world.countyUser)
            try await world.rate(closed, .satisfied, at: "2026-10-07T09:00:00+08:00")

            let october = TestConfig.instant("2026-10-01T00:00:00+08:00")..<TestConfig.instant("2026-11-01T00:00:00+08:00")
            let periods = [
                ("October, local", october),
                ("UTC days", TestConfig.instant("2026-10-01T08:00:00+08:00")..<TestConfig.instant("2026-10-20T08:00:00+08:00")),
                ("within a day", TestConfig.instant("2026-10-01T00:05:00+08:00")..<TestConfig.instant("2026-10-01T09:00:00+08:00")),
                ("three months", TestConfig.instant("2026-09-01T00:00:00+08:00")..<TestConfig.instant("2026-12-01T00:00:00+08:00")),
            ]
            func deltas() async throws -> Int {
                try await world.count(
                    "SELECT ((SELECT count(*) FROM term_rollup_deltas) + (SELECT count(*) FROM submission_rollup_deltas))::int")
            }
            #expect(try await deltas() > 0)
            for (label, period) in periods { try await expectAgreement(world, period, "\(label), deltas") }
            let october31 = try await board(world, october, .everything)
            #expect(october31.intake?.kinds.first { $0.kind == .submission }?.received == 7)
            #expect(october31.intake?.kinds.first { $0.kind == .submission }?.closed == 1)

            // folded: nothing left over, the same figures
            let folded = try await database.withConnection { try await Rollups.compact(on: $0, logger: world.logger) }
            #expect(folded > 0)
            #expect(try await deltas() == 0)
            for (label, period) in periods { try await expectAgreement(world, period, "\(label), folded") }

            // a category corrected at triage, the closed item reopened, an item's terms replaced
            try await database.query("UPDATE submissions SET category = 'social_security' WHERE id = \(filed[4])", logger: world.logger)
            try await database.query(
                "UPDATE submissions SET status = 'replied', closed_at = NULL WHERE id = \(closed)", logger: world.logger)
            try await database.withConnection { connection in
                try await ItemTerms.write(
                    .submission, filed[2], texts: ["河道水质变差。"],
                    dimensions: .init(
                        region: world.region.id, station: nil, representative: world.representative.id,
                        category: "urban_rural_construction",
                        filedAt: TestConfig.instant("2026-10-01T07:59:00+08:00")),
                    on: connection, logger: world.logger)
            }
            for (label, period) in periods { try await expectAgreement(world, period, "\(label), edited") }
            let edited = try await board(world, october, .everything)
            #expect(edited.intake?.kinds.first { $0.kind == .submission }?.closed == 0)
            #expect(edited.intake?.categories.first { $0.code == "social_security" }?.submissions == 1)
            _ = try await database.withConnection { try await Rollups.compact(on: $0, logger: world.logger) }
            for (label, period) in periods { try await expectAgreement(world, period, "\(label), edited and folded") }
            // rows that came to nothing are dropped
            #expect(try await world.count("SELECT count(*)::int FROM term_rollup WHERE items = 0") == 0)
        }
    }

    @Test func itemTermsAreReplacedNotUpdated() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            _ = try await world.accepted(at: "2026-10-03T10:00:00+08:00", title: "加装电梯")
            await #expect(throws: (any Error).self) {
                try await database.query("UPDATE item_terms SET occurrences = occurrences + 1", logger: world.logger)
            }
        }
    }
}
