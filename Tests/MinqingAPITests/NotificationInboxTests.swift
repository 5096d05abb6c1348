import Foundation
import HTTPTypes
import HummingbirdTesting
import MinqingCore
import MinqingRules
import PostgresNIO
import TestSupport
import Testing

@testable import MinqingAPI

@Suite(.timeLimit(.minutes(2))) struct NotificationInboxTests {
    /// Writes notifications through the real notifier, one second apart.
    func notify(_ services: APIServices, _ items: [(MinqingCore.Notification.Kind, Set<Recipients>)], from base: Date) async throws {
        try await services.database.withConnection { connection in
            for (offset, (kind, recipients)) in items.enumerated() {
                let notification = MinqingCore.Notification(
                    kind: kind, title: "通知\(offset)", body: "正文\(offset)",
                    data: ["n": .int(offset), "receipt_no": .string("MQ2026-00012\(offset)")]
                )
                try await Notifier.notify(
                    notification, to: recipients, now: base.addingTimeInterval(Double(offset)),
                    on: connection, logger: services.logger)
            }
        }
    }

    @Test func theInboxListsUnreadFirstThenNewestAndMarksRead() async throws {
        try await APITestHarness.withRegistry { client, f, services in
            let county = Recipients.department(f.countyDepartment.id)
            let base = Date().addingTimeInterval(-3600)
            try await notify(
                services,
                [
                    (.assignmentCreated, [county]), (.reminderDigest, [county]), (.escalationNeeded, [county, .admins]),
                    (.monthlySheetReady, [.admins]),
                ], from: base)
            let token = f.token(.department)

            let inbox = try await client.call(.get, "/v1/notifications", token: token)
            #expect(inbox.status == .ok)
            #expect(inbox["unread_count"] as? Int == 3)
            #expect(inbox.items.map { $0["title"] as? String } == ["通知2", "通知1", "通知0"])
            let first = inbox.items[2]
            #expect(first["type"] as? String == "assignment.created")
            #expect(first["body"] as? String == "正文0")
            #expect(first["read"] as? Bool == false)
            #expect(first["read_at"] == nil)
            #expect((first["data"] as? [String: Any])?["receipt_no"] as? String == "MQ2026-000120")

            // Reading the oldest moves it behind the unread ones.
            let id = try #require(first["id"] as? String)
            let read = try await client.call(.post, "/v1/notifications/\(id)/read", token: token)
            #expect(read.status == .ok)
            #expect(read["read"] as? Bool == true)
            let readAt = try #require(read.string("read_at"))
            let again = try await client.call(.post, "/v1/notifications/\(id)/read", token: token)
            #expect(again.string("read_at") == readAt)

            let after = try await client.call(.get, "/v1/notifications", token: token)
            #expect(after["unread_count"] as? Int == 2)
            #expect(after.items.map { $0["title"] as? String } == ["通知2", "通知1", "通知0"])
            _ = try await client.call(.post, "/v1/notifications/\(after.items[0]["id"] as! String)/read", token: token)
            let reordered = try await client.call(.get, "/v1/notifications", token: token)
            #expect(reordered.items.map { $0["title"] as? String } == ["通知1", "通知2", "通知0"])
            #expect(reordered.items.map { $0["read"] as? Bool } == [false, true, true])

            // Admins have their own inbox.
            let admin = try await client.call(.get, "/v1/notifications", token: f.token(.admin))
            #expect(admin.items.map { $0["title"] as? String } == ["通知3", "通知2"])
            // Representatives have none here.
            let rep = try await client.call(.get, "/v1/notifications", token: f.token(.representative))
            #expect(rep.items.isEmpty && rep["unread_count"] as? Int == 0)
        }
    }

    @Test func pagesFollowTheInboxOrder() async throws {
        try await APITestHarness.withRegistry { client, f, services in
            let county = Recipients.department(f.countyDepartment.id)
            try await notify(services, Array(repeating: (.reminderDigest, [county]), count: 5), from: Date().addingTimeInterval(-600))
            let token = f.token(.department)
            let all = try await client.call(.get, "/v1/notifications", token: token).items.compactMap { $0["id"] as? String }
            #expect(all.count == 5)
            // Read two in the middle: order is unread (newest first) then read (newest first).
            _ = try await client.call(.post, "/v1/notifications/\(all[1])/read", token: token)
            _ = try await client.call(.post, "/v1/notifications/\(all[3])/read", token: token)
            let expected = [all[0], all[2], all[4], all[1], all[3]]
            var seen: [String] = []
            var cursor: String?
            for _ in 0..<5 {
                let query = cursor.map { "?limit=2&cursor=\($0)" } ?? "?limit=2"
                let page = try await client.call(.get, "/v1/notifications\(query)", token: token)
                #expect(page.status == .ok)
                seen += page.items.compactMap { $0["id"] as? String }
                cursor = page.string("next_cursor")
                if cursor == nil { break }
            }
            #expect(seen == expected)
            let bad = try await client.call(.get, "/v1/notifications?cursor=abc", token: token)
            #expect(bad.status == .unprocessableContent && bad.errorFields == ["cursor"])
            // the inbox's shape (read flag, microseconds, id) with a value that is not microseconds: refused, not the first page
            let shaped = Data("false|soon|\(UUID().uuidString)".utf8).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            let misfit = try await client.call(.get, "/v1/notifications?cursor=\(shaped)", token: token)
            #expect(misfit.status == .unprocessableContent && misfit.errorFields == ["cursor"])
            #expect(try await client.call(.get, "/v1/notifications?limit=201", token: token).errorFields == ["limit"])
        }
    }

    @Test func onlyTheRecipientMayReadANotification() async throws {
        try await APITestHarness.withRegistry { client, f, services in
            try await notify(services, [(.replyReceived, [.department(f.countyDepartment.id)])], from: Date())
            let id = try #require(
                try await client.call(.get, "/v1/notifications", token: f.token(.department)).items.first?["id"] as? String)
            for role in [Role.admin, .representative, .observer] {
                let result = try await client.call(.post, "/v1/notifications/\(id)/read", token: f.token(role))
                #expect(result.status == .notFound)
                #expect(result.code == "not_found")
            }
            #expect(try await client.call(.post, "/v1/notifications/\(id)/read").status == .unauthorized)
            #expect(try await client.call(.get, "/v1/notifications").status == .unauthorized)
            #expect(
                try await client.call(.post, "/v1/notifications/\(UUID().uuidString)/read", token: f.token(.department)).status == .notFound
            )
            #expect(try await client.call(.post, "/v1/notifications/nope/read", token: f.token(.department)).status == .notFound)
            // Still unread for its recipient.
            #expect(try await client.call(.get, "/v1/notifications", token: f.token(.department))["unread_count"] as? Int == 1)
        }
    }
}
