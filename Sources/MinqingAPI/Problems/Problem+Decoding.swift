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
        if let invalid = serverError.underlyingError as? RFC3339DateTranscoder.Invalid {
            return invalidDateTime(invalid.text, query: serverError.request.path)
        }
        if let decoding = serverError.underlyingError as? DecodingError {
            if case .dataCorrupted(let context) = decoding, let invalid = context.underlyingError as? RFC3339DateTranscoder.Invalid {
                return invalidDateTime(
                    invalid.text, query: serverError.request.path, field: context.codingPath.isEmpty ? nil : path(context.codingPath))
            }
            return from(decoding: decoding)
        }
        // the runtime's URI parser (an internal type) refuses a query or form it cannot split, as `?&a=1`
        if String(reflecting: Swift.type(of: serverError.underlyingError)).hasPrefix("OpenAPIRuntime.ParsingError") {
            return Problem(.badRequest, code: "bad_request", detail: "The query or form is malformed: give each part as name=value.")
        }
        if let name = missingParameter(serverError.causeDescription) {
            return .validation([.init(field: name, message: "is required")])
        }
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

    /// A date-time that is not RFC 3339, named by its field in a body or, in a query, by the parameter that
    /// carried the text (the transcoder sees the text only).
    static func invalidDateTime(_ text: String, query path: String?, field: String? = nil) -> Problem {
        let parameter = field ?? path.flatMap { URLComponents(string: $0)?.queryItems?.first { $0.value == text }?.name } ?? "body"
        return Problem(
            .badRequest, code: "invalid_type", detail: "'\(parameter)' must be an RFC 3339 date-time such as 2026-03-12T17:25:34Z.",
            errors: [.init(field: parameter, message: "expected an RFC 3339 date-time")]
        )
    }

    /// The parameter a "missing required query parameter / header field" error names. The runtime's error
    /// type is internal, so its description is read (RequestShapeTests notices if the wording changes).
    static func missingParameter(_ description: String) -> String? {
        let query = "Missing required query parameter named: "
        if description.hasPrefix(query) { return String(description.dropFirst(query.count)) }
        let header = #/The required header field named '(.+)' is missing\./#
        return (try? header.wholeMatch(in: description)).map { String($0.1) }
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
