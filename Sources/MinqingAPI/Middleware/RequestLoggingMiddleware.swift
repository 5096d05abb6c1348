import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MinqingRules
import Synchronization

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
        // one change of the handler's metadata (each change re-renders it in the stream handler)
        var metadata = context.logger.handler.metadata
        metadata["hb.request.id"] = nil
        metadata["request.id"] = .string(requestID)
        context.logger.handler.metadata = metadata
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

    /// 32 hex digits: a random number drawn once per process, then a counter scrambled by SplitMix64, so ids
    /// are unique within the process and unlike another's, without a system call per request (they are
    /// correlation ids, not secrets).
    static func generateID() -> String {
        var mixed = idSeed &+ idCounter.add(1, ordering: .relaxed).newValue &* 0x9E37_79B9_7F4A_7C15
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        mixed ^= mixed >> 31
        return hex(idPrefix) + hex(mixed)
    }

    private static let idPrefix = UInt64.random(in: .min ... .max)
    private static let idSeed = UInt64.random(in: .min ... .max)
    private static let idCounter = Atomic<UInt64>(0)

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
