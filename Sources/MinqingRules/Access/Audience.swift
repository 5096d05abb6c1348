/// Who may call an operation at all: decided from the bearer token alone, before the request body is read.
public enum Audience: Sendable, Equatable {
    /// No account needed; a token, if sent, is not even looked at (resident pages, public codes, health).
    case anyone
    /// No account needed, but a token that is sent must be valid and identifies the caller (staff filing
    /// on a resident's behalf; the unpublished annual board).
    case anyoneIdentified
    /// Any signed-in role.
    case signedIn
    /// Only these roles.
    case roles(Set<Role>)

    public func admits(_ role: Role) -> Bool {
        switch self {
        case .anyone, .anyoneIdentified, .signedIn: true
        case .roles(let roles): roles.contains(role)
        }
    }

    public var needsSignIn: Bool {
        switch self {
        case .anyone, .anyoneIdentified: false
        case .signedIn, .roles: true
        }
    }
}
