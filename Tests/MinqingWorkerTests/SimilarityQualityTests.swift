import Foundation
import MinqingCore
import MinqingRules
import PostgresNIO
import TestSupport
import Testing

@testable import MinqingWorker

/// Which method finds true duplicates better, on a labelled set of twenty pairs of complaints written the
/// way the demo district's residents write them (one item and a differently worded duplicate of it):
/// shared terms weighted by rarity (``SimilarItems``), against pg_trgm's similarity of the normalised
/// text. For each of the forty items, is its pair the best candidate? The terms must do at least as well.
@Suite(.timeLimit(.minutes(2))) struct SimilarityQualityTests {
    static let pairs = [
        ("老旧小区加装电梯审批慢，三个月没有进展。", "加装电梯的审批太慢了，老旧小区等了三个月。"),
        ("小区门口路灯不亮，晚上出行不安全。", "路灯不亮好几天了，小区门口晚上很黑。"),
        ("垃圾分类后还是混装混运。", "垃圾分类了，可清运车又混在一起运走。"),
        ("晚上停车难，车只能停在路边。", "停车难，小区停车位太少。"),
        ("广场舞噪音扰民，晚上十点还在跳。", "晚上跳广场舞声音太大，噪音扰民。"),
        ("学校门口接送孩子的车辆乱停，学生过马路危险。", "校门口学生接送时段车辆乱停放。"),
        ("电动车飞线充电，存在火灾隐患。", "楼道里飞线充电很危险，希望建充电桩。"),
        ("菜市场污水横流，卫生很差。", "农贸市场卫生差，地面都是污水。"),
        ("公交站台没有遮雨棚，下雨天等车淋雨。", "公交站台需要加装遮雨棚。"),
        ("道路破损坑洼，骑车容易摔倒。", "这条路道路破损严重，到处是坑。"),
        ("高空抛物砸坏了车，找不到责任人。", "小区高空抛物问题严重，很危险。"),
        ("餐馆油烟扰民，窗户都不敢开。", "楼下饭店油烟扰民，气味很大。"),
        ("物业管理混乱，收费不公开。", "物业服务差，物业费收支不透明。"),
        ("雨污分流工程进度慢，路面开挖很久。", "雨污分流施工拖了半年，道路一直挖着。"),
        ("共享单车乱停乱放，占用人行道。", "人行道上堆满了共享单车。"),
        ("快递柜收费不合理，超时就收钱。", "快递柜超时收费，希望取消。"),
        ("医保报销流程复杂，跑了好几趟。", "医保报销手续太繁琐。"),
        ("居家养老服务站太少，老人没人照顾。", "希望增加居家养老服务，社区老人多。"),
        ("违章建筑占用消防通道。", "楼顶违章建筑一直没人拆。"),
        ("斑马线位置不合理，红绿灯时间太短。", "红绿灯时间太短，老人过斑马线来不及。"),
    ]

    @Test func sharedTermsFindTheDuplicatesAtLeastAsWellAsTrigrams() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            var partner: [UUID: UUID] = [:]
            var texts: [UUID: String] = [:]
            for (index, (first, second)) in Self.pairs.enumerated() {
                var ids: [UUID] = []
                for (offset, content) in [first, second].enumerated() {
                    let receipt = try await world.intake.file(
                        IntakeRequest(code: world.code, kind: "complaint", category: "urban_rural_construction", content: content),
                        filer: nil, clientAddress: "test", idempotencyKey: nil,
                        now: TestConfig.instant("2026-10-01T10:00:00+08:00").addingTimeInterval(Double(index * 120 + offset * 60)))
                    ids.append(receipt.id)
                    texts[receipt.id] = content
                }
                (partner[ids[0]], partner[ids[1]]) = (ids[1], ids[0])
            }
            let store = SimilarItems(database: database, logger: world.logger)
            let now = TestConfig.instant("2026-10-10T10:00:00+08:00")
            var (byTerms, byTrigrams) = (0, 0)
            for (id, expected) in partner {
                let best = try await store.similar(to: id, within: .everything, now: now, limit: 1).first?.id
                if best == expected { byTerms += 1 }
                let trigram = try await database.query(
                    "SELECT id FROM submissions WHERE id <> \(id) ORDER BY similarity(content, \(texts[id]!)) DESC, id LIMIT 1",
                    logger: world.logger
                ).first?.decode(UUID.self)
                if trigram == expected { byTrigrams += 1 }
            }
            print("similar items, precision at 1 over \(partner.count) items: shared terms \(byTerms), pg_trgm \(byTrigrams)")
            #expect(byTerms >= byTrigrams, "terms \(byTerms), trigrams \(byTrigrams)")
            #expect(Double(byTerms) / Double(partner.count) >= 0.85, "terms \(byTerms) of \(partner.count)")
        }
    }
}
