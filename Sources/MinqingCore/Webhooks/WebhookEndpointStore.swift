import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// Webhook endpoints and their delivery history. Secrets are stored sealed with MINQING_DATA_KEY and
/// shown only when created or rotated.
public struct WebhookEndpointStore: Sendable {
    let database: Database
    let sealer: PersonalDataSealer
    let logger: Logger

    public init(database: Database, sealer: PersonalDataSealer, logger: Logger) {
        self.database = database
        self.sealer = sealer
        self.logger = logger
    }

    static let columns = "id, department_id, url, event_types, active, disabled_reason, created_at, updated_at"

    /// Registers an endpoint; `departmentID` nil makes a global one. Returns the secret once.
    public func create(
        departmentID: UUID?, url: String, eventTypes: [Notification.Kind]?, now: Date
    ) async throws -> WebhookEndpointWithSecret {
        let secret = WebhookSignature.generateSecret()
        let sealed = ByteBuffer(bytes: try sealer.seal(secret))
        let types = eventTypes.map { Self.normalized($0).map(\.rawValue) }
        let rows = try await database.write(
            """
            INSERT INTO webhook_endpoints (department_id, url, event_types, secret_sealed, active, created_at, updated_at)
            VALUES (\(departmentID), \(url), \(types)::text[], \(sealed), true, \(now), \(now))
            RETURNING \(unescaped: Self.columns)
            """,
            logger: logger
        )
        return WebhookEndpointWithSecret(endpoint: try Self.decode(rows[0]), secret: secret)
    }

    /// One endpoint (deleted ones included: callers decide what a deleted endpoint means to them).
    public func find(_ id: UUID) async throws -> WebhookEndpoint? {
        try await database.query("SELECT \(unescaped: Self.columns) FROM webhook_endpoints WHERE id = \(id)", logger: logger)
            .first.map(Self.decode)
    }

    /// The endpoints of a department (nil: the global endpoints), oldest first, without deleted ones;
    /// endpoints disabled by a 410 are listed with their reason.
    public func list(departmentID: UUID?) async throws -> [WebhookEndpoint] {
        let rows = try await database.query(
            """
            SELECT \(unescaped: Self.columns) FROM webhook_endpoints
            WHERE department_id IS NOT DISTINCT FROM \(departmentID)
              AND disabled_reason IS DISTINCT FROM \(WebhookEndpoint.deletedReason)
            ORDER BY created_at, id
            """,
            logger: logger
        )
        return try rows.map(Self.decode)
    }

    /// Deletes an endpoint: it is deactivated (its delivery history stays) and its undelivered messages
    /// fail. 404 when it does not exist or is already deleted.
    public func delete(_ id: UUID, now: Date) async throws {
        try await database.withTransaction(logger: logger) { connection in
            let rows = try await connection.query(
                """
                UPDATE webhook_endpoints SET active = false, disabled_reason = \(WebhookEndpoint.deletedReason), updated_at = \(now)
                WHERE id = \(id) AND disabled_reason IS DISTINCT FROM \(WebhookEndpoint.deletedReason)
                RETURNING id
                """,
                logger: logger
            ).collect()
            guard !rows.isEmpty else { throw DomainError.notFound("Webhook endpoint \(id.uuidString.lowercased())") }
            try await Self.failUndelivered(endpoint: id, reason: "endpoint deleted", on: connection, logger: logger)
        }
    }

    /// Replaces the secret; messages still to be (re)delivered are signed with the new one. Returns it once.
    public func rotateSecret(_ id: UUID, now: Date) async throws -> WebhookEndpointWithSecret {
        let secret = WebhookSignature.generateSecret()
        let sealed = ByteBuffer(bytes: try sealer.seal(secret))
        let rows = try await database.write(
            """
            UPDATE webhook_endpoints SET secret_sealed = \(sealed), updated_at = \(now)
            WHERE id = \(id) AND disabled_reason IS DISTINCT FROM \(WebhookEndpoint.deletedReason)
            RETURNING \(unescaped: Self.columns)
            """,
            logger: logger
        )
        guard let row = rows.first else { throw DomainError.notFound("Webhook endpoint \(id.uuidString.lowercased())") }
        return WebhookEndpointWithSecret(endpoint: try Self.decode(row), secret: secret)
    }

    /// The order of `deliveries`: newest attempt first.
    static let deliveryOrder = Keyset(.init("a.attempted_at", .timestamp, descending: true), .init("a.id", .integer, descending: true))

    /// Delivery attempts to an endpoint, newest first.
    public func deliveries(endpoint id: UUID, page: PageRequest) async throws -> Page<WebhookAttempt> {
        var builder = QueryBuilder(
            """
            SELECT a.id, a.message_id, a.endpoint_id, m.event_type, a.attempt, a.attempted_at, a.status_code, a.error,
                   a.duration_ms, m.state, \(Self.deliveryOrder.columns)
            FROM webhook_attempts a JOIN webhook_messages m ON m.id = a.message_id
            """
        )
        builder.filter(id) { "a.endpoint_id = \($0)" }
        let suffix = try builder.page(page, Self.deliveryOrder)
        let rows = try await database.query(builder.query(suffix: suffix), logger: logger)
        return try Page(rows: rows, limit: page.limit, keyset: Self.deliveryOrder, decode: Self.decodeAttempt)
    }

    /// Fails every message of an endpoint that is not delivered yet (the endpoint was deleted or disabled).
    public static func failUndelivered(endpoint id: UUID, reason: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE webhook_messages SET state = \(WebhookMessageState.failed.rawValue), locked_until = NULL, last_error = \(reason)
            WHERE endpoint_id = \(id) AND state = ANY(\(WebhookMessageState.undelivered.rawValues))
            """,
            logger: logger
        )
    }

    /// Event types in declaration order without duplicates.
    static func normalized(_ kinds: [Notification.Kind]) -> [Notification.Kind] {
        let wanted = Set(kinds)
        return Notification.Kind.allCases.filter(wanted.contains)
    }

    static func decode(_ row: PostgresRow) throws -> WebhookEndpoint {
        let r = row.makeRandomAccess()
        let types: [String]? = try r.value("event_types")
        return WebhookEndpoint(
            id: try r.value("id"), departmentID: try r.value("department_id"), url: try r.value("url"),
            eventTypes: types.map { $0.compactMap(Notification.Kind.init(rawValue:)) },
            active: try r.value("active"), disabledReason: try r.value("disabled_reason"),
            createdAt: try r.value("created_at"), updatedAt: try r.value("updated_at")
        )
    }

    static func decodeAttempt(_ row: PostgresRow) throws -> WebhookAttempt {
        let r = row.makeRandomAccess()
        return WebhookAttempt(
            id: try r.value("id"), messageID: try r.value("message_id"), endpointID: try r.value("endpoint_id"),
            eventType: try r.value("event_type"), attempt: try r.value("attempt"), attemptedAt: try r.value("attempted_at"),
            statusCode: try r.value("status_code"), error: try r.value("error"), durationMs: try r.value("duration_ms"),
            messageState: WebhookMessageState(rawValue: try r.value("state")) ?? .pending
        )
    }
}
