import HTTPTypes
import Hummingbird
import MinqingCore
import MinqingRules
import NIOCore

/// `GET /v1/codes/{code}` is what every scan of a poster asks, thousands of times a minute at an event. While
/// the code's card is fresh in ``CodeCardCache`` and the handler's answer for it was kept
/// (``CodeLookupRecorder``), this repeats that answer and counts the scan, without the generated layer and
/// the middleware behind it; everything else, and every miss, goes on to the handler. It stands after the
/// access log and the metrics (which see the route as usual) and serves only what the access policy lets
/// anyone read, to callers that accept JSON, without a body, with a well-formed code — so the answer is the
/// one the handler would give.
struct CodeLookupFastPath: RouterMiddleware {
    typealias Context = AppRequestContext

    static let route = "/v1/codes/{code}"
    private static let prefix = "/v1/codes/"

    let services: APIServices

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get, let code = Self.code(in: request.uri.path), Self.acceptsJSON(request.headers[.accept]),
            request.uri.query == nil, request.headers[.contentLength] == nil, request.headers[.transferEncoding] == nil,
            AccessPolicy.audience(of: .lookupCode) == .anyone,
            let (card, cached) = services.codeCards.lookup(code)
        else {
            return try await next(request, context)
        }
        context.coreContext.endpointPath.value = Self.route
        services.scans.count(card.code.code, at: services.clock.now())
        return Response(
            status: cached.head.status, headers: cached.head.headerFields, body: .init(byteBuffer: ByteBuffer(bytes: cached.body)))
    }

    /// The code of `/v1/codes/{code}` when it has the shape of one (`[a-z2-9]{8,32}`, as codes are made).
    static func code(in path: String) -> String? {
        guard path.hasPrefix(prefix) else { return nil }
        let code = path.utf8.dropFirst(prefix.utf8.count)
        guard (8...32).contains(code.count),
            code.allSatisfy({ (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "2")...UInt8(ascii: "9")).contains($0) }
            )
        else { return nil }
        return String(decoding: code, as: UTF8.self)
    }

    /// No Accept header, or one naming JSON or a wildcard and no weights: the handler would answer JSON.
    static func acceptsJSON(_ accept: String?) -> Bool {
        guard let accept = accept?.lowercased() else { return true }
        guard !accept.contains("q=") else { return false }  // weights: left to the handler
        return accept.contains("application/json") || accept.contains("*/*") || accept.contains("application/*")
    }
}
