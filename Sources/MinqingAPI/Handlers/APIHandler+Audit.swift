import Foundation
import MinqingCore
import MinqingOpenAPI
import MinqingRules
import OpenAPIRuntime

extension APIHandler {
    func listAuditEvents(_ input: Operations.ListAuditEvents.Input) async throws -> Operations.ListAuditEvents.Output {
        let q = input.query
        let page = try PageRequest(limit: q.limit, cursor: q.cursor)
        var v = FieldValidator()
        let filter = AuditStore.Filter(
            actorID: v.id(q.actorId, "actor_id"), objectID: v.optional(q.objectId, "object_id", max: 200),
            action: v.optional(q.action, "action", max: 100), from: q.from, to: q.to)
        try v.check()
        let result = try await AuditStore(database: services.database, logger: logger).list(filter, scope: try scope, page: page)
        let items = try result.items.map { event in
            Components.Schemas.AuditEvent(
                id: Int(event.id), at: event.at, actorId: event.actorID?.text, actorRole: event.actorRole, action: event.action,
                objectType: event.objectType, objectId: event.objectID,
                summary: try JSONDecoder().decode(Components.Schemas.AuditEvent.SummaryPayload.self, from: Data(event.summary.utf8)),
                clientAddress: event.clientAddress, requestId: event.requestID, regionId: event.regionID?.text)
        }
        return .ok(.init(body: .json(.init(items: items, nextCursor: result.nextCursor))))
    }
}
