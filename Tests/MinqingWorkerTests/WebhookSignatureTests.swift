import Foundation
import MinqingCore
import Testing

@testable import MinqingWorker

@Suite struct WebhookSignatureTests {
    // The published test vector of the Standard Webhooks specification.
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    let id = "msg_p5jXN8AQM9LWM0D4loKWxJek"
    let timestamp: Int64 = 1_614_265_330
    let payload = #"{"test": 2432232314}"#
    let expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="

    @Test func signsTheSpecificationsTestVector() throws {
        #expect(try WebhookSignature.sign(id: id, timestamp: timestamp, body: Array(payload.utf8), secret: secret) == expected)
        let headers = try WebhookSignature.headers(id: id, timestamp: timestamp, body: Array(payload.utf8), secret: secret)
        #expect(headers.map(\.0) == ["webhook-id", "webhook-timestamp", "webhook-signature"])
        #expect(headers.map(\.1) == [id, "1614265330", expected])
    }

    @Test func verifiesAndRejects() {
        let body = Array(payload.utf8)
        #expect(WebhookSignature.verify(id: id, timestamp: "1614265330", body: body, signatures: expected, secret: secret))
        // Several signatures (during a rotation), one of them right.
        #expect(
            WebhookSignature.verify(
                id: id, timestamp: "1614265330", body: body,
                signatures: "v1,Zm9vYmFy \(expected)", secret: secret))
        #expect(!WebhookSignature.verify(id: id, timestamp: "1614265331", body: body, signatures: expected, secret: secret))
        #expect(!WebhookSignature.verify(id: "msg_other", timestamp: "1614265330", body: body, signatures: expected, secret: secret))
        #expect(
            !WebhookSignature.verify(
                id: id, timestamp: "1614265330", body: Array(#"{"test": 2432232315}"#.utf8),
                signatures: expected, secret: secret))
        #expect(
            !WebhookSignature.verify(
                id: id, timestamp: "1614265330", body: body, signatures: expected,
                secret: WebhookSignature.generateSecret()))
        // With a clock: a timestamp more than five minutes away is refused (replay protection).
        let sent = Date(timeIntervalSince1970: 1_614_265_330)
        #expect(
            WebhookSignature.verify(
                id: id, timestamp: "1614265330", body: body, signatures: expected, secret: secret,
                now: sent.addingTimeInterval(299)))
        #expect(
            !WebhookSignature.verify(
                id: id, timestamp: "1614265330", body: body, signatures: expected, secret: secret,
                now: sent.addingTimeInterval(301)))
    }

    @Test func generatedSecretsAreWhsecWith24RandomBytes() throws {
        let a = WebhookSignature.generateSecret(), b = WebhookSignature.generateSecret()
        #expect(a != b)
        #expect(a.hasPrefix("whsec_"))
        #expect(Data(base64Encoded: String(a.dropFirst(6)))?.count == 24)
        #expect(throws: WebhookSignature.InvalidSecret.self) { try WebhookSignature.key(of: "whsec_not base64!") }
    }

    @Test func retryScheduleFollowsStandardWebhooksWithTwentyPercentJitter() {
        let policy = WebhookRetryPolicy.standard
        #expect(policy.maxAttempts == 8)
        let nominal: [TimeInterval] = [5, 300, 1800, 7200, 18000, 36000, 36000]
        for (index, delay) in nominal.enumerated() {
            #expect(policy.delay(afterAttempt: index + 1, random: 0) == delay)
            #expect(policy.delay(afterAttempt: index + 1, random: -1) == delay * 0.8)
            #expect(policy.delay(afterAttempt: index + 1, random: 1) == delay * 1.2)
        }
        #expect(policy.delay(afterAttempt: 8, random: 0) == nil)
    }

    @Test func readsRetryAfterInSecondsOrAsAnHTTPDate() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(WebhookDeliverer.retryAfter("120", now: now) == 120)
        #expect(WebhookDeliverer.retryAfter(" 0 ", now: now) == 0)
        #expect(WebhookDeliverer.retryAfter("-5", now: now) == nil)
        #expect(WebhookDeliverer.retryAfter("soon", now: now) == nil)
        // 1_700_000_000 is Tue, 14 Nov 2023 22:13:20 GMT.
        #expect(WebhookDeliverer.retryAfter("Tue, 14 Nov 2023 22:15:20 GMT", now: now) == 120)
    }
}
