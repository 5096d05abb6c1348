/// The year-end score (一年一评议): weighted over the parts a department has figures for, the weights
/// renormalised over those parts, 0–100; the grade from the policy's thresholds.
extension RhythmPolicy {
    /// `nil` when no part has figures (nothing assigned, nothing rated).
    public func score(onTimeRate: Double?, satisfactionRate: Double?, reopenRate: Double?, suggestionRate: Double? = nil) -> Double? {
        let parts: [(Double, Double?)] = [
            (weightOnTime, onTimeRate), (weightSatisfaction, satisfactionRate), (weightReopen, reopenRate.map { 1 - $0 }),
            (weightSuggestions, suggestionRate),
        ]
        let present = parts.compactMap { weight, value in value.map { (weight, $0) } }
        let total = present.map(\.0).reduce(0, +)
        guard total > 0 else { return nil }
        return present.map { $0.0 * $0.1 }.reduce(0, +) / total * 100
    }

    public func grade(_ score: Double?) -> Grade {
        guard let score else { return .none }
        return score >= greenAtLeast ? .green : score >= yellowAtLeast ? .yellow : .red
    }

    /// The board's legend, from the configured thresholds: "绿 ≥ 85 分 · 黄 ≥ 70 分 · 红 < 70 分".
    public var gradeLegend: String {
        func number(_ value: Double) -> String {
            value.rounded() == value ? String(Int(value)) : String(value)
        }
        return "绿 ≥ \(number(greenAtLeast)) 分 · 黄 ≥ \(number(yellowAtLeast)) 分 · 红 < \(number(yellowAtLeast)) 分"
    }
}
