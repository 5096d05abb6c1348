import Foundation
import MinqingRules

/// 代表履职排名: a region's representatives (its subtree's active ones) by the score of their year's
/// record (``RecordStore``), best first, with the weighting used. Written once after the year ends.
public struct RepresentativeRanking: ReportData {
    public static let kind = ReportStore.Kind.ranking

    public var year: Int
    public var weights: RecordWeights
    public var representatives: [Entry]

    public init(year: Int, weights: RecordWeights, records: [RepresentativeRecord]) {
        (self.year, self.weights) = (year, weights)
        // equal scores share a rank, the next one counts those above it (1, 2, 2, 4)
        let ranked = RecordStore.ranked(records)
        var entries: [Entry] = []
        for (index, record) in ranked.enumerated() {
            let rank = entries.last.map { $0.record.score == record.score ? $0.rank : index + 1 } ?? 1
            entries.append(Entry(rank: rank, record: record))
        }
        representatives = entries
    }

    /// The ranking has no department rows (departments do not read it).
    public var departments: [AnnualReport.Department] {
        get { [] }
        set {}
    }

    public struct Entry: Codable, Sendable, Equatable {
        public var rank: Int
        public var record: RepresentativeRecord
    }

    enum CodingKeys: String, CodingKey {
        case year, weights, representatives
    }
}
