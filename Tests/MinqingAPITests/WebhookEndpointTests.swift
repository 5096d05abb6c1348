import Foundation
import HTTPTypes
import HummingbirdTesting
import MinqingCore
import MinqingOpenAPI
import MinqingRules
import PostgresNIO
import TestSupport
import Testing

@testable import MinqingAPI

@Suite(.timeLimit(.minutes(2))) struct WebhookEndpointTests {
    @Test func aDepartmentRegistersListsRotatesAndDeletesItsOwnEndpoints() async throws {
        try await APITestHarness.withRegistry { client, f, _ in
            let dept = f.countyDepartment.id.text
            let token = f.token(.department)
            let created = try await client.call(
                .post, "/v1/departments/\(dept)/webhooks", token: token,
                json: [
                    "url": "https://hooks.example.com/minqing",
                    "event_types": ["reminder.digest", "assignment.created", "reminder.digest"],
                ])
            #expect(created.status == .created)
            let id = try #require(created.string("id"))
            let secret = try #require(created.string("secret"))
            #expect(secret.hasPrefix("whsec_"))
            #expect(Data(base64Encoded: String(secret.dropFirst(6)))?.count == 24)
            #expect(created.string("department_id") == dept)
            #expect(created.string("url") == "https://hooks.example.com/minqing")
            // Stored once each, in the order of the event catalogue.
            #expect(created["event_types"] as? [String] == ["assignment.created", "reminder.digest"])
            #expect(created["active"] as? Bool == true)

            let listed = try await client.call(.get, "/v1/departments/\(dept)/webhooks", token: token)
            #expect(listed.status == .ok)
            #expect(listed.items.map { $0["id"] as? String } == [id])
            #expect(listed.items.allSatisfy { $0["secret"] == nil })

            let rotated = try await client.call(.post, "/v1/webhooks/\(id)/rotate-secret", token: token)
            #expect(rotated.status == .ok)
            let newSecret = try #require(rotated.string("secret"))
            #expect(newSecret.hasPrefix("whsec_") && newSecret != secret)

            let deliveries = try await client.call(.get, "/v1/webhooks/\(id)/deliveries", token: token)
            #expect(deliveries.status == .ok)
            #expect(deliveries.items.isEmpty)
            #expect(deliveries.string("next_cursor") == nil)

            #expect(try await client.call(.delete, "/v1/webhooks/\(id)", token: token).status == .noContent)
            #expect(try await client.call(.delete, "/v1/webhooks/\(id)", token: token).status == .notFound)
            #expect(try await client.call(.post, "/v1/webhooks/\(id)/rotate-secret", token: token).status == .notFound)
            #expect(try await client.call(.get, "/v1/webhooks/\(id)/deliveries", token: token).status == .notFound)
            #expect(try await client.call(.get, "/v1/departments/\(dept)/webhooks", token: token).items.isEmpty)
        }
    }

    @Test func departmentAMayNotManageDepartmentBsEndpoints() async throws {
        try await APITestHarness.withRegistry { client, f, _ in
            let own = f.countyDepartment.id.text, other = f.cityDepartment.id.text
            let body: [String: Any] = ["url": "http://hooks.example.org:9000/hook"]
            // Admin registers one for the other department, and a global one.
            let theirs = try await client.call(.post, "/v1/departments/\(other)/webhooks", token: f.token(.admin), json: body)
            #expect(theirs.status == .created)
            let theirID = try #require(theirs.string("id"))
            let global = try await client.call(.post, "/v1/webhooks", token: f.token(.admin), json: body)
            #expect(global.status == .created)
            #expect(global["department_id"] == nil)
            let globalID = try #require(global.string("id"))

            let dept = f.token(.department)
            #expect(try await client.call(.post, "/v1/departments/\(other)/webhooks", token: dept, json: body).status == .notFound)
            #expect(try await client.call(.get, "/v1/departments/\(other)/webhooks", token: dept).status == .notFound)
            for endpoint in [theirID, globalID] {
                let delete = try await client.call(.delete, "/v1/webhooks/\(endpoint)", token: dept)
                #expect(delete.status == .notFound)
                #expect(delete.code == "not_found")
                #expect(try await client.call(.post, "/v1/webhooks/\(endpoint)/rotate-secret", token: dept).status == .notFound)
                #expect(try await client.call(.get, "/v1/webhooks/\(endpoint)/deliveries", token: dept).status == .notFound)
            }
            #expect(try await client.call(.post, "/v1/webhooks", token: dept, json: body).status == .forbidden)
            #expect(try await client.call(.get, "/v1/webhooks", token: dept).status == .forbidden)

            // Other roles and anonymous callers.
            for role in [Role.representative, .observer] {
                #expect(try await client.call(.get, "/v1/departments/\(own)/webhooks", token: f.token(role)).status == .forbidden)
                #expect(
                    try await client.call(.post, "/v1/departments/\(own)/webhooks", token: f.token(role), json: body).status == .forbidden)
                #expect(try await client.call(.delete, "/v1/webhooks/\(theirID)", token: f.token(role)).status == .forbidden)
            }
            #expect(try await client.call(.get, "/v1/departments/\(own)/webhooks").status == .unauthorized)
            #expect(try await client.call(.post, "/v1/webhooks", json: body).status == .unauthorized)
            #expect(try await client.call(.delete, "/v1/webhooks/\(theirID)").status == .unauthorized)

            // The admin manages everything; the other department's endpoint is untouched.
            let all = try await client.call(.get, "/v1/webhooks", token: f.token(.admin))
            #expect(all.items.map { $0["id"] as? String } == [globalID])
            #expect(try await client.call(.get, "/v1/departments/\(other)/webhooks", token: f.token(.admin)).items.count == 1)
            #expect(try await client.call(.delete, "/v1/webhooks/\(globalID)", token: f.token(.admin)).status == .noContent)

            // Unknown rows.
            let unknown = UUID().uuidString.lowercased()
            #expect(try await client.call(.get, "/v1/departments/\(unknown)/webhooks", token: f.token(.admin)).status == .notFound)
            #expect(
                try await client.call(.post, "/v1/departments/\(unknown)/webhooks", token: f.token(.admin), json: body).status == .notFound)
            #expect(try await client.call(.delete, "/v1/webhooks/\(unknown)", token: f.token(.admin)).status == .notFound)
            #expect(try await client.call(.delete, "/v1/webhooks/not-an-id", token: f.token(.admin)).status == .notFound)
        }
    }

    @Test func urlsMustBeAbsoluteHTTPAndEventTypesFromTheCatalogue() async throws {
        try await APITestHarness.withRegistry { client, f, _ in
            let path = "/v1/departments/\(f.countyDepartment.id.text)/webhooks"
            let token = f.token(.department)
            for url in [
                "ftp://example.com/hook", "/relative/hook", "example.com/hook", "", "   ", "http://", "https://user:pw@example.com/",
            ] {
                let result = try await client.call(.post, path, token: token, json: ["url": url])
                #expect(result.status == .unprocessableContent, "\(url)")
                #expect(result.code == "validation_failed")
                #expect(result.errorFields == ["url"], "\(url)")
            }
            let long = try await client.call(
                .post, path, token: token, json: ["url": "https://example.com/" + String(repeating: "a", count: 2000)])
            #expect(long.errorFields == ["url"])
            let missing = try await client.call(.post, path, token: token, json: ["event_types": ["reminder.digest"]])
            #expect(missing.status == .unprocessableContent)
            #expect(missing.errorFields == ["url"])
            let unknownType = try await client.call(
                .post, path, token: token,
                json: ["url": "https://example.com/h", "event_types": ["reminder.digest", "submission.eaten"]])
            #expect(unknownType.status == .unprocessableContent)
            #expect(unknownType.errorFields == ["event_types[1]"])
            let empty = try await client.call(.post, path, token: token, json: ["url": "https://example.com/h", "event_types": [String]()])
            #expect(empty.errorFields == ["event_types"])
            let wrongType = try await client.call(.post, path, token: token, json: ["url": 42])
            #expect(wrongType.status == .badRequest)
            let notJSON = try await client.call(.post, path, token: token, raw: "url=https://example.com", contentType: "text/plain")
            #expect(notJSON.status == .unsupportedMediaType)
            let malformed = try await client.call(.post, path, token: token, raw: "{\"url\":")
            #expect(malformed.status == .badRequest)
            // Nothing was stored.
            #expect(try await client.call(.get, path, token: token).items.isEmpty)
        }
    }

    @Test func deliveriesAreListedNewestFirstInPages() async throws {
        try await APITestHarness.withRegistry { client, f, services in
            let token = f.token(.department)
            let created = try await client.call(
                .post, "/v1/departments/\(f.countyDepartment.id.text)/webhooks", token: token,
                json: ["url": "https://example.com/h"])
            let id = try #require(created.string("id"))
            let base = Date(timeIntervalSince1970: 1_800_000_000)
            try await services.database.withConnection { connection in
                try await WebhookOutbox.enqueue(
                    MinqingCore.Notification(kind: .reminderDigest, title: "催办", body: "3件"),
                    departments: [f.countyDepartment.id], now: base, on: connection, logger: services.logger
                )
                let messageID = try await connection.query("SELECT id FROM webhook_messages", logger: services.logger)
                    .collect()[0].decode(String.self)
                for (attempt, status) in [(1, 500), (2, 503), (3, 200)] {
                    try await connection.query(
                        """
                        INSERT INTO webhook_attempts (message_id, endpoint_id, attempt, attempted_at, status_code, error, duration_ms)
                        VALUES (\(messageID), \(UUID(uuidString: id)!), \(attempt), \(base.addingTimeInterval(Double(attempt) * 60)),
                                \(status), \(status == 200 ? nil : "HTTP \(status)"), 12)
                        """,
                        logger: services.logger
                    )
                }
                try await connection.query("UPDATE webhook_messages SET state = 'delivered', attempts = 3", logger: services.logger)
            }
            let first = try await client.call(.get, "/v1/webhooks/\(id)/deliveries?limit=2", token: token)
            #expect(first.status == .ok)
            #expect(first.items.map { $0["attempt"] as? Int } == [3, 2])
            #expect(first.items.map { $0["status_code"] as? Int } == [200, 503])
            #expect(first.items[0]["error"] == nil)
            #expect(first.items[1]["error"] as? String == "HTTP 503")
            #expect(
                first.items.allSatisfy { $0["event_type"] as? String == "reminder.digest" && $0["message_state"] as? String == "delivered" }
            )
            #expect((first.items[0]["message_id"] as? String)?.hasPrefix("msg_") == true)
            let cursor = try #require(first.string("next_cursor"))
            let second = try await client.call(.get, "/v1/webhooks/\(id)/deliveries?limit=2&cursor=\(cursor)", token: token)
            #expect(second.items.map { $0["attempt"] as? Int } == [1])
            #expect(second.string("next_cursor") == nil)

            let badCursor = try await client.call(.get, "/v1/webhooks/\(id)/deliveries?cursor=nonsense", token: token)
            #expect(badCursor.status == .unprocessableContent)
            #expect(badCursor.errorFields == ["cursor"])
            let badLimit = try await client.call(.get, "/v1/webhooks/\(id)/deliveries?limit=0", token: token)
            #expect(badLimit.errorFields == ["limit"])
            // The admin sees the same history.
            #expect(try await client.call(.get, "/v1/webhooks/\(id)/deliveries", token: f.token(.admin)).items.count == 3)
        }
    }

    @Test func everyEventTypeOfTheCatalogueIsInTheSpec() {
        for kind in MinqingCore.Notification.Kind.allCases {
            #expect(Components.Schemas.NotificationType(rawValue: kind.rawValue) != nil, "\(kind.rawValue) is missing from openapi.yaml")
        }
        #expect(Components.Schemas.NotificationType.allCases.count == MinqingCore.Notification.Kind.allCases.count)
    }
}
