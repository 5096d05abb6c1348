import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MinqingRules

/// Outermost middleware: takes the caller's `X-Request-Id` (or makes one), puts it on every log line of
/// the request and on the response, binds ``RequestScope`` and writes one access-log line.
///
/// The line names the route template (`/v1/tracking/{token}`), never the path: paths carry secrets (a
/// tracking token opens and rates a resident's item), and whoever reads logs must not get them. Only a path
/// that matched no route is logged as sent, since no secret-bearing route took it.
struct RequestLoggingMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    static let header = HTTPField.Name("X-Request-Id")!
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
    static let forwarded = HTTPField.Name("Forwarded")!

    /// Proxies whose forwarding headers name the client (`ClientAddress`).
    var trustedProxies: [CIDR] = []

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let requestID = Self.acceptedID(request.headers[Self.header]) ?? Self.generateID()
        var context = context
        context.logger[metadataKey: "hb.request.id"] = nil
        context.logger[metadataKey: "request.id"] = .string(requestID)
        let logger = context.logger
        let client = ClientAddress.resolve(
            peer: context.remoteAddress?.ipAddress ?? "unknown", forwardedFor: request.headers[values: Self.forwardedFor],
            forwarded: request.headers[values: Self.forwarded], trusted: trustedProxies
        )
        let scope = RequestScope(
            requestID: requestID, logger: logger, clientAddress: client, authorization: request.headers[.authorization]
        )
        let started = ContinuousClock.now
        var response = try await RequestScope.$current.withValue(scope) {
            try await next(request, context)
        }
        response.headers[Self.header] = requestID
        let elapsed = ContinuousClock.now - started
        let route = context.endpointPath.flatMap { $0 == "NotFound" ? nil : $0 } ?? "unmatched \(request.uri.path)"
        logger.info(
            "\(request.method) \(route) \(response.status.code)",
            metadata: [
                "http.method": "\(request.method)",
                "http.route": "\(route)",
                "http.status": "\(response.status.code)",
                "http.duration_ms": "\(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)",
                "client.address": "\(client)",
            ])
        return response
    }

    /// A caller's id is used when it is 1–128 visible ASCII characters.
    static func acceptedID(_ value: String?) -> String? {
        guard let value, (1...128).contains(value.utf8.count),
            value.utf8.allSatisfy({ (0x21...0x7E).contains($0) })
        else { return nil }
        return value
    }

    static func generateID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
