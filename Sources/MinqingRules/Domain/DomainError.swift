/// A refusal by the domain, independent of HTTP; the API maps each case to one problem response.
public enum DomainError: Error, Sendable, Equatable {
    /// Fields failed validation (422).
    case invalid([FieldError])
    /// No such row, or not visible to the caller in a way that should not reveal it (404).
    case notFound(String)
    /// The caller is not signed in or its token is unusable (401).
    case unauthenticated(String)
    /// The caller's role or scope does not allow this (403).
    case forbidden(String)
    /// The change conflicts with existing data (409), with a machine code.
    case conflict(code: String, detail: String)
    /// The thing existed but is withdrawn for good (410).
    case gone(code: String, detail: String)
    /// The action is not allowed in the item's current state (409 invalid_transition).
    case invalidTransition(current: String, allowed: [String], detail: String)
    /// Too many attempts; try again after `retryAfter` seconds (429).
    case rateLimited(retryAfter: Int, detail: String)

    public static func invalid(_ field: String, _ message: String) -> DomainError {
        .invalid([FieldError(field: field, message: message)])
    }
}
