import Foundation

/// What the hot words (民意热词) of a period are asked over: a region's subtree, a station, a representative's
/// items, a category; `period` is [from, to), compared with the period of the same length before it.
public struct HotWordsQuery: Sendable {
    public var region: UUID?
    public var station: UUID?
    public var representative: UUID?
    public var category: String?
    public var period: Range<Date>
    public var limit: Int

    public init(
        region: UUID? = nil, station: UUID? = nil, representative: UUID? = nil, category: String? = nil, period: Range<Date>,
        limit: Int = 20
    ) {
        (self.region, self.station, self.representative, self.category) = (region, station, representative, category)
        (self.period, self.limit) = (period, limit)
    }

    /// The period of the same length just before.
    public var previous: Range<Date> {
        period.lowerBound.addingTimeInterval(-period.upperBound.timeIntervalSince(period.lowerBound))..<period.lowerBound
    }
}

/// One hot word: the items it occurs in and how often, then and in the period before, with a few items.
public struct HotWord: Sendable, Equatable {
    public var term: String
    /// Occurrences over all items.
    public var count: Int
    /// The distinct items it occurs in (the ranking).
    public var items: Int
    public var previousCount: Int
    public var previousItems: Int
    /// Up to three of the newest items, by kind.
    public var examples: [ItemReference]

    /// Items now against items in the period before.
    public var change: Int { items - previousItems }
}

public struct ItemReference: Sendable, Equatable {
    public var kind: ItemTerms.Kind
    public var id: UUID
}
