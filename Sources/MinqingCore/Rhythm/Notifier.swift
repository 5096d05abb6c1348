import Foundation
import Logging
import PostgresNIO

/// Delivers a notification inside the caller's transaction: one inbox row per recipient user and one
/// webhook outbox message per matching active endpoint (the department's, and every global one).
public enum Notifier {
    @discardableResult
    public static func notify(
        _ notification: Notification, to recipients: Set<Recipients>, now: Date, on connection: PostgresConnection, logger: Logger
    ) async throws -> Int {
        let data = JSONValue.object(notification.data).text
        var departments: [UUID] = [], representatives: [UUID] = [], regions: [UUID] = [], led: [UUID] = []
        var admins = false
        for recipient in recipients {
            switch recipient {
            case .department(let id): departments.append(id)
            case .representative(let id): representatives.append(id)
            case .admins: admins = true
            case .regionStaff(let id): regions.append(id)
            case .regionLeaders(let id): led.append(id)
            }
        }
        let inserted = try await connection.query(
            """
            INSERT INTO notifications (recipient_user_id, type, title, body, data, created_at)
            SELECT u.id, \(notification.kind.rawValue), \(notification.title), \(notification.body), \(data)::jsonb, \(now)
            FROM users u
            WHERE u.active AND (u.department_id = ANY(\(departments)::uuid[]) OR u.representative_id = ANY(\(representatives)::uuid[])
                  OR (\(admins) AND u.role = 'admin') OR (u.role = 'staff' AND u.region_id = ANY(\(regions)::uuid[]))
                  OR (u.role = 'leader' AND u.region_id = ANY(\(led)::uuid[])))
            RETURNING 1
            """,
            logger: logger
        ).collect().count
        try await WebhookOutbox.enqueue(notification, departments: departments, now: now, on: connection, logger: logger)
        return inserted
    }
}
