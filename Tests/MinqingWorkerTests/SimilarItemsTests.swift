import Foundation
import MinqingCore
import MinqingRules
import PostgresNIO
import TestSupport
import Testing

@testable import MinqingWorker

/// Similar items (merge candidates): a near-duplicate ranks first, a long item that only mentions the
/// terms below it, nothing older than 180 days or out of reach.
@Suite(.timeLimit(.minutes(2))) struct SimilarItemsTests {
    func file(_ world: LoopWorld, _ content: String, at instant: String, category: String = "urban_rural_construction") async throws
        -> UUID
    {
        try await world.intake.file(
            IntakeRequest(code: world.code, kind: "opinion", category: category, content: content),
            filer: nil, clientAddress: "test", idempotencyKey: nil, now: TestConfig.instant(instant)
        ).id
    }

    /// 加装电梯 at two stations forms a cluster; 停车难 at one station alone does not; a closed item is no member.
    @Test func aClusterSpansTwoStations() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            let at = TestConfig.instant("2026-10-01T00:00:00+08:00")
            let other = try await StationStore(database: database, logger: world.logger).create(
                .init(name: "白马湖联络站", level: .station, category: .livelihood, regionID: world.region.id), now: at)
            let otherCode = try await CodeStore(database: database, logger: world.logger).issue(
                kind: .station, targetID: other.id, now: at
            ).code
            func file(_ code: String, _ content: String, _ day: Int) async throws -> UUID {
                try await world.intake.file(
                    IntakeRequest(code: code, kind: "opinion", category: "urban_rural_construction", content: content),
                    filer: nil, clientAddress: "test", idempotencyKey: nil, now: at.addingTimeInterval(Double(day) * 86_400)
                ).id
            }
            let lift = [
                try await file(world.code, "老旧小区加装电梯审批慢。", 1), try await file(world.code, "加装电梯补贴什么时候发？", 2),
                try await file(otherCode, "我们楼加装电梯审批卡住了。", 3), try await file(otherCode, "加装电梯的费用怎么分摊？", 4),
            ]
            let closed = try await file(otherCode, "加装电梯已经装好了，谢谢。", 5)
            try await database.query(
                "UPDATE submissions SET status = 'closed', closed_at = \(at) WHERE id = \(closed)", logger: world.logger)
            for day in 6...8 { _ = try await file(world.code, "晚上停车难，车没地方停。", day) }

            let october = at..<TestConfig.instant("2026-11-01T00:00:00+08:00")
            let store = InsightStore(database: database, logger: world.logger)
            let clusters = try await store.clusters(region: nil, period: october, minimum: 3, within: .everything)
            #expect(clusters.map(\.term) == ["加装电梯"], "\(clusters.map(\.term))")
            let cluster = try #require(clusters.first)
            #expect(cluster.members.map(\.id) == lift && Set(cluster.stations) == [world.station.id, other.id])
            #expect(cluster.commonTerms.first == "加装电梯" && cluster.commonTerms.contains("审批"))
            #expect(try await store.clusters(region: nil, period: october, minimum: 5, within: .everything).isEmpty)
            // the representative of one station alone sees no cluster: his items are at one station
            let representative = try await store.clusters(
                region: nil, period: october, minimum: 2, within: AccessScope(representative: world.representative.id))
            #expect(representative.isEmpty)
        }
    }

    @Test func aNearDuplicateRanksFirstAndTheReachHolds() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            let item = try await file(world, "老旧小区加装电梯审批三个月没有进展，希望加快审批。", at: "2026-10-20T10:00:00+08:00")
            let duplicate = try await file(world, "老旧小区加装电梯审批三个月了，请加快审批。", at: "2026-10-21T10:00:00+08:00")
            let mention = try await file(
                world, "路灯不亮、垃圾分类、噪音扰民、停车难、道路破损、加装电梯、菜市场脏乱，这些都要管。", at: "2026-10-22T10:00:00+08:00")
            let unrelated = try await file(world, "晚上停车难，车没地方停。", at: "2026-10-22T11:00:00+08:00")
            let old = try await file(world, "老旧小区加装电梯审批三个月没有进展，希望加快审批。", at: "2026-03-01T10:00:00+08:00")
            let otherCategory = try await file(world, "老旧小区加装电梯审批慢。", at: "2026-10-23T10:00:00+08:00", category: "public_safety")
            let suggestion = try await world.suggestions.create(
                SuggestionDraft(
                    representativeID: world.representative.id, type: .suggestion, title: "关于加快老旧小区加装电梯审批的建议",
                    body: "加装电梯审批环节多、周期长。", category: "urban_rural_construction"),
                by: Actor(user: world.admin), filedBy: nil, within: .everything, now: TestConfig.instant("2026-10-24T10:00:00+08:00"))

            let store = SimilarItems(database: database, logger: world.logger)
            let now = TestConfig.instant("2026-10-25T10:00:00+08:00")
            let found = try await store.similar(to: item, within: .everything, now: now, limit: 10)
            let ids = found.map(\.id)
            #expect(ids.first == duplicate, "\(found.map { ($0.title, $0.score) })")
            #expect(ids.contains(suggestion) && ids.contains(mention) && ids.contains(otherCategory))
            #expect(!ids.contains(item) && !ids.contains(old) && !ids.contains(unrelated))
            let score = { (id: UUID) in found.first { $0.id == id }?.score ?? -1 }
            #expect(score(duplicate) > score(mention) && score(otherCategory) < score(duplicate))
            #expect(found.first?.sharedTerms.contains("加装电梯") == true && found.first?.kind == .submission)
            #expect(found.first { $0.id == suggestion }?.kind == .suggestion)
            #expect(try await store.similar(to: item, within: .everything, now: now, limit: 2).count == 2)

            // another region's staff reaches none of them; the representative of the code all
            let elsewhere = try await RegionStore(database: database, logger: world.logger).create(
                .init(name: "西湖区", level: .county), now: now)
            #expect(try await store.similar(to: item, within: AccessScope(region: elsewhere.id), now: now, limit: 10).isEmpty)
            let representative = try await store.similar(
                to: item, within: AccessScope(representative: world.representative.id), now: now, limit: 10)
            #expect(representative.map(\.id) == ids)
        }
    }
}
