import Foundation
import MinqingCore
import MinqingRules
import PostgresNIO
import TestSupport
import Testing

@testable import MinqingWorker

/// Hot words (民意热词) over a hand-built October and September, and the Monday push to representatives.
@Suite(.timeLimit(.minutes(2))) struct HotWordsTests {
    func file(_ world: LoopWorld, _ content: String, at instant: String, title: String? = nil) async throws {
        _ = try await world.intake.file(
            IntakeRequest(code: world.code, kind: "suggestion", category: "urban_rural_construction", title: title, content: content),
            filer: nil, clientAddress: "test", idempotencyKey: nil, now: TestConfig.instant(instant))
    }

    @Test func aMonthsHotWordsAreCountedWithTheChangeAgainstTheMonthBefore() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            // October 2026: 加装电梯 in three items (twice in one), 停车难 in two, 垃圾分类 in one
            try await file(world, "加装电梯审批已经三个月没有进展，加装电梯的补贴也没发。", at: "2026-10-03T10:00:00+08:00")
            try await file(world, "我们楼想加装电梯，不知道找谁。", at: "2026-10-09T10:00:00+08:00")
            try await file(world, "老旧小区加装电梯难，停车难也没解决。", at: "2026-10-20T10:00:00+08:00")
            try await file(world, "晚上停车难，车只能停在路边。", at: "2026-10-31T23:59:00+08:00")
            try await file(world, "垃圾分类后还是混装混运。", at: "2026-10-15T10:00:00+08:00")
            // September: 停车难 in three, 加装电梯 in one; November's does not count
            for day in ["03", "12", "25"] { try await file(world, "小区停车难，希望增加停车位。", at: "2026-09-\(day)T10:00:00+08:00") }
            try await file(world, "申请加装电梯。", at: "2026-09-30T23:00:00+08:00")
            try await file(world, "加装电梯太慢了。", at: "2026-11-01T00:00:00+08:00")

            let october = TestConfig.instant("2026-10-01T00:00:00+08:00")..<TestConfig.instant("2026-11-01T00:00:00+08:00")
            let store = InsightStore(database: database, logger: world.logger)
            let words = try await store.hotWords(HotWordsQuery(period: october), within: .everything)
            let lift = try #require(words.first)
            #expect(lift.term == "加装电梯" && lift.items == 3 && lift.count == 4 && lift.previousItems == 1 && lift.change == 2)
            #expect(lift.examples.count == 3 && lift.examples.allSatisfy { $0.kind == .submission })
            let parking = try #require(words.first { $0.term == "停车难" })
            #expect(parking.items == 2 && parking.previousItems == 3 && parking.change == -1)
            let sorting = try #require(words.first { $0.term == "垃圾分类" })
            #expect(sorting.items == 1 && sorting.previousItems == 0)
            #expect(!words.contains { ["我们", "希望", "没有", "问题"].contains($0.term) })
            #expect(words[1].term == "停车难")  // ranked by items
            #expect(HotWordsQuery(period: october).previous.lowerBound == TestConfig.instant("2026-08-31T00:00:00+08:00"))

            // the filters and the reach: another region, category or station sees nothing; the representative his own
            let elsewhere = try await RegionStore(database: database, logger: world.logger).create(
                .init(name: "西湖区", level: .county), now: october.lowerBound)
            #expect(try await store.hotWords(HotWordsQuery(region: elsewhere.id, period: october), within: .everything).isEmpty)
            #expect(try await store.hotWords(HotWordsQuery(period: october), within: AccessScope(region: elsewhere.id)).isEmpty)
            #expect(try await store.hotWords(HotWordsQuery(category: "public_safety", period: october), within: .everything).isEmpty)
            let mine = try await store.hotWords(
                HotWordsQuery(period: october), within: AccessScope(representative: world.representative.id))
            #expect(mine.first?.term == "加装电梯")
            #expect(try await store.hotWords(HotWordsQuery(period: october), within: AccessScope(department: world.county.id)).isEmpty)
            #expect(try await store.hotWords(HotWordsQuery(period: october, limit: 2), within: .everything).count == 2)
            let empty = TestConfig.instant("2025-01-01T00:00:00+08:00")..<TestConfig.instant("2025-02-01T00:00:00+08:00")
            #expect(try await store.hotWords(HotWordsQuery(period: empty), within: .everything).isEmpty)
        }
    }

    @Test func suggestionsAndProblemsCountTooAndAnEditReplacesTheTerms() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            let now = TestConfig.instant("2026-10-10T10:00:00+08:00")
            let suggestions = world.suggestions
            let id = try await suggestions.create(
                SuggestionDraft(
                    representativeID: world.representative.id, type: .suggestion, title: "关于推进垃圾分类的建议",
                    body: "建议加快垃圾分类设施建设。", category: "urban_rural_construction"),
                by: Actor(user: world.admin), filedBy: nil, within: .everything, now: now)
            func terms(_ kind: String) async throws -> [String] {
                try await database.query(
                    "SELECT term FROM item_terms WHERE subject_kind = \(kind) ORDER BY term", logger: world.logger
                ).map { try $0.decode(String.self) }
            }
            #expect(try await terms("suggestion").contains("垃圾分类"))
            try await suggestions.update(
                id, SuggestionDraft(title: "关于老旧小区停车难的建议", body: "建议挖潜增加停车位。"), by: Actor(user: world.admin),
                now: now.addingTimeInterval(60))
            let edited = try await terms("suggestion")
            #expect(edited.contains("停车难") && edited.contains("老旧小区") && !edited.contains("垃圾分类"))

            let activity = try await ActivityService(database: database, logger: world.logger).create(
                ActivityDraft(
                    regionID: world.region.id, stationID: .some(world.station.id), kind: .consultation, title: "局长·代表面对面",
                    startsAt: now, endsAt: now.addingTimeInterval(7200)),
                by: world.admin, within: .everything, now: now)
            _ = try await ProblemService(loop: world.loop).create(
                ProblemDraft(title: "噪音扰民", body: "夜间施工噪音扰民严重。", category: "urban_rural_construction"), on: activity,
                by: world.admin, now: now)
            #expect(try await terms("problem") == ["噪音扰民", "夜间", "严重", "施工"].sorted())

            // index-terms rebuilds the same rows from the items
            let before = try await database.query(
                "SELECT subject_kind, subject_id::text, term, occurrences FROM item_terms ORDER BY 1, 2, 3", logger: world.logger
            ).map { try $0.decode((String, String, String, Int).self) }
            try await database.query("DELETE FROM item_terms", logger: world.logger)
            let counts = try await TermIndex.rebuild(database: database, logger: world.logger)
            #expect(counts == TermIndex.Counts(submissions: 0, suggestions: 1, problems: 1))
            let after = try await database.query(
                "SELECT subject_kind, subject_id::text, term, occurrences FROM item_terms ORDER BY 1, 2, 3", logger: world.logger
            ).map { try $0.decode((String, String, String, Int).self) }
            #expect(after.map { "\($0)" } == before.map { "\($0)" } && !after.isEmpty)
        }
    }

    @Test func everyMondayEachRepresentativeHearsHisStationsTopTermsOnce() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            let rep = try await UserStore(database: database, logger: world.logger).create(
                .init(username: "rep", passwordHash: "x", role: .representative, representativeID: world.representative.id),
                now: TestConfig.instant("2026-09-01T09:00:00+08:00"))
            // the week of Monday 5 October 2026, and two items the week before
            try await file(world, "加装电梯太慢了。", at: "2026-10-05T09:00:00+08:00")
            try await file(world, "加装电梯补贴没有发。", at: "2026-10-11T23:00:00+08:00")
            try await file(world, "小区里停车难。", at: "2026-10-08T09:00:00+08:00")
            try await file(world, "加装电梯。", at: "2026-09-30T09:00:00+08:00")
            try await file(world, "停车难，停车位少。", at: "2026-10-12T09:00:00+08:00")  // next week's
            func inbox() async throws -> [(String, String)] {
                try await database.query(
                    """
                    SELECT title, body FROM notifications WHERE type = 'insight.hot_words_weekly' AND recipient_user_id = \(rep.id)
                    ORDER BY created_at, id
                    """,
                    logger: world.logger
                ).map { try $0.decode((String, String).self) }
            }
            // Monday 12 October before 08:30: a new worker runs the latest week due, 28 September's (one item)
            _ = try await world.worker(at: "2026-10-12T08:00:00+08:00").pass()
            #expect(try await inbox().map(\.0) == ["本周民意热词：加装电梯"])
            // at 08:31 the week of 5 October is due: two workers at once send it once, a later pass not again
            async let first = world.worker(at: "2026-10-12T08:31:00+08:00").pass()
            async let second = world.worker(at: "2026-10-12T08:31:00+08:00").pass()
            _ = try await (first, second)
            _ = try await world.worker(at: "2026-10-12T15:00:00+08:00").pass()
            let notices = try await inbox()
            #expect(notices.count == 2)
            let week = try #require(notices.last)
            #expect(week.0.hasPrefix("本周民意热词：加装电梯、停车难、"), "\(week.0)")
            #expect(week.1.contains("上周（2026-10-05起）") && week.1.contains("加装电梯：2件（较上周增加1件）"), "\(week.1)")
            #expect(week.1.contains("停车难：1件（较上周增加1件）"), "\(week.1)")
            #expect(!week.1.contains("停车位"))  // 12 October's item is next week's
            #expect(
                try await world.count("SELECT count(*)::int FROM job_runs WHERE kind = 'hot_words_weekly' AND state = 'succeeded'") == 2)
        }
    }
}
