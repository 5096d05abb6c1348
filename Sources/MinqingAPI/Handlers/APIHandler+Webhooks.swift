import Foundation
import MinqingCore
import MinqingOpenAPI
import MinqingRules

extension APIHandler {
    var webhookEndpoints: WebhookEndpointStore {
        WebhookEndpointStore(database: services.database, sealer: services.sealer, logger: logger)
    }

    func listDepartmentWebhooks(
        _ input: Operations.ListDepartmentWebhooks.Input
    ) async throws -> Operations.ListDepartmentWebhooks.Output {
        let id = try webhookDepartment(input.path.id)
        let endpoints = try await webhookEndpoints.list(departmentID: id)
        return .ok(.init(body: .json(.init(items: endpoints.map(Components.Schemas.WebhookEndpoint.init)))))
    }

    func createDepartmentWebhook(
        _ input: Operations.CreateDepartmentWebhook.Input
    ) async throws -> Operations.CreateDepartmentWebhook.Output {
        let id = try webhookDepartment(input.path.id)
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        let request = try WebhookEndpointRequest(validating: body, targets: services.config.webhookTargets)
        let created = try await webhookEndpoints.create(departmentID: id, url: request.url, eventTypes: request.eventTypes, now: now)
        logger.info(
            "webhook endpoint created",
            metadata: [
                "webhook.endpoint": "\(created.endpoint.id.text)", "department.id": "\(id.text)",
            ])
        return .created(.init(body: .json(.init(created))))
    }

    func listGlobalWebhooks(_ input: Operations.ListGlobalWebhooks.Input) async throws -> Operations.ListGlobalWebhooks.Output {
        let endpoints = try await webhookEndpoints.list(departmentID: nil)
        return .ok(.init(body: .json(.init(items: endpoints.map(Components.Schemas.WebhookEndpoint.init)))))
    }

    func createGlobalWebhook(_ input: Operations.CreateGlobalWebhook.Input) async throws -> Operations.CreateGlobalWebhook.Output {
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        let request = try WebhookEndpointRequest(validating: body, targets: services.config.webhookTargets)
        let created = try await webhookEndpoints.create(departmentID: nil, url: request.url, eventTypes: request.eventTypes, now: now)
        logger.info("global webhook endpoint created", metadata: ["webhook.endpoint": "\(created.endpoint.id.text)"])
        return .created(.init(body: .json(.init(created))))
    }

    func deleteWebhook(_ input: Operations.DeleteWebhook.Input) async throws -> Operations.DeleteWebhook.Output {
        let endpoint = try managedWebhook(input.path.id)
        try await webhookEndpoints.delete(endpoint, now: now)
        logger.info("webhook endpoint deleted", metadata: ["webhook.endpoint": "\(endpoint.text)"])
        return .noContent(.init())
    }

    func rotateWebhookSecret(_ input: Operations.RotateWebhookSecret.Input) async throws -> Operations.RotateWebhookSecret.Output {
        let endpoint = try managedWebhook(input.path.id)
        let rotated = try await webhookEndpoints.rotateSecret(endpoint, now: now)
        logger.info("webhook secret rotated", metadata: ["webhook.endpoint": "\(endpoint.text)"])
        return .ok(.init(body: .json(.init(rotated))))
    }

    func listWebhookDeliveries(
        _ input: Operations.ListWebhookDeliveries.Input
    ) async throws -> Operations.ListWebhookDeliveries.Output {
        let endpoint = try managedWebhook(input.path.id)
        let page = try PageRequest(limit: input.query.limit, cursor: input.query.cursor)
        let result = try await webhookEndpoints.deliveries(endpoint: endpoint, page: page)
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: try result.items.map(Components.Schemas.WebhookDelivery.init), nextCursor: result.nextCursor
                    ))))
    }

    /// The department whose endpoints the caller manages: ``AuthorizationMiddleware`` found it within his reach.
    private func webhookDepartment(_ text: String) throws -> UUID {
        try pathID(text, "Department")
    }

    /// An endpoint the caller manages: ``AuthorizationMiddleware`` found it, not deleted, within his reach.
    private func managedWebhook(_ text: String) throws -> UUID {
        try pathID(text, "Webhook endpoint")
    }
}
