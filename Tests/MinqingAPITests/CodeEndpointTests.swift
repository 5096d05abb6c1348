import Foundation
import FoundationXML
import MinqingCore
import MinqingRules
import TestSupport
import Testing

@testable import MinqingAPI

@Suite(.timeLimit(.minutes(2))) struct CodeEndpointTests {
    @Test func aScannedRepresentativeCodeShowsThePublicCardOnly() async throws {
        try await APITestHarness.withRegistry { client, fixture, services in
            let issued = try await client.call(
                .post, "/v1/codes", token: fixture.token(.admin),
                json: [
                    "kind": "representative", "target_id": fixture.representativeA.id.text,
                ])
            #expect(issued.status == .created)
            let code = try #require(issued.string("code"))
            #expect(code.count == 13)
            #expect(code.allSatisfy { "abcdefghjkmnpqrstuvwxyz23456789".contains($0) })
            #expect(issued.string("page_url") == "\(services.config.publicBaseURL)/c/\(code)")
            #expect(issued.string("station_id") == fixture.stationA.id.text)

            let lookup = try await client.call(.get, "/v1/codes/\(code)")
            #expect(lookup.status == .ok)
            let representative = try #require(lookup["representative"] as? [String: Any])
            #expect(representative["name"] as? String == "王芳")
            #expect(representative["phone"] == nil)
            #expect(!lookup.text.contains("13800001111"))
            let station = try #require(lookup["station"] as? [String: Any])
            #expect(station["name"] as? String == "江南社区联络站")
            #expect(station["phone"] as? String == "0571-1111")
            #expect(lookup.string("submit_url") == "\(services.config.publicBaseURL)/v1/submissions")
        }
    }

    @Test func reissuingRevokesThePreviousCodeAndRevokedCodesAreGone() async throws {
        try await APITestHarness.withRegistry { client, fixture, _ in
            let admin = fixture.token(.admin)
            let body: [String: Any] = ["kind": "representative", "target_id": fixture.representativeA.id.text]
            let first = try #require(try await client.call(.post, "/v1/codes", token: admin, json: body).string("code"))
            let second = try #require(try await client.call(.post, "/v1/codes", token: admin, json: body).string("code"))
            #expect(first != second)
            let gone = try await client.call(.get, "/v1/codes/\(first)")
            #expect(gone.status == .gone)
            #expect(gone.code == "code_revoked")
            #expect(try await client.call(.get, "/v1/codes/\(first)/qr.png").status == .gone)
            #expect(try await client.call(.get, "/v1/codes/\(second)").status == .ok)
            let listed = try await client.call(.get, "/v1/codes?target_id=\(fixture.representativeA.id.text)", token: admin)
            #expect(listed.items.compactMap { $0["status"] as? String } == ["active", "revoked"])

            let revoked = try await client.call(.post, "/v1/codes/\(second)/revoke", token: admin)
            #expect(revoked.string("status") == "revoked")
            #expect(try await client.call(.post, "/v1/codes/\(second)/revoke", token: admin).status == .ok)
            #expect(try await client.call(.get, "/v1/codes/\(second)").status == .gone)
            #expect(try await client.call(.get, "/v1/codes/zzzzzzzzzzzzz").status == .notFound)
            #expect(try await client.call(.post, "/v1/codes/zzzzzzzzzzzzz/revoke", token: admin).status == .notFound)
            let unknownTarget = try await client.call(
                .post, "/v1/codes", token: admin, json: ["kind": "station", "target_id": UUID().uuidString])
            #expect(unknownTarget.errorFields == ["target_id"])
        }
    }

    @Test func concurrentReissuesLeaveExactlyOneActiveCode() async throws {
        try await APITestHarness.withRegistry { client, fixture, services in
            let admin = fixture.token(.admin)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        try await client.call(
                            .post, "/v1/codes", token: admin,
                            json: [
                                "kind": "station", "target_id": fixture.stationB.id.text,
                            ]
                        ).status.code
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 201, count: 6))
            let active = try await services.database.query(
                "SELECT count(*)::int FROM codes WHERE target_id = \(fixture.stationB.id) AND status = 'active'", logger: services.logger
            )
            #expect(try active.first?.decode(Int.self) == 1)
        }
    }

    @Test func lookupsAreCountedPerLocalDay() async throws {
        try await APITestHarness.withRegistry { client, fixture, services in
            let code = try await CodeStore(database: services.database, logger: services.logger)
                .issue(kind: .representative, targetID: fixture.representativeA.id, now: Date()).code
            for _ in 0..<3 { _ = try await client.call(.get, "/v1/codes/\(code)") }
            _ = try await client.call(.get, "/v1/codes/\(code)/qr.svg")  // images are not scans
            let stats = try await client.call(.get, "/v1/codes/\(code)/stats", token: fixture.token(.representative))
            #expect(stats.status == .ok)
            #expect(stats["total"] as? Int == 3)
            let days = try #require(stats["days"] as? [[String: Any]])
            let (y, m, d) = LocalCalendar(timeZone: services.config.timeZone).ymd(Date())
            #expect(days.count == 1)
            #expect(days.first?["date"] as? String == String(format: "%04d-%02d-%02d", y, m, d))
            #expect(days.first?["scans"] as? Int == 3)
        }
    }

    @Test func theQRImageDecodesToThePageURL() async throws {
        try await APITestHarness.withRegistry { client, fixture, services in
            let code = try await CodeStore(database: services.database, logger: services.logger)
                .issue(kind: .station, targetID: fixture.stationA.id, now: Date()).code
            let png = try await client.call(.get, "/v1/codes/\(code)/qr.png?size=400")
            #expect(png.status == .ok)
            #expect(png.headers[.contentType] == "image/png")
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("qr-\(code).png")
            try png.body.write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            #expect(try zbarDecode(file) == "\(services.config.publicBaseURL)/c/\(code)")

            let svg = try await client.call(.get, "/v1/codes/\(code)/qr.svg")
            #expect(svg.headers[.contentType] == "image/svg+xml")
            #expect(svg.text.hasPrefix("<svg") || svg.text.hasPrefix("<?xml"))
            #expect(try await client.call(.get, "/v1/codes/\(code)/qr.png?size=10").errorFields == ["size"])
            #expect(try await client.call(.get, "/v1/codes/\(code)/qr.png?size=2048").errorFields == ["size"])
        }
    }

    @Test func aPNGIsRenderedOncePerCodeAndSizeStep() async throws {
        try await APITestHarness.withRegistry { client, fixture, services in
            let code = try await CodeStore(database: services.database, logger: services.logger)
                .issue(kind: .station, targetID: fixture.stationA.id, now: Date()).code
            let first = try await client.call(.get, "/v1/codes/\(code)/qr.png?size=1000")
            #expect(first.status == .ok && services.qrImages.count == 1)
            // 1000 and 970 are both drawn at 1024: one image, served from the cache the second time
            let second = try await client.call(.get, "/v1/codes/\(code)/qr.png?size=970")
            #expect(second.body == first.body && services.qrImages.count == 1)
            _ = try await client.call(.get, "/v1/codes/\(code)/qr.png?size=64")
            #expect(services.qrImages.count == 2)
        }
    }

    @Test func thePosterNamesTheRepresentativeStationAndSlogan() async throws {
        try await APITestHarness.withRegistry { client, fixture, services in
            let code = try await CodeStore(database: services.database, logger: services.logger)
                .issue(kind: .representative, targetID: fixture.representativeA.id, now: Date()).code
            let poster = try await client.call(.get, "/v1/codes/\(code)/poster.svg")
            #expect(poster.status == .ok)
            let text = poster.text
            for expected in ["王芳", "区县人大代表", "江南社区联络站", "扫码找代表 · 反映民情民意", "210mm", "/c/\(code)"] {
                #expect(text.contains(expected), "poster lacks \(expected)")
            }
            #expect(XMLParser(data: poster.body).parse())
        }
    }

    func zbarDecode(_ file: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/zbarimg")
        process.arguments = ["--quiet", "--raw", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
