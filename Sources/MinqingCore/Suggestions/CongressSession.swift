import Foundation

/// A session of a region's people's congress (e.g. 滨江区第三届人民代表大会第四次会议). Suggestions made
/// during it are numbered within it; those made between sessions have none.
public struct CongressSession: Sendable, Equatable {
    public var id: UUID
    public var regionID: UUID
    public var name: String
    /// Local calendar days, `yyyy-MM-dd`.
    public var opensOn: String
    public var closesOn: String
    public var createdAt: Date
    public var updatedAt: Date
}

/// A new session, or a change to one (nil: keep).
public struct SessionChanges: Sendable {
    public var regionID: UUID?
    public var name: String?
    public var opensOn: String?
    public var closesOn: String?

    public init(regionID: UUID? = nil, name: String? = nil, opensOn: String? = nil, closesOn: String? = nil) {
        (self.regionID, self.name, self.opensOn, self.closesOn) = (regionID, name, opensOn, closesOn)
    }
}
