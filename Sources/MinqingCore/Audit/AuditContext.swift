import Foundation
import MinqingRules

/// Who is acting, for the audit trail: bound by the API for a request (a signed-in caller, or a login
/// attempt) and put into every transaction it opens (``Database/withTransaction(logger:_:)``), where the
/// audited tables' triggers read it (migration 0010). Without it (the worker, the command line) nothing is
/// recorded.
public struct AuditContext: Sendable, Equatable {
    public var actorID: UUID?
    public var actorRole: String?
    /// The actor's region (staff and leaders): where an event about an object without a region belongs.
    public var actorRegion: UUID?
    public var clientAddress: String
    public var requestID: String

    public init(actorID: UUID?, actorRole: String?, actorRegion: UUID?, clientAddress: String, requestID: String) {
        self.actorID = actorID
        self.actorRole = actorRole
        self.actorRegion = actorRegion
        self.clientAddress = clientAddress
        self.requestID = requestID
    }

    public init(caller: User?, clientAddress: String, requestID: String) {
        self.init(
            actorID: caller?.id, actorRole: caller?.role.rawValue, actorRegion: caller?.regionID, clientAddress: clientAddress,
            requestID: requestID)
    }

    @TaskLocal public static var current: AuditContext?

    /// The setting's value: a JSON object the triggers read with `->>`.
    var json: String {
        var object: [String: JSONValue] = ["address": .string(clientAddress), "request_id": .string(requestID)]
        if let actorID { object["actor_id"] = .string(actorID.uuidString.lowercased()) }
        if let actorRole { object["actor_role"] = .string(actorRole) }
        if let actorRegion { object["actor_region"] = .string(actorRegion.uuidString.lowercased()) }
        return JSONValue.object(object).text
    }
}
