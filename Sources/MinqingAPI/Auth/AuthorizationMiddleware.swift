import Foundation
import HTTPTypes
import MinqingCore
import MinqingRules
import OpenAPIRuntime

/// Decides who may call each generated operation before its request is decoded: the bearer token is
/// resolved, ``AccessPolicy/admit(_:to:)`` answers 401 or 403, and an object the path names outside the
/// caller's scope is a 404 (``ObjectReach``), so a caller learns nothing about how his body would have been
/// judged, nor whether another's object exists. The admitted caller is bound in
/// ``RequestCaller`` for the handler. An operation the policy does not know is refused (fail closed).
struct AuthorizationMiddleware: ServerMiddleware {
    let services: APIServices

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        guard let operation = APIOperation(rawValue: operationID) else {
            RequestScope.current.logger.critical("operation without an access policy entry", metadata: ["operation": "\(operationID)"])
            throw DomainError.forbidden("This operation is not available.")
        }
        let caller: User?
        switch AccessPolicy.audience(of: operation) {
        case .anyone:
            caller = nil
        case .anyoneIdentified, .signedIn, .roles:
            caller = try await authenticate(request.headerFields[.authorization])
        }
        try AccessPolicy.admit(caller, to: operation)
        if let object = AccessPolicy.object(of: operation), let caller,
            let named = metadata.pathParameters["id"] ?? metadata.pathParameters["code"]
        {
            try await ObjectReach(services: services, logger: RequestScope.current.logger)
                .require(
                    object, String(named), within: AccessPolicy.scope(of: caller), handling: !AccessPolicy.onlyReads(operation))
        }
        // who acts, for the audit triggers of whatever the handler writes. Only signed-in callers and logins
        // (which have no caller yet) write audited rows; other anonymous requests (filings, lookups) bind
        // nothing, which spares their transactions the `set_config` round trip.
        let scope = RequestScope.current
        let audit =
            caller != nil || operation == .login
            ? AuditContext(caller: caller, clientAddress: scope.clientAddress, requestID: scope.requestID) : nil
        return try await RequestCaller.$current.withValue(caller) {
            try await AuditContext.$current.withValue(audit) {
                try await next(request, body, metadata)
            }
        }
    }

    /// The user of `Authorization: Bearer <token>`; nil without the header, 401 when it is unusable.
    private func authenticate(_ header: String?) async throws -> User? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw DomainError.unauthenticated("The Authorization header must be 'Bearer <token>'.")
        }
        let tokens = TokenStore(database: services.database, logger: RequestScope.current.logger)
        guard let user = try await tokens.user(for: String(parts[1]), now: services.clock.now()) else {
            throw DomainError.unauthenticated("The token is unknown, expired or revoked.")
        }
        return user
    }
}
