import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import MinqingCore
import MinqingRules
import PostgresNIO
import TestSupport
import Testing

@testable import MinqingAPI

/// What an attacker or an outage sends the API: control characters in paths and queries, input PostgreSQL
/// refuses, a database that is down, secrets in paths that must not reach the access log.
@Suite(.timeLimit(.minutes(2))) struct HostileInputTests {
    @Test func aControlCharacterInAPathIsAnUnknownObjectAndInAQueryANamedInvalidParameter() async throws {
        try await APITestHarness.withRegistry { client, f, _ in
            let admin = f.token(.admin)
            for path in [
                "/v1/codes/%00", "/v1/codes/%00/qr.svg", "/v1/codes/%00/qr.png", "/v1/codes/%00/poster.svg",
                "/v1/codes/%00/stats", "/v1/codes/a%1Fb", "/v1/stations/%7F", "/c/%00", "/t/%00", "/v1/tracking/%00",
            ] {
                let response = try await client.call(.get, path, token: admin)
                #expect(response.status == .notFound, "\(path): \(response.status)")
            }
            for list in ["stations", "representatives", "departments"] {
                let response = try await client.call(.get, "/v1/\(list)?q=%00", token: admin)
                #expect(response.status == .unprocessableContent && response.errorFields == ["q"], "\(list): \(response.text)")
            }
            let undecodable = try await client.call(.get, "/v1/stations?q=%FF", token: admin)
            #expect(undecodable.errorFields == ["q"])
            // ordinary text still passes
            #expect(try await client.call(.get, "/v1/stations?q=%E7%89%A9+%E8%81%94", token: admin).status == .ok)
        }
    }

    @Test func inputThePostgresServerRefusesIsA400AndAnOutageA503() async throws {
        try await TestDatabase.withMigratedDatabase { database, url in
            try await APITestHarness.withRouter(
                database: database, url: url,
                configure: { router in
                    router.get("/nul") { _, _ -> String in
                        // what a NUL byte that got through would do: PostgreSQL refuses it (SQLSTATE 22021)
                        try await database.query("SELECT \("a\u{0}b")::text", logger: TestDatabase.logger)
                        return "stored"
                    }
                }
            ) { client, _ in
                let refused = try await client.call(.get, "/nul")
                #expect(refused.status == .badRequest && refused.code == "invalid_input", "\(refused.text)")
            }
        }
    }

    @Test func requestsDuringADatabaseOutageAre503WithinTheDeadline() async throws {
        // nothing listens on port 1: every connection attempt is refused, as with a stopped server
        let down = try DatabaseURL(parsing: "postgres://minqing@127.0.0.1:1/minqing?sslmode=disable")
        var quiet = TestDatabase.logger
        quiet.logLevel = .critical
        let database = Database(url: down, poolSize: 2, acquireTimeout: .seconds(1), logger: quiet)
        try await database.withRunning {
            try await APITestHarness.withRouter(database: database, url: down) { client, _ in
                let started = ContinuousClock.now
                let response = try await client.call(.get, "/v1/categories")
                #expect(response.status == .serviceUnavailable && response.code == "database_unavailable", "\(response.text)")
                #expect(response.headers[.retryAfter] == "5")
                #expect(ContinuousClock.now - started < .seconds(10))
                let readiness = try await client.call(.get, "/readyz")
                #expect(readiness.status == .serviceUnavailable)
            }
        }
    }

    @Test func tracingTokensNeverReachTheLog() async throws {
        let lines = RecordingLogHandler.Lines()
        let token = try await APITestHarness.withApp(
            policy: LoopPolicy(intakePerAddressPerMinute: 0, intakePerCodePerMinute: 0), logger: RecordingLogHandler.logger(lines)
        ) { client, services -> String in
            let f = try await LoopFixture.make(services)
            let (_, token) = try await client.file(f)
            #expect(try await client.call(.get, "/v1/tracking/\(token)").status == .ok)
            #expect(try await client.call(.get, "/t/\(token)").status == .ok)
            _ = try await client.call(.post, "/v1/tracking/\(token)/evaluation", json: ["rating": "bad"])
            return token
        }
        let all = lines.all
        #expect(all.contains { $0.contains("/v1/tracking/") }, "the access log names the route")
        let leaked = all.filter { $0.contains(token) }
        #expect(leaked.isEmpty, "\(leaked)")
    }

    @Test func aDepartmentCannotRegisterAWebhookToAnInternalAddress() async throws {
        let noAllowList: (inout AppConfig) -> Void = { $0.webhookTargets = WebhookTargetPolicy() }
        try await APITestHarness.withRegistry(configure: noAllowList) { client, f, _ in
            let path = "/v1/departments/\(f.countyDepartment.id.text)/webhooks"
            for url in [
                "http://127.0.0.1:9/x", "http://localhost:9/x", "http://[::1]:9/x", "http://0x7f000001:9/x",
                "http://2130706433/x", "http://169.254.169.254/latest/meta-data", "http://[::ffff:10.0.0.1]/x", "http://10.0.0.7/x",
            ] {
                let response = try await client.call(.post, path, token: f.token(.department), json: ["url": url])
                #expect(response.status == .unprocessableContent && response.errorFields == ["url"], "\(url): \(response.text)")
            }
            let outside = try await client.call(
                .post, path, token: f.token(.department), json: ["url": "https://hooks.example.com/minqing"])
            #expect(outside.status == .created, "\(outside.text)")
        }
    }

    @Test func instantsWithFractionalSecondsAreAcceptedAndABadOneIsNamed() async throws {
        try await APITestHarness.withRegistry { client, f, _ in
            let admin = f.token(.admin)
            let browser = try await client.call(.get, "/v1/submissions?received_from=2026-03-12T17:25:34.2Z", token: admin)
            #expect(browser.status == .ok, "\(browser.text)")
            #expect(
                try await client.call(.get, "/v1/submissions?received_to=2026-03-12T17:25:34.123456%2B08:00", token: admin).status == .ok)
            let bad = try await client.call(.get, "/v1/submissions?received_from=yesterday", token: admin)
            #expect(bad.status == .badRequest && bad.code == "invalid_type" && bad.errorFields == ["received_from"], "\(bad.text)")
        }
    }

    @Test func passwordsAreWhollyCountedAndUnknownNamesCostAWrongPassword() async throws {
        try await APITestHarness.withRegistry { client, f, _ in
            let admin = f.token(.admin)
            func create(_ password: String) async throws -> APIResult {
                try await client.call(
                    .post, "/v1/users", token: admin,
                    json: ["username": "u\(UUID().uuidString.prefix(8))", "password": password, "role": "admin"])
            }
            #expect(try await create("secret\u{0}tail-ignored").errorFields == ["password"])
            #expect(try await create("tab\tin-the-middle").errorFields == ["password"])
            #expect(try await create(String(repeating: "长", count: 25)).errorFields == ["password"])  // 75 bytes
            #expect(try await create(String(repeating: "长", count: 24)).status == .created)  // 72 bytes
            let login = try await client.call(.post, "/v1/auth/login", json: ["username": "admin", "password": "x\u{0}y"])
            #expect(login.status == .unprocessableContent && login.errorFields == ["password"])
        }
        // the decoy an unknown name is checked against has the configured cost, as real hashes do
        #expect(PasswordHasher(cost: 5).decoy.contains("$05$"))
        #expect(PasswordHasher(cost: 6).decoy.contains("$06$"))
    }
}
