import Foundation

/// Clusters (一类问题): open items that share a term, across at least two stations, so that one answer —
/// a representative's suggestion, a livelihood project — can take up the whole class. Greedy over the
/// terms, most items first: each item joins the first cluster whose term it has, and a term whose items
/// are mostly taken by larger clusters forms none, so the clusters do not overlap.
public enum Clustering {
    public struct Candidate: Sendable, Equatable {
        public var term: String
        /// Oldest first.
        public var items: [UUID]
        public var stations: [UUID: UUID]

        /// `stations`: each item's station, where it has one.
        public init(term: String, items: [UUID], stations: [UUID: UUID]) {
            (self.term, self.items, self.stations) = (term, items, stations)
        }
    }

    public struct Cluster: Sendable, Equatable {
        public var term: String
        public var items: [UUID]

        public init(term: String, items: [UUID]) {
            (self.term, self.items) = (term, items)
        }
    }

    public static let defaultMinimum = 3

    public static func clusters(_ candidates: [Candidate], minimum: Int) -> [Cluster] {
        var taken = Set<UUID>()
        var clusters: [Cluster] = []
        let ordered = candidates.sorted { ($0.items.count, $1.term) > ($1.items.count, $0.term) }
        for candidate in ordered {
            let free = candidate.items.filter { !taken.contains($0) }
            let stations = Set(free.compactMap { candidate.stations[$0] })
            guard free.count >= minimum, stations.count >= 2 else { continue }
            taken.formUnion(free)
            clusters.append(Cluster(term: candidate.term, items: free))
        }
        return clusters
    }

    /// The terms at least half of a cluster's items have, most shared first.
    public static func commonTerms(_ termsByItem: [UUID: Set<String>]) -> [String] {
        var counts: [String: Int] = [:]
        for terms in termsByItem.values { for term in terms { counts[term, default: 0] += 1 } }
        let half = (termsByItem.count + 1) / 2
        return counts.filter { $0.value >= half }.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key)
    }
}
