import Foundation

/// A volunteer observer (民情观察员) linked to a representative and a station.
public struct Observer: Sendable, Equatable {
    public var id: UUID
    public var name: String
    public var roleText: String?
    public var representativeID: UUID
    public var stationID: UUID
    public var active: Bool
    public var createdAt: Date
    public var updatedAt: Date
}

public struct ObserverChanges: Sendable {
    public var name: String?
    public var roleText: String?
    public var representativeID: UUID?
    public var stationID: UUID?
    public var active: Bool?

    public init(
        name: String? = nil, roleText: String? = nil, representativeID: UUID? = nil, stationID: UUID? = nil,
        active: Bool? = nil
    ) {
        self.name = name
        self.roleText = roleText
        self.representativeID = representativeID
        self.stationID = stationID
        self.active = active
    }
}

public struct ObserverFilter: Sendable {
    public var representativeID: UUID?
    public var stationID: UUID?
    public var active: Bool?

    public init(representativeID: UUID? = nil, stationID: UUID? = nil, active: Bool? = nil) {
        self.representativeID = representativeID
        self.stationID = stationID
        self.active = active
    }
}
