import Foundation
import MinqingCore
import MinqingOpenAPI

extension APIHandler {
    var webhookEndpoints: WebhookEndpointStore {
        WebhookEndpointStore(database: services.database, sealer: services.sealer, logger: logger)
    }

    func listDepartmentWebhooks(
        _ input: Operations.ListDepartmentWebhooks.Input
    ) async throws -> Operations.ListDepartmentWebhooks.Output {
        let id = try await webhookDepartment(input.path.id)
        let endpoints = try await webhookEndpoints.list(departmentID: id)
        return .ok(.init(body: .json(.init(items: endpoints.map(Components.Schemas.WebhookEndpoint.init)))))
    }

    func createDepartmentWebhook(
        _ input: Operations.CreateDepartmentWebhook.Input
    ) async throws -> Operations.CreateDepartmentWebhook.Output {
        let id = try await webhookDepartment(input.path.id)
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        let request = try WebhookEndpointRequest(validating: body)
        let created = try await webhookEndpoints.create(departmentID: id, url: request.url, eventTypes: request.eventTypes, now: now)
        logger.info("webhook endpoint created", metadata: [
            "webhook.endpoint": "\(created.endpoint.id.text)", "department.id": "\(id.text)",
        ])
        return .created(.init(body: .json(.init(created))))
    }

    func listGlobalWebhooks(_ input: Operations.ListGlobalWebhooks.Input) async throws -> Operations.ListGlobalWebhooks.Output {
        _ = try await require(.admin)
        let endpoints = try await webhookEndpoints.list(departmentID: nil)
        return .ok(.init(body: .json(.init(items: endpoints.map(Components.Schemas.WebhookEndpoint.init)))))
    }

    func createGlobalWebhook(_ input: Operations.CreateGlobalWebhook.Input) async throws -> Operations.CreateGlobalWebhook.Output {
        _ = try await require(.admin)
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        let request = try WebhookEndpointRequest(validating: body)
        let created = try await webhookEndpoints.create(departmentID: nil, url: request.url, eventTypes: request.eventTypes, now: now)
        logger.info("global webhook endpoint created", metadata: ["webhook.endpoint": "\(created.endpoint.id.text)"])
        return .created(.init(body: .json(.init(created))))
    }

    func deleteWebhook(_ input: Operations.DeleteWebhook.Input) async throws -> Operations.DeleteWebhook.Output {
        let endpoint = try await managedWebhook(input.path.id)
        try await webhookEndpoints.delete(endpoint.id, now: now)
        logger.info("webhook endpoint deleted", metadata: ["webhook.endpoint": "\(endpoint.id.text)"])
        return .noContent(.init())
    }

    func rotateWebhookSecret(_ input: Operations.RotateWebhookSecret.Input) async throws -> Operations.RotateWebhookSecret.Output {
        let endpoint = try await managedWebhook(input.path.id)
        let rotated = try await webhookEndpoints.rotateSecret(endpoint.id, now: now)
        logger.info("webhook secret rotated", metadata: ["webhook.endpoint": "\(endpoint.id.text)"])
        return .ok(.init(body: .json(.init(rotated))))
    }

    func listWebhookDeliveries(
        _ input: Operations.ListWebhookDeliveries.Input
    ) async throws -> Operations.ListWebhookDeliveries.Output {
        let endpoint = try await managedWebhook(input.path.id)
        let page = try KeysetRequest(limit: input.query.limit, cursor: input.query.cursor, parts: 2)
        let result = try await webhookEndpoints.deliveries(endpoint: endpoint.id, page: page)
        return .ok(.init(body: .json(.init(
            items: try result.items.map(Components.Schemas.WebhookDelivery.init), nextCursor: result.nextCursor
        ))))
    }

    /// The department whose endpoints the caller manages: admins any, a department user only its own
    /// (403 for another department); 404 when there is no such department.
    private func webhookDepartment(_ text: String) async throws -> UUID {
        let caller = try await require(.admin, .department)
        let id = try pathID(text, "Department")
        if caller.role == .department && caller.departmentID != id {
            throw DomainError.forbidden("A department manages only its own webhook endpoints.")
        }
        guard try await departments.find(id) != nil else { throw DomainError.notFound("Department \(text)") }
        return id
    }

    /// An endpoint the caller manages: admins any, a department user only its own department's (403 for
    /// another's or a global one); 404 when there is none or it was deleted.
    private func managedWebhook(_ text: String) async throws -> WebhookEndpoint {
        let caller = try await require(.admin, .department)
        let id = try pathID(text, "Webhook endpoint")
        guard let endpoint = try await webhookEndpoints.find(id), !endpoint.isDeleted else {
            throw DomainError.notFound("Webhook endpoint \(text)")
        }
        if caller.role == .department && (endpoint.departmentID == nil || endpoint.departmentID != caller.departmentID) {
            throw DomainError.forbidden("A department manages only its own webhook endpoints.")
        }
        return endpoint
    }
}
