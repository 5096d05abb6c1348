/// A department's place on the year-end board (三色榜).
public enum Grade: String, Sendable, CaseIterable, Codable {
    case green, yellow, red
    /// No figures to score.
    case none

    /// The board's word for the grade.
    public var boardLabel: String {
        switch self {
        case .green: "绿榜"
        case .yellow: "黄榜"
        case .red: "红榜"
        case .none: "无数据"
        }
    }

    /// The one-character label of the CSV sheet.
    public var shortLabel: String {
        switch self {
        case .green: "绿"
        case .yellow: "黄"
        case .red: "红"
        case .none: "无"
        }
    }
}
