import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// 按月汇总、逐月交办: once a month, on its first working day, suggestions made between sessions whose
/// pre-assignment stood unopposed through its objection period are assigned to the proposed departments;
/// the region's staff get a digest of the rest (accepted but not pre-assigned, objected to, or still in
/// the objection period). In-session suggestions are assigned by staff as the session's review goes.
public enum SuggestionBatch {
    public struct Result: Sendable, Equatable {
        public var assigned: Int
        public var waiting: Int
    }

    /// Runs month `month`'s batch (`yyyy-MM`) on the caller's transaction; nil when it already ran.
    public static func run(month: String, engine: HandlingEngine, now: Date, on connection: PostgresConnection) async throws -> Result? {
        let logger = engine.logger
        let claimed = try await connection.query(
            """
            INSERT INTO suggestion_batches (month, ran_at, assigned, waiting) VALUES (\(month), \(now), 0, 0)
            ON CONFLICT (month) DO NOTHING RETURNING 1
            """,
            logger: logger
        ).collect()
        guard !claimed.isEmpty else { return nil }
        let ready = try await connection.query(
            """
            SELECT g.id FROM suggestions g
            WHERE g.session_id IS NULL AND g.status = \(SuggestionStatus.preassigned.rawValue)
              AND NOT EXISTS (SELECT 1 FROM suggestion_preassignments p JOIN departments d ON d.id = p.department_id
                              WHERE p.suggestion_id = g.id AND (p.objection IS NOT NULL OR p.object_by >= \(now) OR NOT d.active))
            ORDER BY g.submitted_at, g.id
            FOR UPDATE OF g
            """,
            logger: logger
        ).collect().map { try $0.decode(UUID.self) }
        for id in ready {
            let requests = try await connection.query(
                """
                SELECT department_id, role, months FROM suggestion_preassignments WHERE suggestion_id = \(id)
                ORDER BY role DESC, proposed_at, department_id
                """,
                logger: logger
            ).collect().map { row in
                let (department, role, months) = try row.decode((UUID, String, Int?).self)
                return LoopService.AssignmentRequest(
                    departmentID: department, role: AssignmentRole(rawValue: role) ?? .co, term: months.map(HandlingTerm.months))
            }
            let locked = try await SuggestionService.lock(id, on: connection, logger: logger)
            try await SuggestionService.assign(
                id, locked, requests, engine: engine, by: .system, within: .everything, now: now, on: connection)
        }
        let rest = try await connection.query(
            """
            SELECT g.region_id, coalesce(g.number, ''), g.title, g.status,
                   EXISTS (SELECT 1 FROM suggestion_preassignments p WHERE p.suggestion_id = g.id AND p.objection IS NOT NULL)
            FROM suggestions g
            WHERE g.session_id IS NULL AND g.status IN (\(SuggestionStatus.accepted.rawValue), \(SuggestionStatus.preassigned.rawValue))
            ORDER BY g.region_id, g.submitted_at, g.id
            """,
            logger: logger
        ).collect().map { try $0.decode((UUID, String, String, String, Bool).self) }
        for (region, items) in Dictionary(grouping: rest, by: \.0) {
            let lines = items.map { _, number, title, status, objected in
                "\(number) \(title)：" + (objected ? "有异议，待协调" : status == SuggestionStatus.accepted.rawValue ? "待预交办" : "异议期内")
            }
            try await Notifier.notify(
                Notification(
                    kind: .suggestionBatch, title: "\(month) 闭会期间建议交办：\(items.count)件待处理", body: lines.joined(separator: "\n"),
                    data: ["month": .string(month), "region_id": .id(region), "assigned": .int(ready.count), "waiting": .int(items.count)]),
                to: [.regionStaff(region)], now: now, on: connection, logger: logger)
        }
        try await connection.query(
            "UPDATE suggestion_batches SET assigned = \(ready.count), waiting = \(rest.count) WHERE month = \(month)", logger: logger
        )
        return Result(assigned: ready.count, waiting: rest.count)
    }
}
