import Foundation
import MinqingRules
import PostgresNIO

/// Pre-assignment (预交办, "谁主管、谁主办"): staff propose the departments, which see the suggestion and may
/// object within ``objectionWorkingDays`` working days; between sessions the monthly batch assigns what
/// stood unopposed (``SuggestionBatch``), and staff assign the rest.
extension SuggestionService {
    /// The objection period, in working days after the proposal.
    public static let objectionWorkingDays = 3

    /// Proposes (or re-proposes) the departments of an accepted suggestion; each is told and may object.
    public func preassign(
        _ id: UUID, _ requests: [LoopService.AssignmentRequest], by actor: Actor, within scope: AccessScope, now: Date
    ) async throws {
        try loop.engine.checkAssignments(requests)
        try await database.withTransaction(logger: logger) { connection in
            let locked = try await lock(id, on: connection)
            let next = try SuggestionStateMachine.next(from: locked.status, on: .preassign)
            let engine = loop.engine
            var names: [String] = []
            for (index, request) in requests.enumerated() {
                try await engine.requireActiveDepartment(
                    request.departmentID, field: "assignments[\(index)].department_id", within: scope, on: connection)
                names.append(try await engine.departmentName(request.departmentID, on: connection))
            }
            let calendar = try await CalendarStore.workingCalendar(loop.local, on: connection, logger: logger)
            let objectBy = calendar.dueDate(assignedAt: now, workingDays: Self.objectionWorkingDays)
            try await connection.query("DELETE FROM suggestion_preassignments WHERE suggestion_id = \(id)", logger: logger)
            for request in requests {
                try await connection.query(
                    """
                    INSERT INTO suggestion_preassignments (suggestion_id, department_id, role, months, proposed_at, object_by)
                    VALUES (\(id), \(request.departmentID), \(request.role.rawValue), \(request.term?.columns.months), \(now), \(objectBy))
                    """,
                    logger: logger
                )
            }
            try await connection.query(
                "UPDATE suggestions SET status = \(next.rawValue), updated_at = \(now) WHERE id = \(id)", logger: logger
            )
            try await Timeline.append(
                .suggestion(id), action: "preassigned", actor: actor, from: locked.status.rawValue, to: next.rawValue,
                note: names.joined(separator: "、"), at: now, on: connection, logger: logger)
            let about = try await title(id, on: connection)
            try await Notifier.notify(
                Notification(
                    kind: .suggestionPreassigned, title: "预交办：\(about.number)", body: about.title,
                    data: [
                        "suggestion_id": .id(id), "number": .string(about.number), "object_by": .date(objectBy),
                        "departments": .array(requests.map { .id($0.departmentID) }),
                    ]),
                to: Set(requests.map { .department($0.departmentID) }), now: now, on: connection, logger: logger)
        }
    }

    /// A proposed department objects (not its business, or another should lead) within the period; staff
    /// are told, and the suggestion waits for them.
    public func object(_ id: UUID, department: UUID, reason: String, by actor: Actor, now: Date) async throws {
        try await database.withTransaction(logger: logger) { connection in
            let locked = try await lock(id, on: connection)
            try SuggestionStateMachine.check(.object, in: locked.status)
            let rows = try await connection.query(
                "SELECT object_by FROM suggestion_preassignments WHERE suggestion_id = \(id) AND department_id = \(department)",
                logger: logger
            ).collect()
            guard let objectBy = try rows.first?.decode(Date.self) else {
                throw DomainError.forbidden("Only a department proposed for this suggestion may object.")
            }
            guard now <= objectBy else {
                throw DomainError.conflict(code: "objection_period_over", detail: "Objections were due by \(objectBy).")
            }
            try await connection.query(
                """
                UPDATE suggestion_preassignments SET objection = \(reason), objected_at = \(now)
                WHERE suggestion_id = \(id) AND department_id = \(department)
                """,
                logger: logger
            )
            try await Timeline.append(
                .suggestion(id), action: SuggestionAction.object.timelineName, actor: actor, note: reason, department: department, at: now,
                on: connection,
                logger: logger)
            let about = try await title(id, on: connection)
            try await Notifier.notify(
                Notification(
                    kind: .suggestionObjection, title: "预交办异议：\(about.number)", body: reason,
                    data: ["suggestion_id": .id(id), "number": .string(about.number), "department_id": .id(department)]),
                to: [.regionStaff(locked.region)], now: now, on: connection, logger: logger)
        }
    }

    private func title(_ id: UUID, on connection: PostgresConnection) async throws -> (number: String, title: String) {
        try await connection.query("SELECT coalesce(number, ''), title FROM suggestions WHERE id = \(id)", logger: logger)
            .collect()[0].decode((String, String).self)
    }
}
