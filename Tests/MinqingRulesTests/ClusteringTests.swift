import Foundation
import MinqingRules
import Testing

@Suite struct ClusteringTests {
    let ids = (0..<8).map { _ in UUID() }
    let east = UUID()
    let west = UUID()

    @Test func clustersNeedEnoughItemsAcrossTwoStationsAndDoNotOverlap() {
        let stations = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0 % 2 == 0 ? east : west) })
        let lift = Clustering.Candidate(term: "加装电梯", items: Array(ids[0..<4]), stations: stations)
        // shares three of its four items with the larger cluster: what is left is too few
        let approval = Clustering.Candidate(term: "审批", items: Array(ids[1..<4]) + [ids[7]], stations: stations)
        let parking = Clustering.Candidate(term: "停车难", items: Array(ids[4..<7]), stations: stations)
        // three items, all at one station
        let lonely = Clustering.Candidate(term: "噪音扰民", items: [ids[0], ids[2], ids[4]], stations: stations)
        let clusters = Clustering.clusters([parking, approval, lift, lonely], minimum: 3)
        #expect(clusters == [.init(term: "加装电梯", items: Array(ids[0..<4])), .init(term: "停车难", items: Array(ids[4..<7]))])
        #expect(Clustering.clusters([lift], minimum: 5).isEmpty)
        #expect(Clustering.clusters([lonely], minimum: 3).isEmpty)  // one station only
        #expect(Clustering.clusters([lonely], minimum: 2).isEmpty)
    }

    @Test func commonTermsAreThoseOfAtLeastHalfTheItems() {
        let terms: [UUID: Set<String>] = [
            ids[0]: ["加装电梯", "审批", "老旧小区"], ids[1]: ["加装电梯", "审批"], ids[2]: ["加装电梯", "补贴"],
        ]
        #expect(Clustering.commonTerms(terms) == ["加装电梯", "审批"])
    }
}
