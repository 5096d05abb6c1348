import Foundation

/// A code (代表码 / 联络站码 / 活动码) printed as a QR code: an unguessable token bound to a representative, a
/// station or an activity.
public struct Code: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable { case representative, station, activity }
    public enum Status: String, Sendable { case active, revoked }

    public var code: String
    public var kind: Kind
    public var status: Status
    /// The representative, the station, or the activity (activity codes issued before activities existed
    /// were bound to a station, and still work as its codes).
    public var targetID: UUID
    public var representativeID: UUID?
    /// The station the code files into: the station itself, or the representative's home station.
    public var stationID: UUID
    public var createdAt: Date
    public var revokedAt: Date?
    /// An activity code's activity.
    public var activityID: UUID? = nil
}

/// Daily scan counts of one code (local dates).
public struct CodeScanStats: Sendable, Equatable {
    public var total: Int
    public var days: [(date: String, scans: Int)]

    public init(total: Int, days: [(date: String, scans: Int)]) {
        (self.total, self.days) = (total, days)
    }

    /// These counts with scans not yet written (``ScanTally/unwritten(_:)``) added to their days.
    public func adding(_ unwritten: [String: Int]) -> CodeScanStats {
        guard !unwritten.isEmpty else { return self }
        let merged = Dictionary(days.map { ($0.date, $0.scans) }, uniquingKeysWith: +).merging(unwritten, uniquingKeysWith: +)
        let days = merged.sorted { $0.key < $1.key }.map { (date: $0.key, scans: $0.value) }
        return CodeScanStats(total: days.map(\.scans).reduce(0, +), days: days)
    }

    public static func == (lhs: CodeScanStats, rhs: CodeScanStats) -> Bool {
        lhs.total == rhs.total && lhs.days.map(\.date) == rhs.days.map(\.date) && lhs.days.map(\.scans) == rhs.days.map(\.scans)
    }
}
