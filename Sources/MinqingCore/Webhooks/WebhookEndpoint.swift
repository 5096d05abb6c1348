import Foundation

/// A receiver of signed webhooks: a department's system, or (no department) a global endpoint for admins
/// that receives every event.
public struct WebhookEndpoint: Sendable, Equatable {
    public var id: UUID
    /// nil: a global endpoint.
    public var departmentID: UUID?
    public var url: String
    /// nil: every event type.
    public var eventTypes: [Notification.Kind]?
    public var active: Bool
    /// Why it is inactive: deleted by a user, or disabled because the receiver answered 410 Gone.
    public var disabledReason: String?
    public var createdAt: Date
    public var updatedAt: Date

    /// The `disabled_reason` of an endpoint deleted through the API (it is kept for its delivery history).
    public static let deletedReason = "deleted"

    public var isDeleted: Bool { !active && disabledReason == Self.deletedReason }
}

/// An endpoint with its secret, returned once when the endpoint is created or its secret rotated.
public struct WebhookEndpointWithSecret: Sendable {
    public var endpoint: WebhookEndpoint
    public var secret: String
}

/// State of an outbox message.
public enum WebhookMessageState: String, Sendable, CaseIterable {
    case pending, delivering, delivered, failed

    /// Still to be delivered: what the worker claims (the partial index `webhook_messages_due` is on this set).
    public static let undelivered: Set<WebhookMessageState> = [.pending, .delivering]
}

/// One delivery attempt of an outbox message to an endpoint.
public struct WebhookAttempt: Sendable, Equatable {
    public var id: Int64
    public var messageID: String
    public var endpointID: UUID
    public var eventType: String
    public var attempt: Int
    public var attemptedAt: Date
    /// The receiver's HTTP status; nil when no response came (timeout, connection refused…).
    public var statusCode: Int?
    public var error: String?
    public var durationMs: Int
    /// The message's state now (delivered, or still being retried, or failed for good).
    public var messageState: WebhookMessageState
}
