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

    /// Back to staff as not this department's business; a returned lead puts the subject back for
    /// re-assignment (its own state machine says where).
    public func returnAssignment(_ assignment: UUID, reason: String, by actor: Actor, now: Date) async throws {
        try await handle(assignment, .return, by: actor, action: "returned", note: reason, now: now) { locked, connection in
            try await connection.query(
                "UPDATE assignments SET return_reason = \(reason), closed_at = \(now) WHERE id = \(assignment)", logger: logger
            )
            let kind = locked.subject.kind
            if locked.role == .lead && locked.subjectStatus == kind.assignedStatus {
                let next = try kind.next(from: locked.subjectStatus, on: .leadReturned)
                try await connection.query(
                    "UPDATE \(unescaped: kind.table) SET status = \(next), updated_at = \(now) WHERE id = \(locked.subject.id)",
                    logger: logger
                )
                try await Timeline.append(
                    locked.subject, action: "lead_returned", actor: actor, from: locked.subjectStatus, to: next,
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
                locked.subject, action: "progress", actor: actor, note: note, assignment: assignment,
                department: locked.departmentID, at: now, on: connection, logger: logger)
        }
    }

    /// A request for `more` units of the assignment's own term (working days or months); `unit` is the
    /// unit the client named, which must be the term's.
    /// A contact with the representative (办前联系、办中沟通、办后回访), on an assignment of any kind; `after`
    /// contacts (回访) come once the department has replied, the others while it is open.
    public func addContact(
        _ assignment: UUID, stage: ContactRecord.Stage, method: ContactRecord.Method, note: String, at: Date, by actor: Actor, now: Date
    ) async throws {
        try await database.withTransaction(logger: logger) { connection in
            let locked = try await lockAssignment(assignment, on: connection)
            if stage == .after ? locked.status != .replied : !locked.status.isOpen {
                throw DomainError.invalidTransition(
                    current: locked.status.rawValue, allowed: [],
                    detail: stage == .after
                        ? "A follow-up visit (after) comes once the assignment is replied."
                        : "A \(stage.rawValue) contact is recorded while the assignment is open.")
            }
            try await connection.query(
                """
                INSERT INTO assignment_contacts (assignment_id, stage, method, note, at, created_by, created_at)
                VALUES (\(assignment), \(stage.rawValue), \(method.rawValue), \(note), \(at), \(actor.id), \(now))
                """,
                logger: logger
            )
            try await Timeline.append(
                locked.subject, action: "contact_\(stage.rawValue)", actor: actor, note: "\(method.rawValue): \(note)",
                assignment: assignment, department: locked.departmentID, at: now, on: connection, logger: logger)
        }
    }

    public func requestExtension(
        _ assignment: UUID, more: Int, unit: HandlingTerm.Unit, reason: String, by actor: Actor, now: Date
    ) async throws {
        try await database.withTransaction(logger: logger) { connection in
            let locked = try await lockAssignment(assignment, on: connection)
            let next = try ExtensionStateMachine.next(from: locked.extensionStatus, on: .request, assignment: locked.status)
            try policy.checkExtension(of: locked.term, by: more, unit: unit)
            let (days, months) = locked.term.withAmount(more).columns
            try await connection.query(
                """
                UPDATE assignments SET extension_status = \(next.rawValue), extension_days = \(days), extension_months = \(months),
                       extension_reason = \(reason), updated_at = \(now)
                WHERE id = \(assignment)
                """,
                logger: logger
            )
            try await Timeline.append(
                locked.subject, action: "extension_requested", actor: actor,
                note: "\(locked.term.withAmount(more).description): \(reason)", assignment: assignment,
                department: locked.departmentID, at: now, on: connection, logger: logger)
        }
    }

    /// Approval lengthens the term by what was requested (``HandlingTerm/extended(by:assignedAt:due:calendar:)``).
    public func decideExtension(_ assignment: UUID, approve: Bool, by actor: Actor, now: Date) async throws {
        try await database.withTransaction(logger: logger) { connection in
            let locked = try await lockAssignment(assignment, on: connection)
            let next = try ExtensionStateMachine.next(
                from: locked.extensionStatus, on: approve ? .approve : .deny,
                assignment: locked.status)
            let more = locked.extensionAmount ?? 0
            var note = "denied"
            if approve {
                let calendar = try await CalendarStore.workingCalendar(local, on: connection, logger: logger)
                let (term, due) = locked.term.extended(by: more, assignedAt: locked.assignedAt, due: locked.dueAt, calendar: calendar)
                let (days, months) = term.columns
                try await connection.query(
                    """
                    UPDATE assignments SET extension_status = \(next.rawValue), due_at = \(due), working_days = \(days),
                           months = \(months), extension_count = extension_count + 1, updated_at = \(now)
                    WHERE id = \(assignment)
                    """,
                    logger: logger
                )
                var figures = DepartmentYearFigures.Batch(local: local)
                figures.add(.extensionApproved(), department: locked.departmentID, assignedAt: locked.assignedAt)
                try await figures.write(on: connection, logger: logger)
                note = "approved: \(locked.term.withAmount(more).description) more"
            } else {
                try await connection.query(
                    "UPDATE assignments SET extension_status = \(next.rawValue), updated_at = \(now) WHERE id = \(assignment)",
                    logger: logger
                )
            }
            try await Timeline.append(
                locked.subject, action: approve ? "extension_approved" : "extension_denied",
                actor: actor, note: note, assignment: assignment, department: locked.departmentID,
                at: now, on: connection, logger: logger)
        }
    }

    /// A department's plain reply (no promised date, no attachment).
    public func reply(_ assignment: UUID, outcome: ReplyOutcome, text: String, by actor: Actor, now: Date) async throws {
        try await reply(assignment, ReplyLetter(outcome: outcome, text: text), by: actor, now: now)
    }

    /// A department's reply. When no assignment of the round is still awaited — its leads, and for a kind
    /// that waits for them (``HandlingSubject/Kind/waitsForCoHandlers``) its co-handlers within their
    /// deadline — the subject is answered (its own state machine says how).
    public func reply(_ assignment: UUID, _ letter: ReplyLetter, by actor: Actor, now: Date) async throws {
        try await handle(assignment, .reply, by: actor, action: "department_replied", note: "\(letter.outcome.rawValue)", now: now) {
            locked, connection in
            try locked.subject.kind.check(letter)
            try await connection.query(
                """
                INSERT INTO replies (assignment_id, \(unescaped: locked.subject.kind.column), round, outcome, text, promised_on,
                                     attachment_url, created_at)
                VALUES (\(assignment), \(locked.subject.id), \(locked.round), \(letter.outcome.rawValue), \(letter.text),
                        \(letter.promisedOn)::date, \(letter.attachmentURL), \(now))
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
            try await engine.notifyReply(
                assignment, subject: locked.subject, department: locked.departmentID, outcome: letter.outcome,
                now: now, on: connection)
            try await Self.answerIfComplete(
                locked.subject, status: locked.subjectStatus, round: locked.subjectRound, by: actor, now: now, on: connection,
                logger: logger)
        }
    }

    /// Answers a locked subject when nothing of its round is awaited any more (see ``reply(_:_:by:now:)``);
    /// the entry's note is the newest lead reply. Returns whether it was answered. The worker calls it for
    /// suggestions whose co-handlers' deadlines passed after the lead replied.
    @discardableResult
    public static func answerIfComplete(
        _ subject: HandlingSubject, status: String, round: Int, by actor: Actor, now: Date, on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Bool {
        let kind = subject.kind
        guard status == kind.assignedStatus else { return false }
        let waiting = try await connection.query(
            """
            SELECT 1 FROM assignments WHERE subject_id = \(subject.id) AND round = \(round)
              AND status = ANY(\(AssignmentStatus.open.rawValues))
              AND (role = \(AssignmentRole.lead.rawValue) OR (\(kind.waitsForCoHandlers) AND due_at >= \(now)))
            """,
            logger: logger
        ).collect()
        guard waiting.isEmpty else { return false }
        let lead = try await connection.query(
            """
            SELECT r.text, a.department_id FROM replies r JOIN assignments a ON a.id = r.assignment_id
            WHERE a.subject_id = \(subject.id) AND a.round = \(round) AND a.role = \(AssignmentRole.lead.rawValue)
            ORDER BY r.created_at DESC, r.id DESC LIMIT 1
            """,
            logger: logger
        ).collect()
        guard let (text, department) = try lead.first?.decode((String, UUID).self) else { return false }
        let next = try kind.next(from: status, on: .leadsReplied)
        try await connection.query(
            "UPDATE \(unescaped: kind.table) SET status = \(next), replied_at = \(now), updated_at = \(now) WHERE id = \(subject.id)",
            logger: logger
        )
        try await Timeline.append(
            subject, action: "replied", actor: actor, from: status, to: next, note: text, department: department, at: now,
            on: connection, logger: logger)
        return true
    }

    struct LockedAssignment {
        let subject: HandlingSubject
        /// The subject's status and round as stored (each kind has its own state machine).
        let subjectStatus: String
        let subjectRound: Int
        let departmentID: UUID
        let role: AssignmentRole
        let status: AssignmentStatus
        let round: Int
        let assignedAt: Date
        let dueAt: Date
        let term: HandlingTerm
        let extensionStatus: ExtensionStatus?
        /// The requested extension, in the term's unit.
        let extensionAmount: Int?
    }

    /// Locks the subject (first, like every action on it) and then the assignment.
    func lockAssignment(_ id: UUID, on connection: PostgresConnection) async throws -> LockedAssignment {
        let owner = try await connection.query(
            "SELECT subject_kind, subject_id FROM assignments WHERE id = \(id)", logger: logger
        ).collect()
        guard let (kindName, subjectID) = try owner.first?.decode((String, UUID).self), let kind = HandlingSubject.Kind(rawValue: kindName)
        else { throw DomainError.notFound("Assignment \(id)") }
        let subject = HandlingSubject(kind, subjectID)
        let (subjectStatus, subjectRound) = try await lockSubject(subject, on: connection)
        let rows = try await connection.query(
            """
            SELECT department_id, role, status, round, assigned_at, due_at, working_days, months, extension_status,
                   coalesce(extension_days, extension_months)
            FROM assignments WHERE id = \(id) FOR UPDATE
            """,
            logger: logger
        ).collect()
        let (department, role, status, round, assigned, due, days, months, extensionStatus, extensionAmount) =
            try rows[0].decode((UUID, String, String, Int, Date, Date, Int?, Int?, String?, Int?).self)
        return LockedAssignment(
            subject: subject, subjectStatus: subjectStatus, subjectRound: subjectRound,
            departmentID: department, role: AssignmentRole(rawValue: role)!, status: AssignmentStatus(rawValue: status)!,
            round: round, assignedAt: assigned, dueAt: due, term: HandlingTerm(workingDays: days, months: months)!,
            extensionStatus: extensionStatus.flatMap(ExtensionStatus.init(rawValue:)), extensionAmount: extensionAmount
        )
    }

    /// Locks a subject's row: its status and round.
    func lockSubject(_ subject: HandlingSubject, on connection: PostgresConnection) async throws -> (String, Int) {
        let rows = try await connection.query(
            "SELECT status, round FROM \(unescaped: subject.kind.table) WHERE id = \(subject.id) FOR UPDATE", logger: logger
        ).collect()
        guard let row = rows.first else { throw DomainError.notFound("\(subject.kind.rawValue) \(subject.id)") }
        return try row.decode((String, Int).self)
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
                locked.subject, action: action, actor: actor, note: note, assignment: assignment,
                department: locked.departmentID, at: now, on: connection, logger: logger)
            try await extra(locked, connection)
        }
    }
}
