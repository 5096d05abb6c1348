import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MinqingCore
import MinqingRules
import NIOCore
import Prometheus
import TestSupport

@testable import MinqingAPI

/// Drives the real router against a real database.
enum APITestHarness {
    /// The app exactly as `minqing-api serve` builds it (`buildServedApplication`: its pool, schema gate and
    /// middleware order), on a fresh migrated database.
    static func withApp<T: Sendable>(
        policy: LoopPolicy? = nil, logger: Logger = TestDatabase.logger, configure: (inout AppConfig) -> Void = { _ in },
        testing: TestingSetup = .router, _ body: @Sendable (any TestClientProtocol, APIServices) async throws -> T
    ) async throws -> T {
        try await TestDatabase.withMigratedURL { url in
            var config = TestConfig.make(database: url)
            if let policy { config.loop = policy }
            configure(&config)
            let (app, services) = try buildServedApplication(config: config, logger: logger)
            return try await app.test(testing) { client in try await body(client, services) }
        }
    }

    /// Only the router, over an existing pool run by the caller: for the few tests that need what `serve`
    /// refuses (a schema that is behind) or extra routes (errors thrown outside the generated layer).
    static func withRouter<T: Sendable>(
        database: Database, url: DatabaseURL, policy: LoopPolicy? = nil,
        configure: @Sendable (Router<AppRequestContext>) -> Void = { _ in },
        _ body: @Sendable (any TestClientProtocol, APIServices) async throws -> T
    ) async throws -> T {
        let registry = PrometheusCollectorRegistry()
        let counted = Database(
            client: database.client, maxConnections: 8, acquireTimeout: database.acquireTimeout,
            metrics: PrometheusMetricsFactory(registry: registry))
        var config = TestConfig.make(database: url)
        if let policy { config.loop = policy }
        let services = APIServices(
            config: config, database: counted, clock: .system,
            metrics: registry, logger: TestDatabase.logger
        )
        let router = try buildRouter(services: services)
        configure(router)
        let app = Application(router: router, logger: TestDatabase.logger)
        return try await app.test(.router) { client in try await body(client, services) }
    }
}

extension TestResponse {
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any]) ?? [:]
    }

    var text: String { String(buffer: body) }
}

extension ByteBuffer {
    static func json(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }
}
