import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// The department side of an assignment, and staff decisions on extensions.
extension LoopService {
    public func acknowledge(_ assignment: UUID, by actor: Actor, now: Date) async throws {
        try await handle(assignment, .acknowledge, by: actor, action: "acknowledged", now: now) { locked, connection in
            try await connection.query(
                "UPDATE assignments SET acknowledged_at = \(now) WHERE id = \(assignment)", logger: logger
            )
        }
    }

    /// Back to staff as not this department's business; a returned lead puts the submission back to accepted.
    public func returnAssignment(_ assignment: UUID, reason: String, by actor: Actor, now: Date) async throws {
        try await handle(assignment, .return, by: actor, action: "returned", note: reason, now: now) { locked, connection in
            try await connection.query(
                "UPDATE assignments SET return_reason = \(reason), closed_at = \(now) WHERE id = \(assignment)", logger: logger
            )
            if locked.role == .lead && locked.submissionStatus == .assigned {
                let next = try SubmissionStateMachine.next(from: .assigned, on: .leadReturned)
                try await connection.query(
                    "UPDATE submissions SET status = \(next.rawValue), updated_at = \(now) WHERE id = \(locked.submissionID)",
                    logger: logger
                )
                try await Timeline.append(
                    locked.submissionID, action: "lead_returned", actor: actor, from: .assigned, to: next,
                    note: reason, assignment: assignment, department: locked.departmentID,
                    at: now, on: connection, logger: logger)
            }
        }
    }

    public func addProgress(_ assignment: UUID, note: String, by actor: Actor, now: Date) async throws {
        try await database.withTransaction(logger: logger) { connection in
            let locked = try await lockAssignment(assignment, on: connection)
            guard locked.status.isOpen else {
                throw DomainError.invalidTransition(
                    current: locked.status.rawValue, allowed: [],
                    detail: "Progress can only be added while the assignment is open.")
            }
            try await connection.query("UPDATE assignments SET updated_at = \(now) WHERE id = \(assignment)", logger: logger)
            try await Timeline.append(
                locked.submissionID, action: "progress", actor: actor, note: note, assignment: assignment,
                department: locked.departmentID, at: now, on: connection, logger: logger)
        }
    }

    public func requestExtension(_ assignment: UUID, workingDays: Int, reason: String, by actor: Actor, now: Date) async throws {
        try await database.withTransaction(logger: logger) { connection in
            let locked = try await lockAssignment(assignment, on: connection)
            let next = try ExtensionStateMachine.next(from: locked.extensionStatus, on: .request, assignment: locked.status)
            try await connection.query(
                """
                UPDATE assignments SET extension_status = \(next.rawValue), extension_days = \(workingDays),
                       extension_reason = \(reason), updated_at = \(now)
                WHERE id = \(assignment)
                """,
                logger: logger
            )
            try await Timeline.append(
                locked.submissionID, action: "extension_requested", actor: actor,
                note: "\(workingDays) working days: \(reason)", assignment: assignment,
                department: locked.departmentID, at: now, on: connection, logger: logger)
        }
    }

    /// Approval moves the due time by the requested working days, counted from the current due day.
    public func decideExtension(_ assignment: UUID, approve: Bool, by actor: Actor, now: Date) async throws {
        try await database.withTransaction(logger: logger) { connection in
            let locked = try await lockAssignment(assignment, on: connection)
            let next = try ExtensionStateMachine.next(
                from: locked.extensionStatus, on: approve ? .approve : .deny,
                assignment: locked.status)
            let days = locked.extensionDays ?? 0
            var note = "denied"
            if approve {
                let calendar = try await CalendarStore.workingCalendar(local, on: connection, logger: logger)
                let due = calendar.dueDate(assignedAt: locked.dueAt, workingDays: days)
                try await connection.query(
                    """
                    UPDATE assignments SET extension_status = \(next.rawValue), due_at = \(due), working_days = working_days + \(days),
                           extension_count = extension_count + 1, updated_at = \(now)
                    WHERE id = \(assignment)
                    """,
                    logger: logger
                )
                var figures = DepartmentYearFigures.Batch(local: local)
                figures.add(.extensionApproved(), department: locked.departmentID, assignedAt: locked.assignedAt)
                try await figures.write(on: connection, logger: logger)
                note = "approved: \(days) more working days"
            } else {
                try await connection.query(
                    "UPDATE assignments SET extension_status = \(next.rawValue), updated_at = \(now) WHERE id = \(assignment)",
                    logger: logger
                )
            }
            try await Timeline.append(
                locked.submissionID, action: approve ? "extension_approved" : "extension_denied",
                actor: actor, note: note, assignment: assignment, department: locked.departmentID,
                at: now, on: connection, logger: logger)
        }
    }

    /// A department's reply; when every lead of the round has replied, the submission is replied.
    public func reply(_ assignment: UUID, outcome: ReplyOutcome, text: String, by actor: Actor, now: Date) async throws {
        try await handle(assignment, .reply, by: actor, action: "department_replied", note: "\(outcome.rawValue)", now: now) {
            locked, connection in
            try await connection.query(
                """
                INSERT INTO replies (assignment_id, submission_id, round, outcome, text, created_at)
                VALUES (\(assignment), \(locked.submissionID), \(locked.round), \(outcome.rawValue), \(text), \(now))
                """,
                logger: logger
            )
            // the working days the reply took, kept for the year-end figures (the calendar as it stood at the reply)
            let calendar = try await CalendarStore.workingCalendar(local, on: connection, logger: logger)
            let days = calendar.workingDays(after: locked.assignedAt, through: now)
            try await connection.query(
                """
                UPDATE assignments SET replied_at = \(now), closed_at = \(now), reply_working_days = \(days) WHERE id = \(assignment)
                """,
                logger: logger
            )
            var figures = DepartmentYearFigures.Batch(local: local)
            figures.add(
                .reply(onTime: now <= locked.dueAt, lead: locked.role == .lead, workingDays: days),
                department: locked.departmentID, assignedAt: locked.assignedAt)
            try await figures.write(on: connection, logger: logger)
            try await notifyReply(
                assignment, submission: locked.submissionID, department: locked.departmentID, outcome: outcome,
                now: now, on: connection)
            guard locked.submissionStatus == .assigned else { return }
            let waiting = try await connection.query(
                """
                SELECT 1 FROM assignments WHERE submission_id = \(locked.submissionID) AND round = \(locked.submissionRound)
                  AND role = \(AssignmentRole.lead.rawValue) AND status = ANY(\(AssignmentStatus.open.rawValues))
                """,
                logger: logger
            ).collect()
            if waiting.isEmpty {
                let next = try SubmissionStateMachine.next(from: .assigned, on: .leadsReplied)
                try await connection.query(
                    "UPDATE submissions SET status = \(next.rawValue), replied_at = \(now), updated_at = \(now) WHERE id = \(locked.submissionID)",
                    logger: logger
                )
                try await Timeline.append(
                    locked.submissionID, action: "replied", actor: actor, from: .assigned, to: next,
                    note: text, department: locked.departmentID, at: now, on: connection, logger: logger)
            }
        }
    }

    struct LockedAssignment {
        let submissionID: UUID
        let submissionStatus: SubmissionStatus
        let submissionRound: Int
        let departmentID: UUID
        let role: AssignmentRole
        let status: AssignmentStatus
        let round: Int
        let assignedAt: Date
        let dueAt: Date
        let extensionStatus: ExtensionStatus?
        let extensionDays: Int?
    }

    /// Locks the submission (first, like every action) and then the assignment.
    func lockAssignment(_ id: UUID, on connection: PostgresConnection) async throws -> LockedAssignment {
        let owner = try await connection.query("SELECT submission_id FROM assignments WHERE id = \(id)", logger: logger).collect()
        guard let submissionID = try owner.first?.decode(UUID.self) else { throw DomainError.notFound("Assignment \(id)") }
        let submission = try await lock(submissionID, on: connection)
        let rows = try await connection.query(
            """
            SELECT department_id, role, status, round, assigned_at, due_at, extension_status, extension_days
            FROM assignments WHERE id = \(id) FOR UPDATE
            """,
            logger: logger
        ).collect()
        let (department, role, status, round, assigned, due, extensionStatus, extensionDays) =
            try rows[0].decode((UUID, String, String, Int, Date, Date, String?, Int?).self)
        return LockedAssignment(
            submissionID: submissionID, submissionStatus: submission.status, submissionRound: submission.round,
            departmentID: department, role: AssignmentRole(rawValue: role)!, status: AssignmentStatus(rawValue: status)!,
            round: round, assignedAt: assigned, dueAt: due, extensionStatus: extensionStatus.flatMap(ExtensionStatus.init(rawValue:)),
            extensionDays: extensionDays
        )
    }

    /// An assignment status change with its timeline entry; `extra` runs in the same transaction.
    private func handle(
        _ assignment: UUID, _ assignmentAction: AssignmentAction, by actor: Actor, action: String, note: String? = nil, now: Date,
        extra: (LockedAssignment, PostgresConnection) async throws -> Void
    ) async throws {
        try await database.withTransaction(logger: logger) { connection in
            let locked = try await lockAssignment(assignment, on: connection)
            let next = try AssignmentStateMachine.next(from: locked.status, on: assignmentAction)
            try await connection.query(
                "UPDATE assignments SET status = \(next.rawValue), updated_at = \(now) WHERE id = \(assignment)", logger: logger
            )
            try await Timeline.append(
                locked.submissionID, action: action, actor: actor, note: note, assignment: assignment,
                department: locked.departmentID, at: now, on: connection, logger: logger)
            try await extra(locked, connection)
        }
    }
}
