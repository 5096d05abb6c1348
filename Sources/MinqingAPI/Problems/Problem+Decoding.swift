import Foundation
import MinqingCore
import MinqingRules
import OpenAPIRuntime

extension Problem {
    /// Translates what the generated server throws while reading a request into a problem:
    /// malformed JSON → 400 with the position, a wrong type → 400 naming the field, a missing required
    /// field → 422 naming it, other request errors with the runtime's 4xx status.
    static func from(serverError: ServerError) -> Problem? {
        if let problem = serverError.underlyingError as? Problem { return problem }
        if let domain = serverError.underlyingError as? DomainError { return Problem(domain) }
        if let decoding = serverError.underlyingError as? DecodingError { return from(decoding: decoding) }
        let status = serverError.httpStatus
        guard (400..<500).contains(status.code) else { return nil }
        let code =
            switch status.code {
            case 415: "unsupported_media_type"
            case 406: "not_acceptable"
            default: "bad_request"
            }
        return Problem(status, code: code, detail: serverError.causeDescription)
    }

    static func malformedJSON(position: String?) -> Problem {
        Problem(
            .badRequest, code: "malformed_json",
            detail: "The body is not valid JSON"
                + (position.map { " (error around \($0.replacingOccurrences(of: "character", with: "byte")))" } ?? "") + "."
        )
    }

    static func from(decoding error: DecodingError) -> Problem {
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            return .validation([.init(field: field, message: "is required")])
        case .valueNotFound(_, let context):
            return .validation([.init(field: path(context.codingPath), message: "must not be null")])
        case .typeMismatch(let type, let context):
            let field = path(context.codingPath)
            return Problem(
                .badRequest, code: "invalid_type", detail: "Field '\(field)' has the wrong type; expected \(typeName(type)).",
                errors: [.init(field: field, message: "expected \(typeName(type))")]
            )
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return .malformedJSON(position: nil) }
            let field = path(context.codingPath)
            return .validation([.init(field: field, message: context.debugDescription)])
        @unknown default:
            return Problem(.badRequest, code: "bad_request", detail: "The request body could not be read.")
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        keys.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }
            .joined().trimmingPrefix(".").description
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type, is Int32.Type, is Int64.Type: "an integer"
        case is Double.Type, is Float.Type: "a number"
        case is [Any].Type: "an array"
        default: "an object"
        }
    }
}
