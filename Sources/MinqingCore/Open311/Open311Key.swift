import Foundation

/// A calling system's key for the Open311 facade: its filings land in the key's region and station.
public struct Open311Key: Sendable, Equatable {
    public var id: UUID
    public var name: String
    public var regionID: UUID
    public var stationID: UUID?
    public var createdAt: Date
    public var revokedAt: Date?

    public var isRevoked: Bool { revokedAt != nil }
}
