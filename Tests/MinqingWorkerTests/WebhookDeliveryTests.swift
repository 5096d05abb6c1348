import AsyncHTTPClient
import Foundation
import Logging
import MinqingCore
import MinqingRules
import PostgresNIO
import TestSupport
import Testing

@testable import MinqingWorker

/// Outbox rows, endpoints and deliverers over a fresh database, against a ``WebhookTestReceiver``.
struct WebhookFixture: Sendable {
    let database: Database
    let http: HTTPClient
    let logger = TestDatabase.logger
    let sealer = PersonalDataSealer(key: Array(repeating: 7, count: 32))
    /// Whole seconds, so that `webhook-timestamp` comparisons are exact.
    let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))

    var endpoints: WebhookEndpointStore { WebhookEndpointStore(database: database, sealer: sealer, logger: logger) }

    static func with(_ body: @Sendable (WebhookFixture, WebhookTestReceiver) async throws -> Void) async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: WebhookDeliverer.httpConfiguration)
            do {
                try await WebhookTestReceiver.with { receiver in
                    try await body(WebhookFixture(database: database, http: http), receiver)
                }
                try await http.shutdown()
            } catch {
                try? await http.shutdown()
                throw error
            }
        }
    }

    func deliverer() -> WebhookDeliverer {
        WebhookDeliverer(database: database, http: http, sealer: sealer, targets: TestConfig.loopbackWebhooks, logger: logger)
    }

    func deliver(at instant: Date) async throws -> WebhookDeliverer.Report {
        try await deliverer().deliverDue(now: instant)
    }

    func department(_ name: String = "区住建局") async throws -> Department {
        let region = try await RegionStore(database: database, logger: logger).create(.init(name: name, level: .county), now: now)
        return try await DepartmentStore(database: database, logger: logger).create(
            .init(name: name, level: .county, regionID: region.id), now: now)
    }

    /// A department with an endpoint pointing at `receiver`, whose secret the receiver checks.
    func subscribed(_ receiver: WebhookTestReceiver) async throws -> (Department, WebhookEndpointWithSecret) {
        let department = try await department()
        let endpoint = try await endpoints.create(departmentID: department.id, url: receiver.url, eventTypes: nil, now: now)
        receiver.expect(secret: endpoint.secret)
        return (department, endpoint)
    }

    /// Queues `count` messages for the department's endpoints through the real outbox; returns their ids.
    @discardableResult
    func enqueue(_ count: Int, for department: UUID, at instant: Date? = nil) async throws -> [String] {
        let at = instant ?? now
        try await database.withConnection { connection in
            for n in 0..<count {
                let notification = MinqingCore.Notification(
                    kind: .assignmentCreated, title: "新交办", body: "第\(n)件", data: ["n": .int(n)]
                )
                try await WebhookOutbox.enqueue(notification, departments: [department], now: at, on: connection, logger: logger)
            }
        }
        return try await database.query(
            "SELECT id FROM webhook_messages ORDER BY created_at, (payload->'data'->>'n')::int", logger: logger
        ).map { try $0.decode(String.self) }
    }

    struct MessageRow: Sendable {
        let state: String
        let attempts: Int
        let nextAttemptAt: Date
        let lockedUntil: Date?
        let lastStatus: Int?
        let lastError: String?
        let deliveredAt: Date?
    }

    func message(_ id: String) async throws -> MessageRow {
        let row = try await database.query(
            """
            SELECT state, attempts, next_attempt_at, locked_until, last_status, last_error, delivered_at
            FROM webhook_messages WHERE id = \(id)
            """,
            logger: logger
        )[0]
        let (state, attempts, next, locked, status, error, delivered) =
            try row.decode((String, Int, Date, Date?, Int?, String?, Date?).self)
        return MessageRow(
            state: state, attempts: attempts, nextAttemptAt: next, lockedUntil: locked, lastStatus: status,
            lastError: error, deliveredAt: delivered)
    }

    func attemptStatuses(_ id: String) async throws -> [Int?] {
        try await database.query(
            "SELECT status_code FROM webhook_attempts WHERE message_id = \(id) ORDER BY attempt", logger: logger
        ).map { try $0.decode(Int?.self) }
    }

    func execute(_ sql: PostgresQuery) async throws {
        try await database.query(sql, logger: logger)
    }
}

/// `value` lies in `range` (seconds), with a message naming both.
func expectSeconds(_ value: TimeInterval, in range: ClosedRange<TimeInterval>, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(range.contains(value), "\(value) s is not within \(range)", sourceLocation: sourceLocation)
}

@Suite(.timeLimit(.minutes(2))) struct WebhookDeliveryTests {
    @Test func anEndpointThatResolvesToAnInternalAddressIsNeverPosted() async throws {
        try await WebhookFixture.with { f, receiver in
            let department = try await f.department()
            // registered under a name (allowed then); by delivery time it resolves to this machine
            let port = try #require(URLComponents(string: receiver.url)?.port)
            _ = try await f.endpoints.create(
                departmentID: department.id, url: "http://hooks.example.test:\(port)/hooks", eventTypes: nil, now: f.now)
            let id = try #require(try await f.enqueue(1, for: department.id).first)
            var deliverer = WebhookDeliverer(database: f.database, http: f.http, sealer: f.sealer, logger: f.logger)  // no allow-list
            deliverer.resolve = { _ in [IPAddress("127.0.0.1")!] }
            let report = try await deliverer.deliverDue(now: f.now)
            #expect(report.failed == 1 && report.delivered == 0)
            let row = try await f.message(id)
            #expect(row.state == "failed" && row.lastError?.hasPrefix("refused: 127.0.0.1") == true, "\(row)")
            #expect(receiver.received.isEmpty)
        }
    }

    @Test func retriesReuseTheWebhookIDOnTheScheduleUntilTheReceiverAnswers2xx() async throws {
        try await WebhookFixture.with { f, receiver in
            let (department, endpoint) = try await f.subscribed(receiver)
            let ids = try await f.enqueue(1, for: department.id)
            let id = try #require(ids.first)
            receiver.script([.init(status: 500), .init(status: 500)])

            let first = try await f.deliver(at: f.now)
            #expect(first.claimed == 1 && first.retrying == 1)
            var row = try await f.message(id)
            #expect(row.state == "pending" && row.attempts == 1 && row.lastStatus == 500 && row.lockedUntil == nil)
            expectSeconds(row.nextAttemptAt.timeIntervalSince(f.now), in: 4...8)

            // Not due before its time.
            #expect(try await f.deliver(at: f.now.addingTimeInterval(3)).claimed == 0)

            let second = row.nextAttemptAt
            #expect(try await f.deliver(at: second).retrying == 1)
            row = try await f.message(id)
            #expect(row.attempts == 2)
            expectSeconds(row.nextAttemptAt.timeIntervalSince(second), in: 240...362)

            let third = row.nextAttemptAt
            #expect(try await f.deliver(at: third).delivered == 1)
            row = try await f.message(id)
            #expect(row.state == "delivered" && row.attempts == 3 && row.lastStatus == 200 && row.deliveredAt != nil)
            #expect(try await f.attemptStatuses(id) == [500, 500, 200])

            // Three requests, one webhook-id (the outbox message's), every signature valid, the same body.
            let received = receiver.received
            #expect(received.count == 3)
            #expect(Set(received.map(\.id)) == [id])
            #expect(id.hasPrefix("msg_"))
            #expect(received.allSatisfy { $0.verified })
            #expect(received.allSatisfy { $0.contentType == "application/json" })
            #expect(Set(received.map(\.body)).count == 1)
            // Each attempt is signed with its own time.
            for (request, instant) in zip(received, [f.now, second, third]) {
                expectSeconds(Double(request.timestamp)! - instant.timeIntervalSince1970, in: -1...2)
            }
            let body = try #require(try JSONSerialization.jsonObject(with: Data(received[0].body.utf8)) as? [String: Any])
            #expect(body["type"] as? String == "assignment.created")
            #expect(body["timestamp"] is String)
            #expect((body["data"] as? [String: Any])?["n"] as? Int == 0)

            // The attempts as the API lists them: newest first, in pages.
            let page1 = try await f.endpoints.deliveries(endpoint: endpoint.endpoint.id, page: PageRequest(limit: 2, cursor: nil))
            #expect(page1.items.map(\.statusCode) == [200, 500])
            #expect(page1.items.allSatisfy { $0.messageState == .delivered && $0.eventType == "assignment.created" })
            let page2 = try await f.endpoints.deliveries(
                endpoint: endpoint.endpoint.id,
                page: PageRequest(limit: 2, cursor: page1.nextCursor))
            #expect(page2.items.map(\.attempt) == [1])
            #expect(page2.nextCursor == nil)
        }
    }

    @Test func goneDisablesTheEndpointAndFailsItsPendingMessages() async throws {
        try await WebhookFixture.with { f, receiver in
            let (department, endpoint) = try await f.subscribed(receiver)
            let ids = try await f.enqueue(2, for: department.id)
            try await f.execute("UPDATE webhook_messages SET next_attempt_at = \(f.now.addingTimeInterval(3600)) WHERE id = \(ids[1])")
            receiver.script([.init(status: 410)])

            let report = try await f.deliver(at: f.now)
            #expect(report.claimed == 1 && report.failed == 1)
            #expect(try await f.message(ids[0]).state == "failed")
            let other = try await f.message(ids[1])
            #expect(other.state == "failed" && other.lastError?.contains("410") == true)
            let disabled = try #require(try await f.endpoints.find(endpoint.endpoint.id))
            #expect(!disabled.active)
            #expect(disabled.disabledReason?.contains("410") == true)
            // Still listed (with its reason), and no longer receives anything.
            #expect(try await f.endpoints.list(departmentID: department.id).map(\.id) == [endpoint.endpoint.id])
            try await f.enqueue(1, for: department.id)
            #expect(try await f.deliver(at: f.now.addingTimeInterval(7200)).claimed == 0)
            #expect(receiver.received.count == 1)
        }
    }

    @Test func tooManyRequestsAndUnavailableHonourRetryAfter() async throws {
        try await WebhookFixture.with { f, receiver in
            let (department, _) = try await f.subscribed(receiver)
            let ids = try await f.enqueue(1, for: department.id)
            receiver.script([
                .init(status: 429, headers: [("Retry-After", "120")]),
                .init(status: 503, headers: [("Retry-After", "30")]),
                .init(status: 503),
            ])
            #expect(try await f.deliver(at: f.now).retrying == 1)
            var row = try await f.message(ids[0])
            #expect(row.lastStatus == 429)
            // the wait counts from the response's end, real time after the fixed `at`: slack for a loaded machine
            expectSeconds(row.nextAttemptAt.timeIntervalSince(f.now), in: 120...130)

            var at = row.nextAttemptAt
            #expect(try await f.deliver(at: at).retrying == 1)
            row = try await f.message(ids[0])
            #expect(row.lastStatus == 503)
            expectSeconds(row.nextAttemptAt.timeIntervalSince(at), in: 30...40)

            // Without Retry-After the schedule applies (after attempt 3: 30 min ± 20 %).
            at = row.nextAttemptAt
            #expect(try await f.deliver(at: at).retrying == 1)
            row = try await f.message(ids[0])
            expectSeconds(row.nextAttemptAt.timeIntervalSince(at), in: 1440...2162)
            #expect(try await f.deliver(at: row.nextAttemptAt).delivered == 1)
            #expect(receiver.countsByID == [ids[0]: 4])
        }
    }

    @Test func aMessageClaimedByAWorkerKilledBeforeRecordingIsRedeliveredWithTheSameID() async throws {
        try await WebhookFixture.with { f, receiver in
            let (department, _) = try await f.subscribed(receiver)
            let ids = try await f.enqueue(1, for: department.id)
            // The "killed" worker claims the message and the receiver gets it, but the answer is never recorded.
            let killed = f.deliverer()
            let claimed = try await killed.claim(now: f.now)
            #expect(claimed.map(\.id) == ids)
            _ = await killed.send(claimed[0], at: f.now, logger: f.logger)
            var row = try await f.message(ids[0])
            #expect(row.state == "delivering" && row.attempts == 1)
            #expect(row.lockedUntil == f.now.addingTimeInterval(60))

            // While its lock holds nobody else takes it; once it has expired the message goes out again.
            #expect(try await f.deliver(at: f.now.addingTimeInterval(30)).claimed == 0)
            let report = try await f.deliver(at: f.now.addingTimeInterval(61))
            #expect(report.claimed == 1 && report.delivered == 1)
            row = try await f.message(ids[0])
            #expect(row.state == "delivered" && row.attempts == 2)
            #expect(receiver.countsByID == [ids[0]: 2])
            #expect(receiver.received.allSatisfy { $0.verified })
        }
    }

    @Test func aRowLeftDeliveringWithAnExpiredLockIsClaimedAgain() async throws {
        try await WebhookFixture.with { f, receiver in
            let (department, _) = try await f.subscribed(receiver)
            let ids = try await f.enqueue(1, for: department.id)
            try await f.execute(
                """
                UPDATE webhook_messages SET state = 'delivering', attempts = 1, locked_until = \(f.now.addingTimeInterval(-1))
                WHERE id = \(ids[0])
                """
            )
            #expect(try await f.deliver(at: f.now).delivered == 1)
            #expect(receiver.received.map(\.id) == ids)
            #expect(try await f.message(ids[0]).attempts == 2)
        }
    }

    @Test func concurrentPassesDeliverEachMessageOnce() async throws {
        try await WebhookFixture.with { f, receiver in
            let (department, _) = try await f.subscribed(receiver)
            let ids = try await f.enqueue(40, for: department.id)
            receiver.delayReplies(.milliseconds(20))
            let reports = try await withThrowingTaskGroup(of: WebhookDeliverer.Report.self) { group in
                for _ in 0..<3 { group.addTask { try await f.deliver(at: f.now) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(reports.map(\.delivered).reduce(0, +) == 40)
            #expect(reports.map(\.claimed).reduce(0, +) == 40)
            let counts = receiver.countsByID
            #expect(counts.count == 40)
            #expect(counts.values.allSatisfy { $0 == 1 })
            #expect(Set(counts.keys) == Set(ids))
        }
    }

    @Test func theEighthFailedAttemptFailsTheMessageForGood() async throws {
        try await WebhookFixture.with { f, receiver in
            let (department, _) = try await f.subscribed(receiver)
            let ids = try await f.enqueue(1, for: department.id)
            try await f.execute("UPDATE webhook_messages SET attempts = 7 WHERE id = \(ids[0])")
            receiver.script([], fallback: .init(status: 500))
            #expect(try await f.deliver(at: f.now).failed == 1)
            let row = try await f.message(ids[0])
            #expect(row.state == "failed" && row.attempts == 8 && row.lastError?.hasPrefix("HTTP 500") == true)
            #expect(try await f.deliver(at: f.now.addingTimeInterval(86400 * 2)).claimed == 0)
        }
    }

    @Test func anUnreachableReceiverIsAFailedAttempt() async throws {
        try await WebhookFixture.with { f, receiver in
            let department = try await f.department()
            let closed = try await WebhookTestReceiver.start()
            let url = closed.url
            await closed.shutdown()
            _ = try await f.endpoints.create(departmentID: department.id, url: url, eventTypes: nil, now: f.now)
            let ids = try await f.enqueue(1, for: department.id)
            #expect(try await f.deliver(at: f.now).retrying == 1)
            let row = try await f.message(ids[0])
            #expect(row.lastStatus == nil && row.lastError != nil && row.state == "pending")
            #expect(try await f.attemptStatuses(ids[0]) == [nil])
        }
    }

    @Test func deletedOrDisabledEndpointsReceiveNothingAndRotatedSecretsSignNextAttempts() async throws {
        try await WebhookFixture.with { f, receiver in
            let (department, endpoint) = try await f.subscribed(receiver)
            let ids = try await f.enqueue(2, for: department.id)
            // Deactivated behind the store's back: claimed, failed, never sent.
            try await f.execute("UPDATE webhook_endpoints SET active = false WHERE id = \(endpoint.endpoint.id)")
            #expect(try await f.deliver(at: f.now).failed == 2)
            #expect(receiver.received.isEmpty)
            #expect(try await f.message(ids[0]).lastError == "endpoint disabled")

            // A new endpoint: rotate its secret before anything is sent; deliveries verify with the new one only.
            let second = try await f.endpoints.create(departmentID: department.id, url: receiver.url, eventTypes: nil, now: f.now)
            let rotated = try await f.endpoints.rotateSecret(second.endpoint.id, now: f.now)
            #expect(rotated.secret != second.secret)
            receiver.expect(secret: rotated.secret)
            try await f.enqueue(1, for: department.id, at: f.now.addingTimeInterval(1))
            #expect(try await f.deliver(at: f.now.addingTimeInterval(2)).delivered == 1)
            #expect(receiver.received.count == 1 && receiver.received[0].verified)

            // Deleted: pending messages fail, nothing new is queued, it disappears from the list.
            try await f.execute("UPDATE webhook_endpoints SET active = true, disabled_reason = NULL WHERE id = \(endpoint.endpoint.id)")
            let pending = try await f.enqueue(1, for: department.id, at: f.now.addingTimeInterval(3))
            try await f.endpoints.delete(second.endpoint.id, now: f.now)
            try await f.endpoints.delete(endpoint.endpoint.id, now: f.now)
            #expect(try await f.message(pending.last!).state == "failed")
            #expect(try await f.deliver(at: f.now.addingTimeInterval(10)).claimed == 0)
            #expect(try await f.endpoints.list(departmentID: department.id).isEmpty)
            await #expect(throws: DomainError.self) { try await f.endpoints.delete(second.endpoint.id, now: f.now) }
            await #expect(throws: DomainError.self) { try await f.endpoints.rotateSecret(second.endpoint.id, now: f.now) }
        }
    }
}
