import Foundation

/// The region tree as the periodic reports read it: each region's path, root first and itself last. A
/// region's report covers its subtree, so what is counted per region is rolled up to every region above.
public struct RegionTree: Sendable {
    public let paths: [UUID: [UUID]]

    public init(paths: [UUID: [UUID]]) {
        self.paths = paths
    }

    /// Whether `region` is `root` or lies below it.
    public func isWithin(_ region: UUID, _ root: UUID) -> Bool {
        paths[region]?.contains(root) == true
    }

    /// How deep a region lies (a root is 1); unknown regions sort last.
    public func depth(of region: UUID) -> Int {
        paths[region]?.count ?? Int.max
    }

    /// For each of `roots`, the counts per key summed over its subtree. `counts` are kept per region (a
    /// region may appear with many keys); a region the tree does not know counts nowhere.
    public func rollUp<Key: Hashable>(_ counts: [(region: UUID, key: Key, count: Int)], into roots: Set<UUID>) -> [UUID: [Key: Int]] {
        var sums: [UUID: [Key: Int]] = [:]
        for root in roots { sums[root] = [:] }
        for entry in counts {
            for ancestor in paths[entry.region] ?? [] where roots.contains(ancestor) {
                sums[ancestor, default: [:]][entry.key, default: 0] += entry.count
            }
        }
        return sums
    }
}
