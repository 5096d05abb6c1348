import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// One recorded write or login (see migration 0010: the triggers write them, nothing changes them).
public struct AuditEvent: Sendable {
    public var id: Int64
    public var at: Date
    public var actorID: UUID?
    public var actorRole: String?
    public var action: String
    public var objectType: String
    public var objectID: String?
    /// The created row or the changed columns, as JSON text, never with a secret column.
    public var summary: String
    public var clientAddress: String?
    public var requestID: String?
    public var regionID: UUID?
}

/// Reads the audit trail within a caller's scope.
public struct AuditStore: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    public struct Filter: Sendable {
        public var actorID: UUID?
        public var objectID: String?
        public var action: String?
        public var from: Date?
        public var to: Date?

        public init(actorID: UUID? = nil, objectID: String? = nil, action: String? = nil, from: Date? = nil, to: Date? = nil) {
            self.actorID = actorID
            self.objectID = objectID
            self.action = action
            self.from = from
            self.to = to
        }
    }

    /// Newest first; the id breaks ties.
    static let order = Keyset(.init("e.at", .timestamp, descending: true), .init("e.id", .integer, descending: true))

    /// A region's staff read the events about its subtree; other scopes than everything read none.
    public func list(_ filter: Filter, scope: AccessScope, page: PageRequest) async throws -> Page<AuditEvent> {
        var builder = QueryBuilder(
            """
            SELECT e.id, e.at, e.actor_id, e.actor_role, e.action, e.object_type, e.object_id, e.summary::text AS summary,
                   e.client_address, e.request_id, e.region_id, \(Self.order.columns)
            FROM audit_events e
            """)
        builder.filter(filter.actorID) { "e.actor_id = \($0)" }
        builder.filter(filter.objectID) { "e.object_id = \($0)" }
        builder.filter(filter.action) { "e.action = \($0)" }
        builder.filter(filter.from) { "e.at >= \($0)" }
        builder.filter(filter.to) { "e.at < \($0)" }
        if let region = scope.region {
            builder.condition(RegionStore.subtree("e.region_id", of: builder.bind(region)))
        } else if !scope.isEverything {
            builder.condition("false")
        }
        let suffix = try builder.page(page, Self.order)
        let rows = try await database.query(builder.query(suffix: suffix), logger: logger)
        return try Page(rows: rows, limit: page.limit, keyset: Self.order) { row in
            let r = row.makeRandomAccess()
            return AuditEvent(
                id: try r.value("id"), at: try r.value("at"), actorID: try r.value("actor_id"), actorRole: try r.value("actor_role"),
                action: try r.value("action"), objectType: try r.value("object_type"), objectID: try r.value("object_id"),
                summary: try r.value("summary"), clientAddress: try r.value("client_address"), requestID: try r.value("request_id"),
                regionID: try r.value("region_id"))
        }
    }
}
