import Foundation
import MinqingCore

extension APIHandler {
    /// The caller, from `Authorization: Bearer <token>`; 401 when absent or unusable.
    func signedIn() async throws -> User {
        guard let header = RequestScope.current.authorization else {
            throw DomainError.unauthenticated("Sign in and send the token as 'Authorization: Bearer <token>'.")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw DomainError.unauthenticated("The Authorization header must be 'Bearer <token>'.")
        }
        guard let user = try await tokens.user(for: String(parts[1]), now: services.clock.now()) else {
            throw DomainError.unauthenticated("The token is unknown, expired or revoked.")
        }
        return user
    }

    /// The caller, who must have one of `roles`; 401 when not signed in, 403 for another role.
    func require(_ roles: Role...) async throws -> User {
        let user = try await signedIn()
        guard roles.contains(user.role) else {
            throw DomainError.forbidden("The \(user.role.rawValue) role may not do this.")
        }
        return user
    }

    func bearerToken() -> String? {
        RequestScope.current.authorization?.split(separator: " ", maxSplits: 1).last.map(String.init)
    }
}
