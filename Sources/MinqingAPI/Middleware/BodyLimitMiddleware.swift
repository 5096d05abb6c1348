import Foundation
import Hummingbird
import OpenAPIRuntime

/// Collects the request body up to the configured limit; a larger body is refused with 413 before any
/// handler runs (the generated layer would otherwise read without bound). It keeps the bytes, so when the
/// body turns out not to be JSON it can say where.
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let maxBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let tooLarge = HTTPError(.contentTooLarge, message: "The request body exceeds the limit of \(maxBytes) bytes.")
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBytes { throw tooLarge }
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBytes)
            request.body = .init(buffer: buffer)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw tooLarge
        }
        if buffer.readableBytes > 0, request.uri.path.hasPrefix("/v1/") {
            try Self.requireJSON(request.headers[.contentType])
            if let key = JSONDuplicateKeys.first(in: Array(buffer: buffer)) {
                throw Problem(.badRequest, code: "duplicate_key", detail: "The key '\(key)' appears twice in one object; give it once.")
            }
        }
        do {
            return try await next(request, context)
        } catch let error as ServerError {
            guard case .dataCorrupted(let decoding) = error.underlyingError as? DecodingError, decoding.codingPath.isEmpty
            else { throw error }
            throw Problem.malformedJSON(position: Self.syntaxErrorPosition(in: buffer))
        }
    }

    /// The API's bodies are JSON in UTF-8: a body without a Content-Type, or with another charset, is refused
    /// (415) rather than guessed at. Other media types are refused by the generated layer.
    static func requireJSON(_ contentType: String?) throws {
        guard let contentType else {
            throw Problem(
                .unsupportedMediaType, code: "unsupported_media_type", detail: "Send the body with Content-Type: application/json.")
        }
        let parameters = contentType.split(separator: ";").dropFirst().map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        for parameter in parameters where parameter.hasPrefix("charset=") {
            let charset = parameter.dropFirst("charset=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            guard charset == "utf-8" || charset == "utf8" else {
                throw Problem(
                    .unsupportedMediaType, code: "unsupported_media_type", detail: "Bodies are UTF-8; charset \(charset) is not accepted.")
            }
        }
    }

    /// Foundation's JSON parser names the offending character ("around character 28").
    static func syntaxErrorPosition(in buffer: ByteBuffer) -> String? {
        do {
            _ = try JSONSerialization.jsonObject(with: Data(buffer: buffer), options: [.fragmentsAllowed])
            return nil
        } catch {
            let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            return text.range(of: #"character \d+"#, options: .regularExpression).map { String(text[$0]) }
        }
    }
}
