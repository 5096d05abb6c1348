import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MinqingCore

/// What every page's templates share: the title and the asset links (`head` and `foot` partials).
struct PageChrome {
    let title: String
    let css: String
    let js: String
    /// Loads `site.js` (only pages with something to enhance).
    let script: Bool
}

/// A short page with one message: unknown or withdrawn code, expired form, errors.
struct MessageView {
    struct Link {
        let href: String
        let label: String
    }

    let page: PageChrome
    let heading: String
    let paragraphs: [String]
    let contactName: String?
    let phone: String?
    let phoneHref: String?
    let link: Link?
    let requestID: String?
}

/// The resident pages: the services of the JSON API (through ``APIHandler``), the templates and the CSRF guard.
struct ResidentPages: Sendable {
    let services: APIServices
    let renderer: PageRenderer
    let csrf: CSRFGuard

    init(services: APIServices, renderer: PageRenderer) {
        self.services = services
        self.renderer = renderer
        let key = services.config.dataKey ?? Array(repeating: 0, count: 32)
        csrf = CSRFGuard(dataKey: key, secureCookie: services.config.publicBaseURL.lowercased().hasPrefix("https:"))
    }

    /// The API's handler: the same stores, services and mappings as the JSON endpoints.
    var api: APIHandler { APIHandler(services: services) }
    var logger: Logger { RequestScope.current.logger }
    var timeZone: TimeZone { services.config.timeZone }

    func chrome(_ title: String, script: Bool = false) -> PageChrome {
        PageChrome(title: title, css: renderer.assetPath("site.css"), js: renderer.assetPath("site.js"), script: script)
    }

    // MARK: - Responses

    func html(
        _ template: String, _ view: Any, status: HTTPResponse.Status = .ok, cookie: String? = nil,
        imageSources: [String] = [], headers extra: HTTPFields = [:]
    ) -> Response {
        var headers = PageHeaders.html(imageSources: imageSources)
        if let cookie { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: renderer.render(template, view))))
    }

    /// POST-redirect-GET: 303 to a same-origin path.
    func redirect(_ location: String) -> Response {
        var headers = PageHeaders.html()
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }

    func message(
        _ status: HTTPResponse.Status, title: String, heading: String, _ paragraphs: [String],
        contactName: String? = nil, phone: String? = nil, link: MessageView.Link? = nil,
        requestID: String? = nil, cookie: String? = nil, headers: HTTPFields = [:]
    ) -> Response {
        let view = MessageView(
            page: chrome(title), heading: heading, paragraphs: paragraphs, contactName: contactName, phone: phone,
            phoneHref: phone.map { "tel:" + $0.filter { $0.isNumber || $0 == "+" } }, link: link, requestID: requestID
        )
        return html("message", view, status: status, cookie: cookie, headers: headers)
    }

    func notFoundCode() -> Response {
        message(
            .notFound, title: "未找到二维码", heading: "没有找到这个二维码",
            [
                "您扫描的二维码不存在，可能是链接不完整或抄写有误。",
                "请重新扫描联络站、楼道或活动现场张贴的代表码，或直接到附近的人大代表联络站反映。",
            ])
    }

    func notFoundTracking() -> Response {
        message(
            .notFound, title: "未找到办理记录", heading: "没有找到这条办理记录",
            [
                "这个跟踪链接不存在，可能是链接不完整。请使用提交成功后保存的完整链接或二维码。",
                "如果链接已遗失，可以凭回执编号联系受理您反映的人大代表联络站查询。",
            ])
    }

    func expiredForm(back: String) -> Response {
        message(
            .forbidden, title: "页面已过期", heading: "页面已过期，请重新打开",
            [
                "为保护您的信息安全，这次提交没有被接受：页面已过期，或浏览器禁用了 Cookie。",
                "请返回重新打开页面后再提交；如果一直出现这个提示，请允许本网站使用 Cookie。",
            ], link: .init(href: back, label: "重新打开页面"))
    }

    /// Anything unexpected: logged with the request id, shown as a friendly 500 page.
    func failure(_ error: any Error) -> Response {
        let scope = RequestScope.current
        logger.error("resident page failed", metadata: ["error": "\(String(reflecting: error))"])
        return message(
            .internalServerError, title: "系统繁忙", heading: "系统暂时无法处理",
            [
                "很抱歉，系统暂时出现问题，您填写的内容没有提交成功。请稍后再试。"
            ], requestID: scope.requestID)
    }

    /// The posted form fields; bodies of other types read as empty (and then fail the CSRF check).
    func formBody(_ request: Request) async throws -> FormBody {
        let buffer = try await request.body.collect(upTo: services.config.maxBodyBytes)
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("application/x-www-form-urlencoded") else { return FormBody("") }
        return FormBody(buffer)
    }
}
