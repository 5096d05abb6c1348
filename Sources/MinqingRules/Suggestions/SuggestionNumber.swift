import Foundation

/// A suggestion's readable number, given at submit: within a session `第0012号`, between sessions
/// `闭-2026-0012` (the local year of the submit). Unique per session or per region and year, not gapless.
public enum SuggestionNumber {
    /// The counter a number is drawn from.
    public static func scope(session: UUID?, region: UUID, year: Int) -> String {
        session.map { "session:\($0.uuidString.lowercased())" } ?? "between:\(region.uuidString.lowercased()):\(year)"
    }

    public static func format(_ sequence: Int, inSession: Bool, year: Int) -> String {
        let digits = String(format: "%04d", sequence)
        return inSession ? "第\(digits)号" : "闭-\(year)-\(digits)"
    }
}
