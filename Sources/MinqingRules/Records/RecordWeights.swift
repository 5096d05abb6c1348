import Foundation

/// The weighting of a representative's performance record (履职档案) into one score, the ranking's order
/// (履职排名). Points per counted fact; a missed duty slot costs points. Configured as
/// `MINQING_RECORD_WEIGHTS=slot_kept=2,slot_missed=-2,…` (README, "Representatives' records"); a name left
/// out keeps its default.
public struct RecordWeights: Sendable, Equatable, Codable {
    public var slotKept = 2.0
    public var slotMissed = -2.0
    public var reception = 1.0
    public var activity = 2.0
    public var reportBack = 3.0
    public var itemReceived = 1.0
    public var itemClosed = 1.0
    public var itemRated = 1.0
    public var suggestionLed = 5.0
    public var suggestionCoSigned = 2.0

    public init() {}

    /// The names the configuration uses, with the weight each one sets.
    public static var names: [(name: String, key: WritableKeyPath<RecordWeights, Double>)] {
        [
            ("slot_kept", \.slotKept), ("slot_missed", \.slotMissed), ("reception", \.reception), ("activity", \.activity),
            ("report_back", \.reportBack), ("item_received", \.itemReceived), ("item_closed", \.itemClosed),
            ("item_rated", \.itemRated), ("suggestion_led", \.suggestionLed), ("suggestion_co_signed", \.suggestionCoSigned),
        ]
    }

    /// `name=points,…` over the defaults; nil for an unknown name, a repeated one, or points outside ±100.
    public static func parse(_ text: String) -> RecordWeights? {
        guard let pairs = NamedValues.parse(text) else { return nil }
        var weights = RecordWeights(), seen: Set<String> = []
        for (name, value) in pairs {
            guard let entry = names.first(where: { $0.name == name }), seen.insert(name).inserted, let points = Double(value),
                (-100...100).contains(points)
            else { return nil }
            weights[keyPath: entry.key] = points
        }
        return weights
    }

    /// The record's score: each count times its weight, summed, rounded to one decimal.
    public func score(_ counts: RecordCounts) -> Double {
        let sum =
            Double(counts.slotsKept) * slotKept + Double(counts.slotsMissed) * slotMissed + Double(counts.receptions) * reception
            + Double(counts.activities) * activity + Double(counts.reportBacks) * reportBack
            + Double(counts.itemsReceived) * itemReceived + Double(counts.itemsClosed) * itemClosed
            + Double(counts.itemsRated) * itemRated + Double(counts.suggestionsLed) * suggestionLed
            + Double(counts.suggestionsCoSigned) * suggestionCoSigned
        return ReportRounding.tenths(sum)
    }

    enum CodingKeys: String, CodingKey {
        case slotKept = "slot_kept", slotMissed = "slot_missed", reception, activity, reportBack = "report_back"
        case itemReceived = "item_received", itemClosed = "item_closed", itemRated = "item_rated"
        case suggestionLed = "suggestion_led", suggestionCoSigned = "suggestion_co_signed"
    }
}

/// The counted facts of a representative's record over a period — what ``RecordWeights`` scores.
public struct RecordCounts: Sendable, Equatable, Codable {
    /// Duty slots (代表轮值驻站) of the period he was on: checked in; ended without his check-in.
    public var slotsKept = 0, slotsMissed = 0
    /// Receptions held: reception activities he took part in, and recorded duty slots he kept.
    public var receptions = 0
    /// Other activities held that he took part in (consultations, inspections, inquiries…), report-backs apart.
    public var activities = 0
    /// Report-backs to the voters (向选民述职) he held.
    public var reportBacks = 0
    /// Submissions received through his codes; of those, closed by now.
    public var itemsReceived = 0, itemsClosed = 0
    /// His ratings of replies: submissions and activity problems.
    public var itemsRated = 0
    /// Suggestions he submitted as lead, and those he co-signed (confirmed).
    public var suggestionsLed = 0, suggestionsCoSigned = 0

    public init() {}

    enum CodingKeys: String, CodingKey {
        case slotsKept = "slots_kept", slotsMissed = "slots_missed", receptions, activities, reportBacks = "report_backs"
        case itemsReceived = "items_received", itemsClosed = "items_closed", itemsRated = "items_rated"
        case suggestionsLed = "suggestions_led", suggestionsCoSigned = "suggestions_co_signed"
    }
}
