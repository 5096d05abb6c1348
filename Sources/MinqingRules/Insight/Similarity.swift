import Foundation

/// How alike two items are, from the terms they share (民意热词's terms): each term weighs by its rarity
/// among the window's items, `1 / ln(2 + items with it)`, so 加装电梯 in 3 items outweighs 小区 in 3,000. The
/// score is the share of the item's weight the other covers, damped by how much of the other is not
/// shared (a long item that merely mentions the terms ranks below a near-duplicate), plus a little for the
/// same category and the same station. 0 (nothing shared) to about 1.2.
public enum Similarity {
    /// Candidates are the items of the last 180 days.
    public static let window: TimeInterval = 180 * 86_400
    public static let categoryBoost = 0.1
    public static let stationBoost = 0.1
    /// A term is looked up in its newest 1,000 items of the window only, and its rarity counted up to that:
    /// a term in more items weighs as one in 1,000 (about 0.14, against 0.91 for a term in one other item),
    /// so the candidates that matter — those sharing the rare terms — are all found, and a year of a
    /// common word is never read.
    public static let postingsPerTerm = 1000

    public static func weight(itemsWithTerm: Int) -> Double {
        1 / log(2 + Double(min(max(0, itemsWithTerm), postingsPerTerm)))
    }

    public static func score(
        sharedWeight: Double, ownWeight: Double, sharedTerms: Int, candidateTerms: Int, sameCategory: Bool, sameStation: Bool
    ) -> Double {
        guard ownWeight > 0, sharedTerms > 0, candidateTerms > 0 else { return 0 }
        let coverage = min(1, sharedWeight / ownWeight)
        let focus = min(1, Double(sharedTerms) / Double(candidateTerms))
        return coverage * focus.squareRoot() + (sameCategory ? categoryBoost : 0) + (sameStation ? stationBoost : 0)
    }
}
