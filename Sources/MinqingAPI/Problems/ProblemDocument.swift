import Foundation
import Hummingbird

/// The JSON body of a ``Problem``.
struct ProblemDocument: Encodable {
    let type: String
    let title: String
    let status: Int
    let detail: String
    let code: String
    let requestID: String
    let errors: [Problem.FieldError]?
    let currentStatus: String?
    let allowedActions: [String]?

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail, code, errors
        case requestID = "request_id"
        case currentStatus = "current_status"
        case allowedActions = "allowed_actions"
    }

    init(_ problem: Problem, requestID: String) {
        type = problem.type
        title = problem.title
        status = problem.status.code
        detail = problem.detail
        code = problem.code
        self.requestID = requestID
        errors = problem.errors.isEmpty ? nil : problem.errors
        currentStatus = problem.currentStatus
        allowedActions = problem.allowedActions
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func response(for problem: Problem, requestID: String) -> Response {
        let body = (try? encoder.encode(ProblemDocument(problem, requestID: requestID))) ?? Data("{}".utf8)
        var headers = problem.headers
        headers[.contentType] = "application/problem+json"
        return Response(status: problem.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
