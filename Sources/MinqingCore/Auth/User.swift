import Foundation

/// A user account and the registry row its role binds it to.
public struct User: Sendable, Equatable {
    public var id: UUID
    public var username: String
    public var role: Role
    public var representativeID: UUID?
    public var observerID: UUID?
    public var departmentID: UUID?
    public var active: Bool
    public var createdAt: Date
}

/// The signed-in caller of a request.
public typealias Principal = User
