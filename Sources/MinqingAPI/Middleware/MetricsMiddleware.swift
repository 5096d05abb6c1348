import Foundation
import Hummingbird
import Metrics

/// Request count and latency by route template, method and status, on an explicit metrics factory.
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let factory: any MetricsFactory

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = DispatchTime.now().uptimeNanoseconds
        let response = try await next(request, context)
        let dimensions = [
            ("route", context.endpointPath ?? "unmatched"),
            ("method", request.method.rawValue),
            ("status", String(response.status.code)),
        ]
        Counter(label: "minqing_http_requests_total", dimensions: dimensions, factory: factory).increment()
        Timer(label: "minqing_http_request_duration_seconds", dimensions: dimensions, preferredDisplayUnit: .seconds, factory: factory)
            .recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - started))
        return response
    }
}
