import Foundation
import Hummingbird
import MinqingRules

/// Refuses control characters (`FieldValidator.containsControl`) and undecodable escapes in the path and the query
/// before anything reads them. No id, code, token or filter contains one, and PostgreSQL refuses a NUL byte
/// in text (which was a 500). A path holding one names nothing (404, like any unknown id); a query parameter
/// holding one is invalid (422 naming the parameter).
struct ControlCharacterMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let rawPath = request.uri.path
        // most paths have no escape: then the path itself is what would be decoded
        let path = rawPath.utf8.contains(UInt8(ascii: "%")) ? rawPath.removingPercentEncoding : rawPath
        guard let path, !FieldValidator.containsControl(path) else {
            throw Problem.notFound("The resource")
        }
        guard let query = request.uri.query, !query.isEmpty else { return try await next(request, context) }
        var validator = FieldValidator()
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            }
            let name = parts[0].flatMap { FieldValidator.containsControl($0) ? nil : $0 } ?? "query"
            if parts.contains(where: { $0 == nil || FieldValidator.containsControl($0!) }) {
                validator.add(name, "must not contain control characters or undecodable escapes")
            }
        }
        try validator.check()
        return try await next(request, context)
    }
}
