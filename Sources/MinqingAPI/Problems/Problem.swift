import Foundation
import HTTPTypes
import MinqingCore
import MinqingRules

/// An RFC 9457 problem: the only shape an error leaves the server in.
///
/// Handlers throw it; ``ProblemMiddleware`` renders it as `application/problem+json`.
public struct Problem: Error, Sendable, Equatable {
    public typealias FieldError = MinqingRules.FieldError

    public var status: HTTPResponse.Status
    public var code: String
    public var title: String
    public var detail: String
    public var errors: [FieldError]
    public var headers: HTTPFields
    /// With `invalid_transition`: the state the item is in and what may be done now.
    public var currentStatus: String?
    public var allowedActions: [String]?

    public init(
        _ status: HTTPResponse.Status, code: String, title: String? = nil, detail: String,
        errors: [FieldError] = [], headers: HTTPFields = [:]
    ) {
        self.status = status
        self.code = code
        self.title = title ?? status.reasonPhrase
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    /// `type` URI: a stable, documented identifier per code.
    public var type: String { "https://minqing.example/problems/\(code.replacingOccurrences(of: "_", with: "-"))" }
}

extension Problem {
    public static func validation(_ errors: [FieldError]) -> Problem {
        let fields = errors.map(\.field).joined(separator: ", ")
        return Problem(
            .unprocessableContent, code: "validation_failed", detail: "The request has invalid fields: \(fields).", errors: errors)
    }

    public static func notFound(_ what: String) -> Problem {
        Problem(.notFound, code: "not_found", detail: "\(what) was not found.")
    }

    /// The database is down or unreachable: retry shortly.
    public static let databaseUnavailable = Problem(
        .serviceUnavailable, code: "database_unavailable",
        detail: "The database is unavailable right now; retry in a few seconds.", headers: [.retryAfter: "5"]
    )

    public static func internalError(requestID: String) -> Problem {
        Problem(
            .internalServerError, code: "internal_error",
            detail: "An internal error occurred. Quote request id \(requestID) when reporting it."
        )
    }
}
