import Foundation
import HTTPTypes
import MinqingRules
import OpenAPIRuntime

/// Keeps the answer the `lookupCode` handler gave for a code with its card in ``CodeCardCache``, so that
/// ``CodeLookupFastPath`` can repeat it while the card is fresh. The handler stays the only place the answer
/// is made; this only copies what it sent.
struct CodeLookupRecorder: ServerMiddleware {
    let cards: CodeCardCache

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        guard operationID == APIOperation.lookupCode.rawValue, let code = metadata.pathParameters["code"].map(String.init),
            CodeLookupFastPath.acceptsJSON(request.headerFields[.accept])
        else {
            return try await next(request, body, metadata)
        }
        let (head, answer) = try await next(request, body, metadata)
        guard head.status == .ok, let answer else { return (head, answer) }
        let bytes = try await [UInt8](collecting: answer, upTo: 64 * 1024)
        cards.keep(.init(head: head, body: bytes), for: code)
        return (head, HTTPBody(bytes))
    }
}
