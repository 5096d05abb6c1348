import Foundation
import Hummingbird
import MinqingRules

/// Refuses control characters (U+0000–U+001F, U+007F) and undecodable escapes in the path and the query
/// before anything reads them. No id, code, token or filter contains one, and PostgreSQL refuses a NUL byte
/// in text (which was a 500). A path holding one names nothing (404, like any unknown id); a query parameter
/// holding one is invalid (422 naming the parameter).
struct ControlCharacterMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let path = request.uri.path.removingPercentEncoding, !Self.hasControlCharacter(path) else {
            throw Problem.notFound("The resource")
        }
        var validator = FieldValidator()
        for pair in (request.uri.query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            }
            let name = parts[0].flatMap { Self.hasControlCharacter($0) ? nil : $0 } ?? "query"
            if parts.contains(where: { $0 == nil || Self.hasControlCharacter($0!) }) {
                validator.add(name, "must not contain control characters or undecodable escapes")
            }
        }
        try validator.check()
        return try await next(request, context)
    }

    static func hasControlCharacter(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
    }
}
