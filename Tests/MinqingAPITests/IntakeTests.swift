import Foundation
import HTTPTypes
import MinqingCore
import MinqingRules
import TestSupport
import Testing

@testable import MinqingAPI

@Suite(.timeLimit(.minutes(2))) struct IntakeTests {
    @Test func aScannedCodeFilesASubmissionWithASequentialReceipt() async throws {
        try await APITestHarness.withLoop { client, f, services in
            let first = try await client.call(.post, "/v1/submissions", json: f.submission(kind: "inquiry"))
            #expect(first.status == .created)
            #expect(first.string("status") == "submitted")
            #expect(first["expected_reply_working_days"] as? Int == 3)
            let token = try #require(first.string("tracking_token"))
            #expect(token.count >= 43)
            #expect(first.string("tracking_url") == "\(services.config.publicBaseURL)/t/\(token)")
            let year = LocalCalendar(timeZone: services.config.timeZone).ymd(Date()).year
            #expect(first.string("receipt_no") == String(format: "MQ%04d-000001", year))
            let second = try await client.call(.post, "/v1/submissions", json: f.submission())
            #expect(second.string("receipt_no") == String(format: "MQ%04d-000002", year))
            let detail = try await client.call(.get, "/v1/submissions/\(first.string("id")!)", token: f.admin)
            #expect(detail.string("channel") == "code")
            #expect(detail.string("code") == f.code)
            #expect(detail.string("representative_id") == f.registry.representativeA.id.text)
            #expect(detail.string("station_id") == f.registry.stationA.id.text)
        }
    }

    @Test func everyInvalidFieldIsNamed() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let result = try await client.call(
                .post, "/v1/submissions",
                json: [
                    "code": f.code, "kind": "complaint", "category": "no_such_category", "content": " 短 ",
                    "title": String(repeating: "题", count: 101), "location": ["latitude": 95, "longitude": 200],
                    "contact": ["phone": "12345678901"],
                ])
            #expect(result.status == .unprocessableContent)
            #expect(Set(result.errorFields) == ["content", "title", "location.latitude", "location.longitude", "contact.phone"])
            let category = try await client.call(.post, "/v1/submissions", json: f.submission().merging(["category": "nope"]) { $1 })
            #expect(category.errorFields == ["category"])
            let control = try await client.call(.post, "/v1/submissions", json: f.submission(content: "正常内容\u{0}隐藏字符"))
            #expect(control.errorFields == ["content"])
            let newlines = try await client.call(.post, "/v1/submissions", json: f.submission(content: "第一行\n第二行内容"))
            #expect(newlines.status == .created)
            let long = try await client.call(.post, "/v1/submissions", json: f.submission(content: String(repeating: "长", count: 2001)))
            #expect(long.errorFields == ["content"])
            let noCode = try await client.call(.post, "/v1/submissions", json: ["kind": "help", "category": "other", "content": "需要帮助的内容"])
            #expect(noCode.errorFields == ["code"])
            let badKind = try await client.call(.post, "/v1/submissions", json: f.submission().merging(["kind": "rant"]) { $1 })
            #expect(badKind.errorFields == ["kind"])
        }
    }

    @Test func unknownAndRevokedCodesAreRefused() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let unknown = try await client.call(.post, "/v1/submissions", json: f.submission().merging(["code": "zzzzzzzzzzzzz"]) { $1 })
            #expect(unknown.errorFields == ["code"])
            _ = try await client.call(.post, "/v1/codes/\(f.code)/revoke", token: f.admin)
            let revoked = try await client.call(.post, "/v1/submissions", json: f.submission())
            #expect(revoked.status == .gone)
            #expect(revoked.code == "code_revoked")
        }
    }

    @Test func aRetryWithTheSameKeyReturnsTheOriginalReceipt() async throws {
        try await APITestHarness.withLoop { client, f, services in
            let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "retry-1"]
            let first = try await client.call(.post, "/v1/submissions", json: f.submission(), headers: key)
            let again = try await client.call(.post, "/v1/submissions", json: f.submission(), headers: key)
            #expect(first.status == .created && again.status == .created)
            #expect(first.string("id") == again.string("id"))
            #expect(first.string("receipt_no") == again.string("receipt_no"))
            #expect(first.string("tracking_token") == again.string("tracking_token"))
            let different = try await client.call(.post, "/v1/submissions", json: f.submission(content: "另一件完全不同的事情"), headers: key)
            #expect(different.status == .conflict)
            #expect(different.code == "idempotency_key_reused")
            let count = try await services.database.query("SELECT count(*)::int FROM submissions", logger: services.logger)
            #expect(try count.first?.decode(Int.self) == 1)
            let tooLong: HTTPFields = [HTTPField.Name("Idempotency-Key")!: String(repeating: "k", count: 129)]
            #expect(
                try await client.call(.post, "/v1/submissions", json: f.submission(), headers: tooLong).errorFields == ["Idempotency-Key"])
        }
    }

    /// The code is checked before the key is claimed, so a retry must still find its filing when the code
    /// was withdrawn in between; a new filing with that code is refused.
    @Test func aRetryAfterTheCodeIsWithdrawnReplaysTheFiling() async throws {
        try await APITestHarness.withLoop { client, f, services in
            let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "before-revoke"]
            let first = try await client.call(.post, "/v1/submissions", json: f.submission(), headers: key)
            _ = try await client.call(.post, "/v1/codes/\(f.code)/revoke", token: f.admin)
            let again = try await client.call(.post, "/v1/submissions", json: f.submission(), headers: key)
            #expect(first.status == .created && again.status == .created)
            #expect(first.string("receipt_no") == again.string("receipt_no"))
            let changed = try await client.call(.post, "/v1/submissions", json: f.submission(content: "撤码之后换了内容再报"), headers: key)
            #expect(changed.code == "idempotency_key_reused")
            let fresh: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "after-revoke"]
            #expect(try await client.call(.post, "/v1/submissions", json: f.submission(), headers: fresh).code == "code_revoked")
            // the one filing has its first timeline entry, written in the same statement
            let entries = try await services.database.query(
                "SELECT action, to_status, actor_role FROM timeline_events WHERE submission_id = \(UUID(uuidString: first.string("id") ?? "")!)",
                logger: services.logger)
            #expect(
                try entries.map { try $0.decode((String, String?, String).self) }.map { "\($0.0) \($0.1 ?? "-") \($0.2)" } == [
                    "submitted submitted resident"
                ])
        }
    }

    /// A key is kept for a day: after that the same key files anew, even with another body.
    @Test func aKeyOlderThanADayFilesAnew() async throws {
        try await APITestHarness.withLoop { client, f, services in
            let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "yesterday"]
            let first = try await client.call(.post, "/v1/submissions", json: f.submission(), headers: key)
            try await services.database.query(
                "UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = 'yesterday'", logger: services.logger)
            let again = try await client.call(.post, "/v1/submissions", json: f.submission(content: "另一件事情，隔天再报"), headers: key)
            #expect(first.status == .created && again.status == .created)
            #expect(first.string("receipt_no") != again.string("receipt_no"))
            // and the key now stands for the new filing
            let replay = try await client.call(.post, "/v1/submissions", json: f.submission(content: "另一件事情，隔天再报"), headers: key)
            #expect(replay.string("receipt_no") == again.string("receipt_no"))
        }
    }

    @Test func concurrentRetriesWithOneKeyFileOnce() async throws {
        try await APITestHarness.withLoop { client, f, services in
            let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "double-tap"]
            let results = try await withThrowingTaskGroup(of: APIResult.self) { group in
                for _ in 0..<5 {
                    group.addTask { try await client.call(.post, "/v1/submissions", json: f.submission(), headers: key) }
                }
                return try await group.reduce(into: [APIResult]()) { $0.append($1) }
            }
            // each answer is the one submission (201) or, while the first is still being written, 409 key in use
            let filed = results.filter { $0.status == .created }
            #expect(!filed.isEmpty)
            #expect(Set(filed.compactMap { $0.string("id") }).count == 1)
            #expect(results.allSatisfy { $0.status == .created || ($0.status == .conflict && $0.code == "idempotency_key_in_use") })
            let count = try await services.database.query("SELECT count(*)::int FROM submissions", logger: services.logger)
            #expect(try count.first?.decode(Int.self) == 1)
        }
    }

    @Test func theAddressLimitAnswers429WithRetryAfter() async throws {
        try await APITestHarness.withLoop(policy: LoopPolicy(intakePerAddressPerMinute: 3, intakePerCodePerMinute: 0)) { client, f, _ in
            try await RateWindow.startWellInsideAMinute()
            for _ in 0..<3 { #expect(try await client.call(.post, "/v1/submissions", json: f.submission()).status == .created) }
            let limited = try await client.call(.post, "/v1/submissions", json: f.submission())
            #expect(limited.status == .tooManyRequests)
            #expect(limited.code == "rate_limited")
            #expect((1...60).contains(limited.headers[.retryAfter].flatMap(Int.init) ?? 0))
        }
    }

    @Test func theCodeLimitCountsAcrossAddresses() async throws {
        try await APITestHarness.withLoop(policy: LoopPolicy(intakePerAddressPerMinute: 0, intakePerCodePerMinute: 2)) { client, f, _ in
            try await RateWindow.startWellInsideAMinute()
            _ = try await client.call(.post, "/v1/submissions", json: f.submission())
            _ = try await client.call(.post, "/v1/submissions", json: f.submission())
            #expect(try await client.call(.post, "/v1/submissions", json: f.submission()).status == .tooManyRequests)
        }
    }

    @Test func contactDataIsEncryptedMaskedAndRevealedOnlyToAdminsOnTheRecord() async throws {
        try await APITestHarness.withLoop { client, f, services in
            let (id, token) = try await client.file(f)
            let stored = try await services.database.query(
                "SELECT contact_phone_sealed::text, contact_name_sealed::text FROM submissions WHERE id = \(UUID(uuidString: id)!)",
                logger: services.logger
            )
            let (phoneBox, nameBox) = try stored.first!.decode((String, String).self)
            #expect(
                !phoneBox.contains("13812345678")
                    && !phoneBox.contains(Data("13812345678".utf8).map { String(format: "%02x", $0) }.joined()))
            #expect(!nameBox.isEmpty)
            let asAdmin = try await client.call(.get, "/v1/submissions/\(id)", token: f.admin)
            #expect((asAdmin["contact"] as? [String: Any])?["phone"] as? String == "138****5678")
            #expect((asAdmin["contact"] as? [String: Any])?["name"] as? String == "张*")
            let asRep = try await client.call(.get, "/v1/submissions/\(id)", token: f.representative)
            #expect((asRep["contact"] as? [String: Any])?["phone"] as? String == "138****5678")
            #expect(try await client.call(.get, "/v1/tracking/\(token)").text.contains("5678") == false)
            #expect(try await client.call(.post, "/v1/submissions/\(id)/contact/reveal", token: f.representative).status == .forbidden)
            let revealed = try await client.call(.post, "/v1/submissions/\(id)/contact/reveal", token: f.admin)
            #expect(revealed.string("phone") == "13812345678")
            #expect(revealed.string("name") == "张三")
            let timeline = try await client.call(.get, "/v1/submissions/\(id)", token: f.admin)["timeline"] as? [[String: Any]]
            #expect(timeline?.last?["action"] as? String == "contact_revealed")
        }
    }

    @Test func anonymousSubmissionsStoreNoName() async throws {
        try await APITestHarness.withLoop { client, f, services in
            var body = f.submission()
            body["anonymous"] = true
            let (id, _) = try await client.file(f, body)
            let rows = try await services.database.query(
                "SELECT contact_name_sealed IS NULL, contact_name_masked IS NULL FROM submissions WHERE id = \(UUID(uuidString: id)!)",
                logger: services.logger
            )
            let (noName, noMask) = try rows.first!.decode((Bool, Bool).self)
            #expect(noName && noMask)
        }
    }

    @Test func staffFileOnBehalfOfResidentsWithAChannel() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let body: [String: Any] = ["channel": "reception", "kind": "opinion", "category": "parking", "content": "接待日群众反映停车难"]
            let byRep = try await client.call(.post, "/v1/submissions", token: f.representative, json: body)
            #expect(byRep.status == .created)
            let detail = try await client.call(.get, "/v1/submissions/\(byRep.string("id")!)", token: f.representative)
            #expect(detail.string("channel") == "reception")
            #expect(detail.string("station_id") == f.registry.stationA.id.text)
            let byObserver = try await client.call(
                .post, "/v1/submissions", token: f.registry.token(.observer),
                json: body.merging(["channel": "observer"]) { $1 })
            #expect(byObserver.status == .created)
            #expect(try await client.call(.get, "/v1/submissions", token: f.registry.token(.observer)).items.count == 1)
            #expect(try await client.call(.post, "/v1/submissions", json: body).status == .unauthorized)
            #expect(try await client.call(.post, "/v1/submissions", token: f.county, json: body).status == .forbidden)
        }
    }

    @Test func listsFilterByEveryField() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let (lamp, _) = try await client.file(f)
            let (park, _) = try await client.file(f, f.submission(kind: "suggestion", content: "建议增加停车位，方便居民。"))
            _ = try await client.call(.post, "/v1/submissions/\(lamp)/accept", token: f.admin)
            _ = try await client.call(
                .post, "/v1/submissions/\(lamp)/assign", token: f.admin,
                json: [
                    "assignments": [["department_id": f.registry.countyDepartment.id.text, "role": "lead"]]
                ])
            func ids(_ query: String) async throws -> [String] {
                try await client.call(.get, "/v1/submissions?\(query)", token: f.admin).items.compactMap { $0["id"] as? String }
            }
            #expect(try await ids("") == [park, lamp])  // newest first
            #expect(try await ids("status=assigned") == [lamp])
            #expect(try await ids("kind=suggestion") == [park])
            #expect(try await ids("category=urban_rural_construction").count == 2)
            #expect(try await ids("station_id=\(f.registry.stationA.id.text)").count == 2)
            #expect(try await ids("representative_id=\(f.registry.representativeB.id.text)").isEmpty)
            #expect(try await ids("department_id=\(f.registry.countyDepartment.id.text)") == [lamp])
            #expect(try await ids("overdue=true").isEmpty)
            #expect(try await ids("q=%E5%81%9C%E8%BD%A6") == [park])  // 停车
            let page = try await client.call(.get, "/v1/submissions?limit=1", token: f.admin)
            let next = try #require(page.json["next_cursor"] as? String)
            #expect(try await ids("limit=1&cursor=\(next)") == [lamp])
            #expect(try await client.call(.get, "/v1/submissions?station_id=x", token: f.admin).errorFields == ["station_id"])
        }
    }
}
