import Foundation
import Hummingbird
import Metrics
import Synchronization

/// Request count and latency by route template, method and status, on an explicit metrics factory.
/// The counter and timer of each combination are made once (a factory lookup takes a lock and hashes the
/// label and dimensions) and then reused.
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    private struct Key: Hashable {
        let route: String
        let method: String
        let status: Int
    }

    private final class Instruments: Sendable {
        let factory: any MetricsFactory
        let made = Mutex([Key: (Counter, Timer)]())

        init(factory: any MetricsFactory) { self.factory = factory }

        func of(_ key: Key) -> (Counter, Timer) {
            if let instruments = made.withLock({ $0[key] }) { return instruments }
            let dimensions = [("route", key.route), ("method", key.method), ("status", String(key.status))]
            let instruments = (
                Counter(label: "minqing_http_requests_total", dimensions: dimensions, factory: factory),
                Timer(
                    label: "minqing_http_request_duration_seconds", dimensions: dimensions, preferredDisplayUnit: .seconds,
                    factory: factory)
            )
            made.withLock { $0[key] = instruments }
            return instruments
        }
    }

    private let instruments: Instruments

    init(factory: any MetricsFactory) {
        instruments = Instruments(factory: factory)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = DispatchTime.now().uptimeNanoseconds
        let response = try await next(request, context)
        let (counter, timer) = instruments.of(
            Key(route: context.endpointPath ?? "unmatched", method: request.method.rawValue, status: Int(response.status.code)))
        counter.increment()
        timer.recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - started))
        return response
    }
}
