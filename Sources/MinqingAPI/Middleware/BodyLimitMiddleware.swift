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
        do {
            return try await next(request, context)
        } catch let error as ServerError {
            guard case .dataCorrupted(let decoding) = error.underlyingError as? DecodingError, decoding.codingPath.isEmpty
            else { throw error }
            throw Problem.malformedJSON(position: Self.syntaxErrorPosition(in: buffer))
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
