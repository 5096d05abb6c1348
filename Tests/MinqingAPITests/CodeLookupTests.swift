import Foundation
import HTTPTypes
import HummingbirdTesting
import MinqingCore
import MinqingRules
import PostgresNIO
import TestSupport
import Testing

@testable import MinqingAPI

/// The public code lookup writes nothing itself: cards come from a short cache, scans are counted in memory
/// and written in batches (by the flusher, or on demand).
@Suite(.timeLimit(.minutes(2))) struct CodeLookupTests {
    private static func withLoop(
        configure: (inout AppConfig) -> Void = { _ in }, testing: TestingSetup = .router,
        _ body: @Sendable (any TestClientProtocol, LoopFixture, APIServices) async throws -> Void
    ) async throws {
        try await APITestHarness.withApp(
            policy: LoopPolicy(intakePerAddressPerMinute: 0, intakePerCodePerMinute: 0), configure: configure, testing: testing
        ) { client, services in
            try await body(client, try await LoopFixture.make(services), services)
        }
    }

    private static func storedScans(_ code: String, _ services: APIServices) async throws -> Int {
        try await CodeStore(database: services.database, logger: services.logger).stats(code).total
    }

    @Test func scansAreCountedInMemoryAndWrittenOnceByAFlush() async throws {
        try await Self.withLoop { client, f, services in
            for _ in 0..<4 { #expect(try await client.call(.get, "/v1/codes/\(f.code)").status == .ok) }
            _ = try await client.call(.get, "/c/\(f.code)")
            #expect(try await Self.storedScans(f.code, services) == 0)  // nothing written per view
            // the stats add what this process has not written yet …
            let before = try await client.call(.get, "/v1/codes/\(f.code)/stats", token: f.representative)
            #expect(before["total"] as? Int == 5)

            let codes = CodeStore(database: services.database, logger: services.logger)
            #expect(try await services.scans.flush(to: codes) == 5)
            #expect(try await Self.storedScans(f.code, services) == 5)
            // … and nothing twice once it is written
            let after = try await client.call(.get, "/v1/codes/\(f.code)/stats", token: f.representative)
            #expect(after["total"] as? Int == 5)
            #expect(try await services.scans.flush(to: codes) == 0)
        }
    }

    @Test func aFailedFlushKeepsItsScansForTheNextOne() async throws {
        try await Self.withLoop { client, f, services in
            for _ in 0..<3 { _ = try await client.call(.get, "/v1/codes/\(f.code)") }
            // a pool whose server is gone: the write fails after its short deadline
            let down = Database(
                url: try DatabaseURL(parsing: "postgres://minqing@127.0.0.1:\(try FreePort.next())/none?sslmode=disable"), poolSize: 1,
                acquireTimeout: .milliseconds(300), logger: services.logger)
            try await down.withRunning {
                await #expect(throws: (any Error).self) {
                    try await services.scans.flush(to: CodeStore(database: down, logger: services.logger))
                }
            }
            #expect(services.scans.unwritten(f.code).values.reduce(0, +) == 3)
            _ = try await client.call(.get, "/v1/codes/\(f.code)")
            #expect(try await services.scans.flush(to: CodeStore(database: services.database, logger: services.logger)) == 4)
            #expect(try await Self.storedScans(f.code, services) == 4)
        }
    }

    @Test func theFlusherWritesScansOnItsOwn() async throws {
        let quickFlush: (inout AppConfig) -> Void = { $0.scanFlushInterval = .milliseconds(200) }
        try await Self.withLoop(configure: quickFlush, testing: .live) { client, f, services in
            for _ in 0..<3 { _ = try await client.call(.get, "/v1/codes/\(f.code)") }
            var stored = 0
            // the flusher writes the rows, then forgets what it wrote: wait for both
            for _ in 0..<50 where stored < 3 || !services.scans.unwritten(f.code).isEmpty {
                try await Task.sleep(for: .milliseconds(100))
                stored = try await Self.storedScans(f.code, services)
            }
            #expect(stored == 3)
            #expect(services.scans.unwritten(f.code).isEmpty)
        }
    }

    /// A card is served from memory for a few seconds: another replica's edit shows when it expires, a
    /// revocation through this process at once, and a cached card never lets a withdrawn code file.
    @Test func cardsAreCachedBrieflyAndNeverTrustedForFiling() async throws {
        let longCache: (inout AppConfig) -> Void = { $0.codeCacheLifetime = .seconds(60) }
        try await Self.withLoop(configure: longCache) { client, f, services in
            let first = try await client.call(.get, "/v1/codes/\(f.code)")
            #expect((first["representative"] as? [String: Any])?["name"] as? String == "王芳")
            try await services.database.query(
                "UPDATE representatives SET name = '王芳芳' WHERE id = \(f.registry.representativeA.id)", logger: services.logger)
            let cached = try await client.call(.get, "/v1/codes/\(f.code)")
            #expect((cached["representative"] as? [String: Any])?["name"] as? String == "王芳")

            // withdrawn behind this process's back (another replica): the card is still cached, filing is refused
            try await services.database.query(
                "UPDATE codes SET status = 'revoked', revoked_at = now() WHERE code = \(f.code)", logger: services.logger)
            #expect(try await client.call(.get, "/v1/codes/\(f.code)").status == .ok)
            let filed = try await client.call(.post, "/v1/submissions", json: f.submission())
            #expect(filed.status == .gone && filed.code == "code_revoked")

            // revoking through this process empties the cache at once
            #expect(try await client.call(.post, "/v1/codes/\(f.code)/revoke", token: f.admin).status == .ok)
            #expect(try await client.call(.get, "/v1/codes/\(f.code)").status == .gone)
            #expect(try await client.call(.get, "/c/\(f.code)").status == .gone)
        }
    }

    @Test func withoutACacheEveryLookupReadsTheDatabase() async throws {
        let noCache: (inout AppConfig) -> Void = { $0.codeCacheLifetime = .zero }
        try await Self.withLoop(configure: noCache) { client, f, services in
            _ = try await client.call(.get, "/v1/codes/\(f.code)")
            try await services.database.query(
                "UPDATE representatives SET name = '王芳芳' WHERE id = \(f.registry.representativeA.id)", logger: services.logger)
            let fresh = try await client.call(.get, "/v1/codes/\(f.code)")
            #expect((fresh["representative"] as? [String: Any])?["name"] as? String == "王芳芳")
        }
    }

    /// The second lookup of a code is answered from the first answer (CodeLookupFastPath): the same bytes
    /// and content type, the same route in the metrics, and a scan counted each time.
    @Test func aRepeatedLookupIsTheHandlersAnswerAgain() async throws {
        try await Self.withLoop { client, f, services in
            #expect(services.codeCards.lookup(f.code) == nil)
            let first = try await client.call(.get, "/v1/codes/\(f.code)")
            #expect(first.status == .ok)
            #expect(services.codeCards.lookup(f.code) != nil)  // kept: the next one takes the fast path
            let second = try await client.call(.get, "/v1/codes/\(f.code)")
            #expect(second.status == .ok)
            #expect(second.body == first.body)
            #expect(second.headers[.contentType] == first.headers[.contentType])
            #expect(second.headers[HTTPField.Name("X-Request-Id")!] != first.headers[HTTPField.Name("X-Request-Id")!])
            #expect(services.scans.unwritten(f.code).values.reduce(0, +) == 2)
            let metrics = try await client.call(.get, "/metrics")
            #expect(metrics.text.contains(#"minqing_http_requests_total{route="/v1/codes/{code}",method="GET",status="200"} 2"#))
            // an answer the fast path does not repeat goes to the handler: a query, or an Accept with weights
            #expect(try await client.call(.get, "/v1/codes/\(f.code)?x=1").body == first.body)
            let weighted = try await client.call(.get, "/v1/codes/\(f.code)", headers: [.accept: "application/json;q=0.9"])
            #expect(weighted.status == .ok && weighted.body == first.body)
            #expect(services.scans.unwritten(f.code).values.reduce(0, +) == 4)
        }
    }

    @Test func onlyCodeShapedPathsTakeTheFastPath() {
        #expect(CodeLookupFastPath.code(in: "/v1/codes/abcdefgh23") == "abcdefgh23")
        #expect(CodeLookupFastPath.code(in: "/v1/codes/abc") == nil)  // too short
        #expect(CodeLookupFastPath.code(in: "/v1/codes/abcdefgh23/stats") == nil)
        #expect(CodeLookupFastPath.code(in: "/v1/codes/ABCDEFGH23") == nil)
        #expect(CodeLookupFastPath.code(in: "/v1/codes/abcdefgh10") == nil)  // 0 and 1 are never in a code
        #expect(CodeLookupFastPath.code(in: "/v1/codesabcdefgh23") == nil)
        #expect(CodeLookupFastPath.acceptsJSON(nil) && CodeLookupFastPath.acceptsJSON("application/json"))
        #expect(CodeLookupFastPath.acceptsJSON("text/html, */*"))
        #expect(!CodeLookupFastPath.acceptsJSON("text/html") && !CodeLookupFastPath.acceptsJSON("application/json;q=0"))
    }
}
