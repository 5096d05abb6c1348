import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MinqingCore
import TestSupport
import Testing

@testable import MinqingAPI

@Suite(.timeLimit(.minutes(1))) struct OperationsEndpointTests {
    @Test func healthAnswersAndEchoesTheCallersRequestId() async throws {
        try await APITestHarness.withApp { client, _ in
            try await client.execute(uri: "/healthz", method: .get, headers: [RequestLoggingMiddleware.header: "abc-123"]) { response in
                #expect(response.status == .ok)
                #expect(response.json["status"] as? String == "ok")
                #expect(response.headers[RequestLoggingMiddleware.header] == "abc-123")
            }
        }
    }

    @Test func aRequestIdIsGeneratedWhenMissingOrUnusable() async throws {
        try await APITestHarness.withApp { client, _ in
            for headers: HTTPFields in [[:], [RequestLoggingMiddleware.header: String(repeating: "x", count: 200)]] {
                try await client.execute(uri: "/healthz", method: .get, headers: headers) { response in
                    let id = try #require(response.headers[RequestLoggingMiddleware.header])
                    #expect(id.count == 32)
                    #expect(id.allSatisfy { $0.isHexDigit })
                }
            }
        }
    }

    @Test func readinessIsOkWhenTheSchemaIsCurrent() async throws {
        let latest = try MigrationCatalog.bundled().last?.version
        try await APITestHarness.withApp { client, _ in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.json["status"] as? String == "ready")
                #expect(response.json["schema_version"] as? Int == latest)
            }
        }
    }

    @Test func readinessIsAProblemWhenTheSchemaIsBehind() async throws {
        try await TestDatabase.withEmptyDatabase { url in
            try await TestDatabase.withClient(url) { database in
                // a connection ready beforehand, so the probe's 3 s deadline measures the query, not a busy
                // test machine opening connections
                try await database.query("SELECT 1", logger: TestDatabase.logger)
                try await APITestHarness.withRouter(database: database, url: url) { client, _ in
                    try await client.execute(uri: "/readyz", method: .get) { response in
                        #expect(response.status == .serviceUnavailable)
                        #expect(response.headers[.contentType] == "application/problem+json")
                        #expect(response.json["code"] as? String == "schema_not_current")
                        #expect((response.json["detail"] as? String)?.contains("minqing-api migrate") == true)
                    }
                }
            }
        }
    }

    @Test func serveRefusesToStartWhenTheSchemaIsBehind() async throws {
        try await TestDatabase.withEmptyDatabase { url in
            let app = try buildApplication(config: TestConfig.make(database: url), logger: TestDatabase.logger)
            await #expect(throws: SchemaGate.NotCurrent.self) {
                try await app.test(.router) { _ in Issue.record("the server started") }
            }
        }
    }

    @Test func metricsCountRequestsByRouteAndStatusAndShowThePool() async throws {
        try await APITestHarness.withApp { client, _ in
            try await client.execute(uri: "/healthz", method: .get) { _ in }
            try await client.execute(uri: "/readyz", method: .get) { _ in }
            try await client.execute(uri: "/nowhere", method: .get) { _ in }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                let text = response.text
                #expect(text.contains(#"minqing_http_requests_total{route="/healthz",method="GET",status="200"} 1"#))
                #expect(text.contains(#"minqing_http_requests_total{route="NotFound",method="GET",status="404"} 1"#))
                #expect(text.contains("minqing_http_request_duration_seconds_bucket"))
                #expect(text.contains("minqing_db_pool_max_connections 8"))
                #expect(text.contains("minqing_db_pool_leased_connections"))
            }
        }
    }
}
