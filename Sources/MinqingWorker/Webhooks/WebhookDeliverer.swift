import AsyncHTTPClient
import Foundation
import Logging
import MinqingCore
import MinqingRules
import NIOCore
import PostgresNIO

/// One delivery pass over the webhook outbox: claims due messages, POSTs them signed to their endpoints
/// and records every attempt.
///
/// Claiming is by state with `FOR UPDATE SKIP LOCKED` (never an id high-water mark): a message is due
/// when it is pending or delivering, its `next_attempt_at` has come and its lock (if any) has expired.
/// The claim marks it `delivering` and locks it for ``lockDuration``; a worker that dies before recording
/// the answer leaves the lock to expire and the message is sent again with the same `webhook-id`
/// (at-least-once: receivers dedupe on it). An answer is recorded only by the claim that sent it.
public struct WebhookDeliverer: Sendable {
    public struct Report: Sendable, Equatable, CustomStringConvertible {
        public var claimed = 0
        public var delivered = 0
        public var retrying = 0
        public var failed = 0

        public init() {}

        public var description: String {
            "webhooks: claimed \(claimed), delivered \(delivered), retrying \(retrying), failed \(failed)"
        }
    }

    let database: Database
    let http: HTTPClient
    let sealer: PersonalDataSealer
    let logger: Logger
    public var policy: WebhookRetryPolicy = .standard
    /// Messages claimed (and sent concurrently) at a time; small enough that a batch ends well within the lock.
    public var batchSize = 16
    public var lockDuration: TimeInterval = 60
    public var timeout: TimeAmount = .seconds(15)
    /// Which addresses deliveries may go to (`MINQING_WEBHOOK_ALLOWED_NETWORKS`); asked of every address the
    /// endpoint's host resolves to, right before each attempt.
    public var targets = WebhookTargetPolicy()
    /// Name resolution (tests map names to addresses of their choosing).
    public var resolve: @Sendable (String) async throws -> [IPAddress] = HostResolver.addresses(of:)
    /// The jitter draw in -1…1 (tests pin it).
    public var random: @Sendable () -> Double = { Double.random(in: -1...1) }

    public init(
        database: Database, http: HTTPClient, sealer: PersonalDataSealer, targets: WebhookTargetPolicy = WebhookTargetPolicy(),
        logger: Logger
    ) {
        self.database = database
        self.http = http
        self.sealer = sealer
        self.targets = targets
        self.logger = logger
    }

    /// The HTTP client configuration deliveries need: no redirects (a 3xx is a failed attempt).
    public static var httpConfiguration: HTTPClient.Configuration {
        HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(10)))
    }

    /// Delivers every message due at `now`, batch by batch, until none is left. Later instants in the
    /// pass are `now` plus the time elapsed since it began.
    public func deliverDue(now: Date) async throws -> Report {
        let instant = AppClock.starting(at: now).now
        var report = Report()
        for _ in 0..<1000 {
            let batch = try await claim(now: instant())
            report.claimed += batch.count
            let outcomes = await withTaskGroup(of: Outcome.self) { group in
                for message in batch {
                    group.addTask { await deliver(message, instant: instant) }
                }
                return await group.reduce(into: [Outcome]()) { $0.append($1) }
            }
            for outcome in outcomes {
                switch outcome {
                case .delivered: report.delivered += 1
                case .retrying: report.retrying += 1
                case .failed: report.failed += 1
                case .superseded: break
                }
            }
            if batch.count < batchSize { break }
        }
        return report
    }

    // MARK: - Claim

    struct ClaimedMessage: Sendable {
        let id: String
        let endpointID: UUID
        let eventType: String
        let payload: String
        let attempt: Int
        let url: String
        let secretSealed: [UInt8]
        let endpointActive: Bool
    }

    /// One statement: lock due rows (skipping those another worker holds), mark them delivering with a
    /// lock and count the attempt. The CTE is materialized so the locking subquery runs exactly once.
    func claim(now: Date) async throws -> [ClaimedMessage] {
        let lockedUntil = now.addingTimeInterval(lockDuration)
        let rows = try await database.query(
            """
            WITH due AS MATERIALIZED (
                SELECT id FROM webhook_messages
                WHERE state = ANY(\(WebhookMessageState.undelivered.rawValues)) AND next_attempt_at <= \(now)
                  AND (locked_until IS NULL OR locked_until < \(now))
                ORDER BY next_attempt_at
                LIMIT \(batchSize)
                FOR UPDATE SKIP LOCKED
            )
            UPDATE webhook_messages m
            SET state = \(WebhookMessageState.delivering.rawValue), locked_until = \(lockedUntil), attempts = m.attempts + 1
            FROM due, webhook_endpoints e
            WHERE m.id = due.id AND e.id = m.endpoint_id
            RETURNING m.id, m.endpoint_id, m.event_type, m.payload::text AS payload, m.attempts, e.url, e.secret_sealed, e.active
            """,
            logger: logger
        )
        return try rows.map { row in
            let r = row.makeRandomAccess()
            return ClaimedMessage(
                id: try r.value("id"), endpointID: try r.value("endpoint_id"), eventType: try r.value("event_type"),
                payload: try r.value("payload"), attempt: try r.value("attempts"), url: try r.value("url"),
                secretSealed: Array(buffer: try r.value("secret_sealed", as: ByteBuffer.self)), endpointActive: try r.value("active")
            )
        }
    }

    // MARK: - Send and record

    enum Outcome: Sendable { case delivered, retrying, failed, superseded }

    struct Response: Sendable {
        var status: Int?
        var retryAfter: TimeInterval?
        var error: String?
        /// A refusal that no retry changes (the target is not allowed): the message fails at once.
        var permanent = false
    }

    func deliver(_ message: ClaimedMessage, instant: @Sendable () -> Date) async -> Outcome {
        var log = logger
        log[metadataKey: "webhook.id"] = "\(message.id)"
        log[metadataKey: "webhook.endpoint"] = "\(message.endpointID.uuidString.lowercased())"
        do {
            guard message.endpointActive else {
                try await finishWithoutAttempt(message, reason: "endpoint disabled")
                return .failed
            }
            let attemptedAt = instant()
            let clock = ContinuousClock.now
            let response = await send(message, at: attemptedAt, logger: log)
            let elapsed = ContinuousClock.now - clock
            let finished = instant()
            let durationMs = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
            return try await record(
                message, response: response, attemptedAt: attemptedAt, finished: finished,
                durationMs: durationMs, logger: log)
        } catch {
            // The database failed: the lock expires and the message is claimed again.
            log.error("could not record a webhook attempt", metadata: ["error": "\(String(reflecting: error))"])
            return .superseded
        }
    }

    func send(_ message: ClaimedMessage, at attemptedAt: Date, logger: Logger) async -> Response {
        let body = Array(message.payload.utf8)
        let timestamp = Int64(attemptedAt.timeIntervalSince1970.rounded(.down))
        let headers: [(String, String)]
        do {
            headers = try WebhookSignature.headers(
                id: message.id, timestamp: timestamp, body: body, secret: try sealer.open(message.secretSealed)
            )
        } catch {
            return Response(error: "cannot open the endpoint secret (was MINQING_DATA_KEY changed?)")
        }
        if let refusal = await targetRefusal(message.url) {
            return Response(error: "refused: \(refusal)", permanent: true)
        }
        var request = HTTPClientRequest(url: message.url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "user-agent", value: "minqing-webhooks/1")
        for (name, value) in headers {
            request.headers.add(name: name, value: value)
        }
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await http.execute(request, timeout: timeout, logger: logger)
            let status = Int(response.status.code)
            var snippet = ""
            if !(200..<300).contains(status) {
                snippet = await Self.prefix(of: response.body, bytes: 300)
            }
            var result = Response(status: status)
            if status == 429 || status == 503 {
                result.retryAfter = response.headers.first(name: "retry-after").flatMap { Self.retryAfter($0, now: attemptedAt) }
            }
            if !(200..<300).contains(status) {
                result.error = "HTTP \(status)" + (snippet.isEmpty ? "" : ": \(snippet)")
            }
            return result
        } catch {
            return Response(error: String(String(describing: error).prefix(500)))
        }
    }

    /// Why the URL's host may not be delivered to now: an internal address, written or resolved (a name is
    /// resolved afresh before every attempt, so a record changed after registration is caught too).
    func targetRefusal(_ url: String) async -> String? {
        guard let host = URLComponents(string: url)?.host, !host.isEmpty else { return "the URL has no host" }
        if let refusal = targets.refusal(host: host) { return refusal }
        guard IPAddress(host) == nil else { return nil }  // an address literal: judged just above
        // unresolvable: left to the attempt, which then fails as a connection error
        guard let addresses = try? await resolve(host) else { return nil }
        return addresses.lazy.compactMap(targets.refusal(address:)).first
    }

    /// Writes the attempt and moves the message on, in one transaction. The message row changes only if
    /// this claim still holds it (state delivering with this attempt number).
    func record(
        _ message: ClaimedMessage, response: Response, attemptedAt: Date, finished: Date, durationMs: Int, logger: Logger
    ) async throws -> Outcome {
        let succeeded = response.status.map { (200..<300).contains($0) } ?? false
        let gone = response.status == 410 || response.permanent
        var outcome: Outcome
        var nextAttempt: Date?
        if succeeded {
            outcome = .delivered
        } else if gone {
            outcome = .failed
        } else if message.attempt >= policy.maxAttempts {
            outcome = .failed
        } else if let retryAfter = response.retryAfter {
            outcome = .retrying
            nextAttempt = finished.addingTimeInterval(retryAfter)
        } else if let delay = policy.delay(afterAttempt: message.attempt, random: random()) {
            outcome = .retrying
            nextAttempt = finished.addingTimeInterval(delay)
        } else {
            outcome = .failed
        }
        let state: WebhookMessageState =
            switch outcome {
            case .delivered: .delivered
            case .retrying: .pending
            default: .failed
            }
        let applied = try await database.withTransaction(logger: logger) { connection in
            try await connection.query(
                """
                INSERT INTO webhook_attempts (message_id, endpoint_id, attempt, attempted_at, status_code, error, duration_ms)
                VALUES (\(message.id), \(message.endpointID), \(message.attempt), \(attemptedAt), \(response.status),
                        \(response.error), \(durationMs))
                """,
                logger: logger
            )
            let rows = try await connection.query(
                """
                UPDATE webhook_messages SET
                    state = \(state.rawValue), locked_until = NULL, last_status = \(response.status), last_error = \(response.error),
                    next_attempt_at = COALESCE(\(nextAttempt), next_attempt_at),
                    delivered_at = CASE WHEN \(succeeded) THEN \(finished) ELSE delivered_at END
                WHERE id = \(message.id) AND state = \(WebhookMessageState.delivering.rawValue) AND attempts = \(message.attempt)
                RETURNING id
                """,
                logger: logger
            ).collect()
            if gone {
                let reason = "the receiver answered 410 Gone at \(finished.formatted(.iso8601))"
                try await connection.query(
                    """
                    UPDATE webhook_endpoints SET active = false, disabled_reason = \(reason), updated_at = \(finished)
                    WHERE id = \(message.endpointID) AND active
                    """,
                    logger: logger
                )
                try await WebhookEndpointStore.failUndelivered(
                    endpoint: message.endpointID, reason: "endpoint disabled: 410 Gone", on: connection, logger: logger
                )
            }
            return !rows.isEmpty
        }
        guard applied else {
            logger.warning(
                "webhook message changed while this attempt ran (reclaimed after its lock expired, or its endpoint was deleted); the answer is kept in the attempts only"
            )
            return .superseded
        }
        switch outcome {
        case .delivered:
            logger.debug("webhook delivered", metadata: ["webhook.attempt": "\(message.attempt)"])
        case .retrying:
            logger.info(
                "webhook attempt failed; retrying",
                metadata: [
                    "webhook.attempt": "\(message.attempt)", "webhook.error": "\(response.error ?? "-")",
                    "webhook.next_attempt_at": "\(nextAttempt?.formatted(.iso8601) ?? "-")",
                ])
        default:
            logger.warning(
                gone ? "webhook endpoint answered 410 Gone; disabled" : "webhook failed for good",
                metadata: [
                    "webhook.attempt": "\(message.attempt)", "webhook.error": "\(response.error ?? "-")",
                ])
        }
        return outcome
    }

    /// A claimed message whose endpoint is no longer active fails without being sent.
    func finishWithoutAttempt(_ message: ClaimedMessage, reason: String) async throws {
        try await database.query(
            """
            UPDATE webhook_messages SET state = \(WebhookMessageState.failed.rawValue), locked_until = NULL, last_error = \(reason)
            WHERE id = \(message.id) AND state = \(WebhookMessageState.delivering.rawValue) AND attempts = \(message.attempt)
            """,
            logger: logger
        )
    }

    /// `Retry-After` in seconds, or an HTTP date; nil when unreadable.
    static func retryAfter(_ value: String, now: Date) -> TimeInterval? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(text) { return seconds >= 0 ? TimeInterval(seconds) : nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: text) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }

    /// The first `bytes` of a response body as text (the rest is discarded).
    static func prefix(of body: HTTPClientResponse.Body, bytes: Int) async -> String {
        var collected: [UInt8] = []
        do {
            for try await chunk in body {
                collected.append(contentsOf: chunk.readableBytesView.prefix(bytes - collected.count))
                if collected.count >= bytes { break }
            }
        } catch {}
        return String(decoding: collected, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
