import Foundation
import HTTPTypes
import Hummingbird
import MinqingRules

/// The two formats of the Open311 facade, chosen by the path's suffix.
enum Open311Format: String {
    case xml, json

    var contentType: String { self == .xml ? "text/xml; charset=utf-8" : "application/json; charset=utf-8" }

    /// The format a path asks for (JSON unless it ends in `.xml`).
    init(path: String) {
        self = path.hasSuffix(".xml") ? .xml : .json
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Open311Format.timestamp(date))
        }
        return encoder
    }()

    /// W3C date-time with the offset (`Z`), as GeoReport v2 requires.
    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    /// The XML form of a JSON-encodable document under `root`.
    static func xml<Document: Encodable>(_ document: Document, root: String) throws -> String {
        try SparkXML.document(root: root, json: try encoder.encode(document))
    }
}

/// A GeoReport error: the statuses it allows (400 bad arguments, 403 bad key, 404 unknown), 429 with its
/// Retry-After, 5xx as they are. Every error of an Open311 path leaves in this shape (``ProblemMiddleware``).
struct Open311Error: Encodable {
    let code: Int
    let description: String

    init(_ problem: Problem) {
        code = Self.status(for: problem.status).code
        let fields = problem.errors.map { "\(Open311Vocabulary.field($0.field)): \($0.message)" }
        description = fields.isEmpty ? problem.detail : fields.joined(separator: "; ")
    }

    static func status(for status: HTTPResponse.Status) -> HTTPResponse.Status {
        switch status.code {
        case 401, 403: .forbidden
        case 404, 405, 410: .notFound
        case 429: .tooManyRequests
        case 500...: status
        default: .badRequest
        }
    }

    static func response(for problem: Problem, path: String) -> Response {
        let format = Open311Format(path: path)
        let errors = [Open311Error(problem)]
        let body: String =
            switch format {
            case .xml: (try? Open311Format.xml(errors, root: "errors")) ?? "<?xml version=\"1.0\" encoding=\"UTF-8\"?><errors/>"
            case .json: String(decoding: (try? Open311Format.encoder.encode(errors)) ?? Data("[]".utf8), as: UTF8.self)
            }
        var headers = HTTPFields()
        if let retry = problem.headers[.retryAfter] { headers[.retryAfter] = retry }
        headers[.contentType] = format.contentType
        return Response(status: status(for: problem.status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
