import Foundation
import MinqingRules

/// A representative's performance record (履职档案) over a period: the counted facts, how the items that
/// came through his codes and the suggestions he led have ended so far, and the weighted score.
public struct RepresentativeRecord: Sendable, Codable, Equatable {
    public var representativeID: UUID
    public var name: String
    public var regionID: UUID
    public var counts: RecordCounts
    /// The submissions received through his codes in the period, by their status now.
    public var itemsByStatus: [String: Int]
    /// The suggestions he led in the period, by the outcome of their newest answer (A 解决, B 计划, C 说明) or
    /// `pending` while unanswered.
    public var suggestionsByOutcome: [String: Int]
    /// ``RecordWeights/score(_:)`` of the counts.
    public var score: Double

    public init(
        representativeID: UUID, name: String, regionID: UUID, counts: RecordCounts, itemsByStatus: [String: Int],
        suggestionsByOutcome: [String: Int], score: Double
    ) {
        (self.representativeID, self.name, self.regionID, self.counts) = (representativeID, name, regionID, counts)
        (self.itemsByStatus, self.suggestionsByOutcome, self.score) = (itemsByStatus, suggestionsByOutcome, score)
    }

    enum CodingKeys: String, CodingKey {
        case representativeID = "representative_id", name, regionID = "region_id", counts, itemsByStatus = "items_by_status"
        case suggestionsByOutcome = "suggestions_by_outcome", score
    }
}
