import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// A response read as JSON (or text), for terse assertions.
struct APIResult: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let body: Data

    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:] }
    var items: [[String: Any]] { json["items"] as? [[String: Any]] ?? [] }
    var text: String { String(decoding: body, as: UTF8.self) }
    var code: String? { json["code"] as? String }
    var errorFields: [String] { (json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? [] }
    subscript(_ key: String) -> Any? { json[key] }
    func string(_ key: String) -> String? { json[key] as? String }
}

extension TestClientProtocol {
    /// Sends a request with an optional bearer token and JSON body (a dictionary or raw text).
    func call(
        _ method: HTTPRequest.Method, _ uri: String, token: String? = nil, json: [String: Any]? = nil,
        raw: String? = nil, contentType: String = "application/json", headers extra: HTTPFields = [:]
    ) async throws -> APIResult {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        var body: ByteBuffer?
        if let json {
            body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json))
            headers[.contentType] = contentType
        } else if let raw {
            body = ByteBuffer(string: raw)
            headers[.contentType] = contentType
        }
        return try await execute(uri: uri, method: method, headers: headers, body: body) { response in
            APIResult(status: response.status, headers: response.headers, body: Data(buffer: response.body))
        }
    }
}
