import Foundation
import MinqingCore
import MinqingRules

extension APIHandler {
    /// The caller of a signed-in operation (``AuthorizationMiddleware`` admitted him).
    var caller: User {
        get throws {
            guard let caller = RequestCaller.current else {
                throw DomainError.unauthenticated("Sign in and send the token as 'Authorization: Bearer <token>'.")
            }
            return caller
        }
    }

    /// What the caller can reach (``AccessPolicy/scope(of:)``).
    var scope: AccessScope {
        get throws { AccessPolicy.scope(of: try caller) }
    }

    func bearerToken() -> String? {
        RequestScope.current.authorization?.split(separator: " ", maxSplits: 1).last.map(String.init)
    }
}
