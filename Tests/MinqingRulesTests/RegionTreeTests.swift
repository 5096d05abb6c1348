import Foundation
import MinqingRules
import Testing

@Suite struct RegionTreeTests {
    @Test func countsRollUpToEveryReportingRegionAbove() {
        let (city, district, street, other) = (UUID(), UUID(), UUID(), UUID())
        let tree = RegionTree(paths: [city: [city], district: [city, district], street: [city, district, street], other: [other]])
        let sums = tree.rollUp(
            [
                (region: street, key: "a", count: 2), (region: district, key: "a", count: 1), (region: other, key: "b", count: 5),
                (region: UUID(), key: "a", count: 9),
            ],
            into: [city, street])
        #expect(sums[city] == ["a": 3])
        #expect(sums[street] == ["a": 2])
        #expect(sums[district] == nil)
        #expect(tree.isWithin(street, district) && !tree.isWithin(district, street) && tree.depth(of: city) == 1)
    }
}
