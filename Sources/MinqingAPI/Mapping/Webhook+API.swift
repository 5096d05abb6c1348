import Foundation
import MinqingCore
import MinqingOpenAPI
import MinqingRules

extension Components.Schemas.WebhookEndpoint {
    init(_ endpoint: WebhookEndpoint) {
        self.init(
            id: endpoint.id.text, departmentId: endpoint.departmentID?.text, url: endpoint.url,
            eventTypes: endpoint.eventTypes?.compactMap { .init(rawValue: $0.rawValue) }, active: endpoint.active,
            disabledReason: endpoint.disabledReason, createdAt: endpoint.createdAt, updatedAt: endpoint.updatedAt
        )
    }
}

extension Components.Schemas.WebhookEndpointWithSecret {
    init(_ created: WebhookEndpointWithSecret) {
        let endpoint = created.endpoint
        self.init(
            id: endpoint.id.text, departmentId: endpoint.departmentID?.text, url: endpoint.url,
            eventTypes: endpoint.eventTypes?.compactMap { .init(rawValue: $0.rawValue) }, active: endpoint.active,
            disabledReason: endpoint.disabledReason, createdAt: endpoint.createdAt, updatedAt: endpoint.updatedAt,
            secret: created.secret
        )
    }
}

extension Components.Schemas.WebhookDelivery {
    init(_ attempt: WebhookAttempt) throws {
        guard let type = Components.Schemas.NotificationType(rawValue: attempt.eventType) else {
            throw UnknownEventType(value: attempt.eventType)
        }
        self.init(
            id: attempt.id, messageId: attempt.messageID, eventType: type, attempt: attempt.attempt,
            attemptedAt: attempt.attemptedAt, statusCode: attempt.statusCode, error: attempt.error,
            durationMs: attempt.durationMs, messageState: .init(rawValue: attempt.messageState.rawValue)!
        )
    }
}

extension Components.Schemas.Notification {
    init(_ notification: InboxNotification) throws {
        guard let type = Components.Schemas.NotificationType(rawValue: notification.type) else {
            throw UnknownEventType(value: notification.type)
        }
        self.init(
            id: notification.id.text, _type: type, title: notification.title, body: notification.body,
            data: try JSONDecoder().decode(DataPayload.self, from: Data(notification.dataJSON.utf8)),
            createdAt: notification.createdAt, read: notification.readAt != nil, readAt: notification.readAt
        )
    }
}

/// A stored event type that openapi.yaml's NotificationType does not list (the enum and
/// `Notification.Kind` must grow together).
struct UnknownEventType: Error, CustomStringConvertible {
    let value: String
    var description: String { "event type '\(value)' is missing from NotificationType in openapi.yaml" }
}

/// The validated body of POST …/webhooks.
struct WebhookEndpointRequest {
    let url: String
    let eventTypes: [MinqingCore.Notification.Kind]?

    init(validating input: Components.Schemas.WebhookEndpointInput, targets: WebhookTargetPolicy) throws {
        var v = FieldValidator()
        var url: String?
        if input.url.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            v.add("url", "must not be empty")
        } else {
            url = v.url(input.url, "url", max: 2000)
            if let text = url, let parsed = URLComponents(string: text), parsed.user != nil || parsed.password != nil {
                v.add("url", "must not contain a user name or password")
                url = nil
            } else if let text = url, let host = URLComponents(string: text)?.host, let refusal = targets.refusal(host: host) {
                v.add("url", refusal)
                url = nil
            }
        }
        var kinds: [MinqingCore.Notification.Kind]?
        if let types = input.eventTypes {
            if types.isEmpty { v.add("event_types", "must list at least one event type, or be left out for every event") }
            kinds = []
            for (index, type) in types.enumerated() {
                if let kind = MinqingCore.Notification.Kind(rawValue: type.rawValue) {
                    kinds?.append(kind)
                } else {
                    v.add("event_types[\(index)]", "is not an event type")
                }
            }
        }
        try v.check()
        self.url = url ?? ""
        self.eventTypes = kinds
    }
}
