import HTTPTypes
import Hummingbird
import MinqingCore

/// The resident pages a scanned QR code opens (`/c/{code}`, `/t/{token}`), served beside the JSON API.
///
/// Server-rendered HTML (swift-mustache, `Pages/Templates`) that works without JavaScript: plain forms,
/// POST-redirect-GET, a CSRF token on every form, a strict Content-Security-Policy and same-origin assets
/// only. Every rule comes from the services behind the JSON API; errors are rendered as friendly pages,
/// never as JSON problems.
///
/// - `GET  /c/{code}` — the representative's or station's card and the form (counts as a scan)
/// - `POST /c/{code}` — files the submission; errors re-render the form (422), success → 303 to the receipt
/// - `GET  /t/{token}/receipt` — receipt number, next steps, the tracking link and its QR code
/// - `GET  /t/{token}` — status, public timeline, replies and the rating form while rating is open
/// - `POST /t/{token}/evaluation` — the rating; → 303 back to `/t/{token}`
/// - `GET  /a/{code}` — an activity's published outcome (公开成果): its problems and the replies
/// - `GET  /assets/{file}` — `site.css`, `site.js`
enum PageRoutes {
    static func register(on router: Router<AppRequestContext>, services: APIServices) {
        let renderer: PageRenderer
        do {
            renderer = try PageRenderer.load()
        } catch {
            fatalError("the resident page templates do not load: \(error)")
        }
        let pages = ResidentPages(services: services, renderer: renderer)

        router.get("/c/{code}") { request, context in
            await pages.showCode(request, code: context.parameters.get("code") ?? "")
        }
        router.post("/c/{code}") { request, context in
            await pages.submitCode(request, code: context.parameters.get("code") ?? "")
        }
        router.get("/t/{token}") { request, context in
            await pages.showTracking(request, token: context.parameters.get("token") ?? "")
        }
        router.get("/t/{token}/receipt") { request, context in
            await pages.showReceipt(request, token: context.parameters.get("token") ?? "")
        }
        router.post("/t/{token}/evaluation") { request, context in
            await pages.submitEvaluation(request, token: context.parameters.get("token") ?? "")
        }
        router.get("/a/{code}") { request, context in
            await pages.showOutcome(request, code: context.parameters.get("code") ?? "")
        }
        router.get("/assets/{file}") { request, context in
            assetResponse(renderer, file: context.parameters.get("file") ?? "", request: request)
        }
    }

    /// A static asset: cached for a year when the URL carries the current content hash, briefly otherwise.
    static func assetResponse(_ renderer: PageRenderer, file: String, request: Request) -> Response {
        guard let asset = renderer.assets[file] else {
            var headers = PageHeaders.html()
            headers[.contentType] = "text/plain; charset=utf-8"
            return Response(status: .notFound, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "not found\n")))
        }
        var headers = HTTPFields()
        headers[.contentType] = asset.contentType
        headers[PageHeaders.contentTypeOptions] = "nosniff"
        headers[.cacheControl] =
            request.uri.queryParameters.get("v") == asset.version
            ? "public, max-age=31536000, immutable" : "public, max-age=300"
        headers[PageHeaders.csp] = "default-src 'none'"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: asset.bytes))
    }
}
