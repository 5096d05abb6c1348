import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// Reads filings made through the Open311 facade, as GeoReport v2 reports them.
public struct Open311RequestStore: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Newest first. Receipt numbers override every other filter, as the standard says.
    public func list(_ filter: Open311RequestFilter) async throws -> [Open311Request] {
        var q = QueryBuilder("")
        q.base = Self.select
        q.condition("s.open311_key_id IS NOT NULL")
        q.filter(filter.keyID) { "s.open311_key_id = \($0)" }
        if let receipts = filter.receiptNos {
            q.filter(receipts) { "s.receipt_no = ANY(\($0))" }
        } else {
            q.filter(filter.categories) { "s.category = ANY(\($0))" }
            q.filter(filter.statuses.map { $0.flatMap(\.submissionStatuses).map(\.rawValue) }) {
                "coalesce(p.status, s.status) = ANY(\($0))"
            }
            q.filter(filter.window.lowerBound) { "s.created_at >= \($0)" }
            q.filter(filter.window.upperBound) { "s.created_at <= \($0)" }
        }
        let suffix = "ORDER BY s.created_at DESC, s.id DESC LIMIT \(filter.limit) OFFSET \(filter.offset)"
        return try await database.query(q.query(suffix: suffix), logger: logger).map(Self.decode)
    }

    /// One filing of the key (nil: of any key) by its receipt number.
    public func find(_ receiptNo: String, key: UUID?) async throws -> Open311Request? {
        try await list(Open311RequestFilter(keyID: key, receiptNos: [receiptNo], window: Date.distantPast...Date.distantFuture)).first
    }

    /// `h` is the item that is handled: the submission itself, or the one it was merged into.
    static let select = """
        SELECT s.receipt_no, s.kind, coalesce(p.status, s.status) AS status, s.status AS own_status, s.category,
               c.name AS category_name, s.content, d.name AS agency, s.created_at,
               greatest(s.updated_at, p.updated_at) AS updated_at, a.due_at, s.location_address, s.latitude, s.longitude,
               s.media_url, s.open311_key_id, r.text AS reply, coalesce(p.close_reason, s.close_reason) AS close_reason,
               (SELECT e.note FROM timeline_events e WHERE e.submission_id = s.id AND e.action = 'rejected'
                ORDER BY e.id DESC LIMIT 1) AS rejection, p.receipt_no AS merged_into
        FROM submissions s
        LEFT JOIN submissions p ON p.id = s.merged_into
        JOIN categories c ON c.code = s.category
        LEFT JOIN departments d ON d.id = coalesce(p.lead_department_id, s.lead_department_id)
        LEFT JOIN LATERAL (
            SELECT x.due_at FROM assignments x
            WHERE x.submission_id = coalesce(p.id, s.id) AND x.role = 'lead' AND x.round = coalesce(p.round, s.round)
            ORDER BY x.assigned_at DESC LIMIT 1) a ON true
        LEFT JOIN LATERAL (
            SELECT y.text FROM replies y WHERE y.submission_id = coalesce(p.id, s.id) ORDER BY y.created_at DESC, y.id DESC LIMIT 1
        ) r ON true
        """

    static func decode(_ row: PostgresRow) throws -> Open311Request {
        let r = row.makeRandomAccess()
        let status = SubmissionStatus(rawValue: try r.value("status")) ?? .submitted
        return Open311Request(
            receiptNo: try r.value("receipt_no"), kind: SubmissionKind(rawValue: try r.value("kind")) ?? .opinion, status: status,
            ownStatus: SubmissionStatus(rawValue: try r.value("own_status")) ?? status, category: try r.value("category"),
            categoryName: try r.value("category_name"), description: try r.value("content"), agency: try r.value("agency"),
            requestedAt: try r.value("created_at"), updatedAt: try r.value("updated_at"), expectedAt: try r.value("due_at"),
            address: try r.value("location_address"), latitude: try r.value("latitude"), longitude: try r.value("longitude"),
            mediaURL: try r.value("media_url"), keyID: try r.value("open311_key_id"), latestReply: try r.value("reply"),
            closeReason: try r.value("close_reason"), rejectionNote: try r.value("rejection"), mergedInto: try r.value("merged_into"))
    }
}
