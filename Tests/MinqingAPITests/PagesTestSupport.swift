import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MinqingCore
import NIOCore
import TestSupport
import Testing

@testable import MinqingAPI

/// A page response: status, headers and the HTML (or other text).
struct PageResult: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let html: String

    var location: String? { headers[.location] }
    var csp: String? { headers[HTTPField.Name("Content-Security-Policy")!] }

    /// The value of a hidden (or any) input by name.
    func input(_ name: String) -> String? {
        guard let range = html.range(of: #"name="\#(name)"[^>]*?value="([^"]*)""#, options: .regularExpression) else { return nil }
        let tag = String(html[range])
        guard let value = tag.range(of: #"value="([^"]*)""#, options: .regularExpression) else { return nil }
        return String(tag[value].dropFirst(7).dropLast())
    }

    /// The `mq_csrf` seed set by this response, if any.
    var csrfCookie: String? {
        headers[values: .setCookie].compactMap { line -> String? in
            guard line.hasPrefix("mq_csrf=") else { return nil }
            return String(line.dropFirst("mq_csrf=".count).prefix { $0 != ";" })
        }.first
    }
}

/// A browser without JavaScript: keeps the CSRF cookie, gets pages and posts url-encoded forms.
final class PageBrowser: @unchecked Sendable {
    let client: any TestClientProtocol
    private let lock = NSLock()
    private var _cookie: String?

    var cookie: String? {
        get { lock.withLock { _cookie } }
        set { lock.withLock { _cookie = newValue } }
    }

    init(_ client: any TestClientProtocol) {
        self.client = client
    }

    func get(_ path: String) async throws -> PageResult {
        try await send(.get, path, body: nil)
    }

    /// Which CSRF cookie a request carries.
    enum CookieChoice: Sendable {
        case stored, omitted, value(String)
    }

    func post(_ path: String, _ fields: [(String, String)], cookie choice: CookieChoice = .stored) async throws -> PageResult {
        try await send(.post, path, body: FormBody.encode(fields), cookie: choice)
    }

    private func send(_ method: HTTPRequest.Method, _ path: String, body: String?, cookie choice: CookieChoice = .stored) async throws
        -> PageResult
    {
        var headers = HTTPFields()
        let cookieValue: String? =
            switch choice {
            case .stored: cookie
            case .omitted: nil
            case .value(let value): value
            }
        if let cookieValue { headers[.cookie] = "mq_csrf=\(cookieValue)" }
        var buffer: ByteBuffer?
        if let body {
            headers[.contentType] = "application/x-www-form-urlencoded"
            buffer = ByteBuffer(string: body)
        }
        let result = try await client.execute(uri: path, method: method, headers: headers, body: buffer) { response in
            PageResult(status: response.status, headers: response.headers, html: String(buffer: response.body))
        }
        if let seed = result.csrfCookie { cookie = seed }
        return result
    }

    /// Opens a code page and posts its form with the given fields (the hidden fields are taken from the page).
    func fileThroughPage(_ code: String, _ fields: [(String, String)]) async throws -> (form: PageResult, result: PageResult) {
        let page = try await get("/c/\(code)")
        let hidden = [("csrf", page.input("csrf") ?? ""), ("form_key", page.input("form_key") ?? "")]
        return (page, try await post("/c/\(code)", hidden + fields))
    }
}

enum PageFixtures {
    /// A complete, valid form as a resident fills it in.
    static func validFields(
        kind: String = "complaint", content: String = "小区门口路灯坏了三个月，晚上出行很不安全。",
        phone: String = "13812345678"
    ) -> [(String, String)] {
        [
            ("kind", kind), ("category", "urban_rural_construction"), ("content", content), ("address", "江南大道100号"),
            ("name", "张三"), ("phone", phone), ("consent", "1"),
        ]
    }

    /// The tracking token in a receipt redirect `/t/{token}/receipt`.
    static func token(fromReceipt location: String?) -> String? {
        guard let location, location.hasPrefix("/t/"), location.hasSuffix("/receipt") else { return nil }
        return String(location.dropFirst(3).dropLast("/receipt".count))
    }

    static func submissionCount(_ services: APIServices) async throws -> Int {
        try await services.database.query("SELECT count(*)::int FROM submissions", logger: services.logger)
            .first?.decode(Int.self) ?? -1
    }

    /// accept → assign to the city department → acknowledge → reply, through the JSON API.
    static func advanceToReplied(
        _ client: any TestClientProtocol, _ f: LoopFixture, token: String,
        reply: String = "已更换路灯，感谢您的反映。"
    ) async throws {
        let tracking = try await client.call(.get, "/v1/tracking/\(token)")
        #expect(tracking.status == .ok)
        let list = try await client.call(.get, "/v1/submissions", token: f.admin)
        let id = try #require(list.items.first { $0["receipt_no"] as? String == tracking.string("receipt_no") }?["id"] as? String)
        #expect(try await client.call(.post, "/v1/submissions/\(id)/accept", token: f.admin).status == .ok)
        let assigned = try await client.call(
            .post, "/v1/submissions/\(id)/assign", token: f.admin,
            json: [
                "assignments": [["department_id": f.registry.cityDepartment.id.text, "role": "lead"]]
            ])
        #expect(assigned.status == .ok)
        let assignment = try #require((assigned["assignments"] as? [[String: Any]])?.first?["id"] as? String)
        #expect(try await client.call(.post, "/v1/assignments/\(assignment)/acknowledge", token: f.cityToken).status == .ok)
        let replied = try await client.call(
            .post, "/v1/assignments/\(assignment)/reply", token: f.cityToken,
            json: ["outcome": "solved", "text": reply])
        #expect(replied.status == .ok)
    }
}
