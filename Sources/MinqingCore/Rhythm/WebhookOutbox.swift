import Foundation
import Logging
import PostgresNIO

/// The transactional outbox of webhook messages; the worker delivers them (MinqingWorker/Webhooks).
public enum WebhookOutbox {
    /// Queues one message per active endpoint of the departments (and every global endpoint) that
    /// subscribes to the notification's type. The body is `{type, timestamp, data}`.
    public static func enqueue(
        _ notification: Notification, departments: [UUID], now: Date, on connection: PostgresConnection, logger: Logger
    ) async throws {
        let body: [String: JSONValue] = [
            "type": .string(notification.kind.rawValue), "timestamp": .date(now), "data": .object(notification.data),
        ]
        let payload = JSONValue.object(body).text
        try await connection.query(
            """
            INSERT INTO webhook_messages (id, endpoint_id, event_type, payload, next_attempt_at, created_at)
            SELECT 'msg_' || replace(gen_random_uuid()::text, '-', ''), e.id, \(notification.kind.rawValue), \(payload)::jsonb,
                   \(now), \(now)
            FROM webhook_endpoints e
            WHERE e.active AND (e.department_id IS NULL OR e.department_id = ANY(\(departments)::uuid[]))
              AND (e.event_types IS NULL OR \(notification.kind.rawValue) = ANY(e.event_types))
            """,
            logger: logger
        )
    }
}
