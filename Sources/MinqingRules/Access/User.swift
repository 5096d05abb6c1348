import Foundation

/// A user account and the registry row its role binds it to.
public struct User: Sendable, Equatable {
    public var id: UUID
    public var username: String
    public var role: Role
    public var representativeID: UUID?
    public var observerID: UUID?
    public var departmentID: UUID?
    /// The region of a staff member or leader.
    public var regionID: UUID?
    public var active: Bool
    public var createdAt: Date

    public init(
        id: UUID, username: String, role: Role, representativeID: UUID? = nil, observerID: UUID? = nil,
        departmentID: UUID? = nil, regionID: UUID? = nil, active: Bool = true, createdAt: Date
    ) {
        self.id = id
        self.username = username
        self.role = role
        self.representativeID = representativeID
        self.observerID = observerID
        self.departmentID = departmentID
        self.regionID = regionID
        self.active = active
        self.createdAt = createdAt
    }
}
