import Foundation
import MinqingRules

/// An item like another: a submission (its receipt number) or a suggestion (its number, once submitted).
public struct SimilarItem: Sendable, Equatable {
    public var kind: ItemTerms.Kind
    public var id: UUID
    public var label: String?
    public var title: String
    public var status: String
    public var category: String
    public var stationID: UUID?
    public var createdAt: Date
    public var score: Double
    /// The shared terms, rarest first.
    public var sharedTerms: [String]
}
