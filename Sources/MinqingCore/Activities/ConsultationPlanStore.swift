import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// Consultation plans in PostgreSQL: one row per item, the plan being a region's items of a year.
public struct ConsultationPlanStore: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// The plan as stored (no items yet: an empty plan).
    public func find(region: UUID, year: Int) async throws -> ConsultationPlan {
        try await database.withConnection { connection in try await Self.read(region: region, year: year, on: connection, logger: logger) }
    }

    /// Replaces the plan's items in one transaction: named ids are kept and changed, new entries added, the
    /// rest removed — unless an activity took one up (409 `plan_item_in_use`). An id of another plan is 422.
    public func replace(region: UUID, year: Int, with entries: [ConsultationPlanEntry], now: Date) async throws -> ConsultationPlan {
        try await database.withTransaction(logger: logger) { connection in
            // one writer per plan at a time
            try await connection.query(
                "SELECT pg_advisory_xact_lock(hashtextextended(\("plan:\(region.uuidString.lowercased()):\(year)"), 0))", logger: logger)
            let existing = Set(
                try await connection.query(
                    "SELECT id FROM consultation_plan_items WHERE region_id = \(region) AND year = \(year)", logger: logger
                ).collect().map { try $0.decode(UUID.self) })
            if let index = entries.firstIndex(where: { $0.id.map { !existing.contains($0) } ?? false }) {
                throw DomainError.invalid("items[\(index)].id", "is not an item of this plan")
            }
            let kept = Set(entries.compactMap(\.id))
            let removed = Array(existing.subtracting(kept))
            if !removed.isEmpty {
                let used = try await connection.query(
                    "SELECT p.topic FROM activities v JOIN consultation_plan_items p ON p.id = v.plan_item_id WHERE v.plan_item_id = ANY(\(removed)) LIMIT 1",
                    logger: logger
                ).collect()
                if let topic = try used.first?.decode(String.self) {
                    throw DomainError.conflict(
                        code: "plan_item_in_use", detail: "An activity took up the item 「\(topic)」; keep it in the plan (with its id).")
                }
                try await connection.query("DELETE FROM consultation_plan_items WHERE id = ANY(\(removed))", logger: logger)
            }
            for (position, entry) in entries.enumerated() {
                if let id = entry.id {
                    try await connection.query(
                        """
                        UPDATE consultation_plan_items SET position = \(position), topic = \(entry.topic), month = \(entry.month),
                            note = \(entry.note), updated_at = \(now)
                        WHERE id = \(id)
                        """,
                        logger: logger
                    )
                } else {
                    try await connection.query(
                        """
                        INSERT INTO consultation_plan_items (region_id, year, position, topic, month, note, created_at, updated_at)
                        VALUES (\(region), \(year), \(position), \(entry.topic), \(entry.month), \(entry.note), \(now), \(now))
                        """,
                        logger: logger
                    )
                }
            }
            return try await Self.read(region: region, year: year, on: connection, logger: logger)
        }
    }

    static func read(region: UUID, year: Int, on connection: PostgresConnection, logger: Logger) async throws -> ConsultationPlan {
        let rows = try await connection.query(
            """
            SELECT p.id, p.topic, p.month, p.note, v.id, v.title, v.starts_at, v.status
            FROM consultation_plan_items p LEFT JOIN activities v ON v.plan_item_id = p.id
            WHERE p.region_id = \(region) AND p.year = \(year)
            ORDER BY p.position, v.starts_at, v.id
            """,
            logger: logger
        ).collect()
        var items: [ConsultationPlan.Item] = []
        for row in rows {
            let (id, topic, month, note, activity, title, startsAt, status) =
                try row.decode((UUID, String, Int, String?, UUID?, String?, Date?, String?).self)
            if items.last?.id != id { items.append(.init(id: id, topic: topic, month: month, note: note, activities: [])) }
            if let activity, let title, let startsAt {
                items[items.count - 1].activities.append(
                    .init(id: activity, title: title, startsAt: startsAt, status: ActivityStatus(rawValue: status ?? "") ?? .planned))
            }
        }
        return ConsultationPlan(regionID: region, year: year, items: items)
    }
}
