import Foundation
import Logging
import MinqingRules
import NIOCore
import PostgresNIO

/// Every action of the closed loop. Each runs in one transaction that first locks the submission row
/// (`FOR UPDATE`), so concurrent actions on one submission are serialized and the loser sees the new state;
/// each checks ``SubmissionStateMachine`` / ``AssignmentStateMachine`` and appends to the timeline.
public struct LoopService: Sendable {
    let database: Database
    let policy: LoopPolicy
    let local: LocalCalendar
    let logger: Logger

    public init(database: Database, policy: LoopPolicy, calendar: LocalCalendar, logger: Logger) {
        self.database = database
        self.policy = policy
        self.local = calendar
        self.logger = logger
    }

    /// The shared department side, on this service's policy, calendar and logger.
    public var engine: HandlingEngine { HandlingEngine(policy: policy, local: local, logger: logger) }

    // MARK: - Triage

    public func accept(_ id: UUID, by actor: Actor, now: Date) async throws {
        try await transition(id, .accept, by: actor, now: now)
    }

    public func reject(_ id: UUID, reason: String, by actor: Actor, now: Date) async throws {
        try await transition(id, .reject, by: actor, note: reason, now: now) { connection, _ in
            try await connection.query("UPDATE submissions SET closed_at = \(now) WHERE id = \(id)", logger: logger)
        }
    }

    /// Merges a duplicate into `target`. The target must lie within the caller's `scope` like the source: one
    /// outside it is refused exactly like an unknown id, naming nothing about it.
    public func merge(_ id: UUID, into target: UUID, scope: AccessScope, by actor: Actor, now: Date) async throws {
        guard id != target else { throw DomainError.invalid("into_id", "must be another submission") }
        try await database.withTransaction(logger: logger) { connection in
            // Lock both rows in id order so two opposite merges cannot deadlock; only rows the caller reaches.
            var lock = QueryBuilder("SELECT s.id, s.status, s.receipt_no FROM submissions s")
            lock.filter([id, target]) { "s.id = ANY(\($0))" }
            scope.restrictSubmissions(&lock, handling: true)
            let rows = try await connection.query(lock.query(suffix: "ORDER BY s.id FOR UPDATE OF s"), logger: logger).collect()
            let found = try Dictionary(
                uniqueKeysWithValues: rows.map { row in
                    let (rowID, status, receipt) = try row.decode((UUID, String, String).self)
                    return (rowID, (SubmissionStatus(rawValue: status) ?? .closed, receipt))
                })
            guard let current = found[id] else { throw DomainError.notFound("Submission \(id)") }
            guard let into = found[target] else { throw DomainError.invalid("into_id", "does not refer to an existing submission") }
            let next = try SubmissionStateMachine.next(from: current.0, on: .merge)
            guard into.0.isOpen else {
                throw DomainError.conflict(
                    code: "merge_target_closed", detail: "The target \(into.1) is \(into.0.rawValue); merge into an open submission.")
            }
            try await connection.query(
                "UPDATE submissions SET status = \(next.rawValue), merged_into = \(target), closed_at = \(now), updated_at = \(now) WHERE id = \(id)",
                logger: logger
            )
            try await Timeline.append(
                id, action: "merged", actor: actor, from: current.0, to: next, note: "merged into \(into.1)",
                at: now, on: connection, logger: logger)
            try await Timeline.append(
                target, action: "duplicate_merged", actor: actor, note: "\(current.1) merged into this one",
                at: now, on: connection, logger: logger)
        }
    }

    /// On-the-spot reply by the representative: the resident can still rate it.
    public func resolve(_ id: UUID, reply: String, by actor: Actor, now: Date) async throws {
        try await transition(id, .resolve, by: actor, note: reply, now: now, action: "resolved") { connection, submission in
            try await connection.query(
                """
                INSERT INTO replies (submission_id, round, outcome, text, created_at)
                VALUES (\(id), \(submission.round), \(ReplyOutcome.solved.rawValue), \(reply), \(now));
                """,
                logger: logger
            )
            try await connection.query("UPDATE submissions SET replied_at = \(now) WHERE id = \(id)", logger: logger)
        }
    }

    // MARK: - Assignment

    public struct AssignmentRequest: Sendable {
        public var departmentID: UUID
        public var role: AssignmentRole
        /// nil: the subject kind's default term.
        public var term: HandlingTerm?

        public init(departmentID: UUID, role: AssignmentRole, term: HandlingTerm? = nil) {
            self.departmentID = departmentID
            self.role = role
            self.term = term
        }
    }

    /// Assigns to exactly one lead and optional co-handlers; due times on the working-day calendar.
    /// Assigns to departments within `scope` (staff: their region's subtree; others are refused like unknown ones).
    public func assign(
        _ id: UUID, _ requests: [AssignmentRequest], keyItem: Bool?, by actor: Actor, within scope: AccessScope = .everything, now: Date
    ) async throws {
        try engine.checkAssignments(requests)
        try await database.withTransaction(logger: logger) { connection in
            let submission = try await lock(id, on: connection)
            let next = try SubmissionStateMachine.next(from: submission.status, on: .assign)
            if submission.escalationRequired {
                throw DomainError.invalidTransition(
                    current: submission.status.rawValue, allowed: ["escalate"],
                    detail: "After \(policy.maxRounds) unsatisfied rounds this submission must be escalated to a higher-level department."
                )
            }
            let names = try await engine.insertAssignments(
                requests, for: .submission(id), round: submission.round,
                defaultTerm: .workingDays(policy.defaultWorkingDays(for: submission.kind)), by: actor, within: scope, now: now,
                on: connection)
            try await connection.query(
                """
                UPDATE submissions SET status = \(next.rawValue), key_item = key_item OR \(keyItem ?? false), updated_at = \(now)
                WHERE id = \(id)
                """,
                logger: logger
            )
            try await Timeline.append(
                id, action: "assigned", actor: actor, from: submission.status, to: next,
                note: names.joined(separator: "、"), at: now, on: connection, logger: logger)
        }
    }

    /// Moves the lead to a department higher up the current lead's tree (提级办理).
    public func escalate(
        _ id: UUID, to department: UUID, workingDays: Int?, by actor: Actor, within scope: AccessScope = .everything, now: Date
    ) async throws {
        try await database.withTransaction(logger: logger) { connection in
            let submission = try await lock(id, on: connection)
            let next = try SubmissionStateMachine.next(from: submission.status, on: .escalate)
            let leads = try await connection.query(
                """
                SELECT id, department_id, status, assigned_at FROM assignments
                WHERE submission_id = \(id) AND role = \(AssignmentRole.lead.rawValue)
                ORDER BY round DESC, assigned_at DESC LIMIT 1
                """,
                logger: logger
            ).collect()
            guard let lead = leads.first else {
                throw DomainError.invalidTransition(
                    current: submission.status.rawValue, allowed: ["assign"],
                    detail: "There is no lead department to escalate from.")
            }
            let (leadID, leadDepartment, leadStatus, leadAssignedAt) = try lead.decode((UUID, UUID, String, Date).self)
            var figures = DepartmentYearFigures.Batch(local: local)
            try await engine.requireActiveDepartment(department, field: "department_id", within: scope, on: connection)
            guard try await isAncestor(department, of: leadDepartment, on: connection) else {
                throw DomainError.invalid("department_id", "must be a higher-level department above the current lead")
            }
            if submission.status == .assigned, let status = AssignmentStatus(rawValue: leadStatus), status.isOpen {
                let closed = try AssignmentStateMachine.next(from: status, on: .escalate)
                try await connection.query(
                    "UPDATE assignments SET status = \(closed.rawValue), closed_at = \(now), updated_at = \(now) WHERE id = \(leadID)",
                    logger: logger
                )
                figures.add(.escalation(), department: leadDepartment, assignedAt: leadAssignedAt)
            }
            let term = HandlingTerm.workingDays(workingDays ?? policy.defaultWorkingDays(for: submission.kind))
            let calendar = try await CalendarStore.workingCalendar(local, on: connection, logger: logger)
            let assignment = try await engine.insertAssignment(
                .submission(id), round: submission.round, department: department, role: .lead, term: term,
                due: term.due(assignedAt: now, calendar: calendar), now: now, on: connection, figures: &figures,
                escalatedFrom: leadID
            )
            try await connection.query(
                "UPDATE submissions SET status = \(next.rawValue), escalation_required = false, updated_at = \(now) WHERE id = \(id)",
                logger: logger
            )
            try await Timeline.append(
                id, action: "escalated", actor: actor, from: submission.status, to: next,
                note: try await engine.departmentName(department, on: connection), assignment: assignment,
                department: department, at: now, on: connection, logger: logger)
            try await figures.write(on: connection, logger: logger)
        }
    }

    // MARK: - Evaluation (LoopService+Rating)

    public typealias Evaluator = RoundRating.Evaluator

    /// Decrypts the contact for an admin and records that it was revealed.
    public func revealContact(_ id: UUID, sealer: PersonalDataSealer, by actor: Actor, now: Date) async throws -> (
        name: String?, phone: String?
    ) {
        try await database.withTransaction(logger: logger) { connection in
            let rows = try await connection.query(
                "SELECT contact_name_sealed, contact_phone_sealed FROM submissions WHERE id = \(id)", logger: logger
            ).collect()
            guard let row = rows.first else { throw DomainError.notFound("Submission \(id)") }
            let (name, phone) = try row.decode((ByteBuffer?, ByteBuffer?).self)
            try await Timeline.append(id, action: "contact_revealed", actor: actor, at: now, on: connection, logger: logger)
            return (try name.map { try sealer.open(Array(buffer: $0)) }, try phone.map { try sealer.open(Array(buffer: $0)) })
        }
    }

    // MARK: - Helpers

    /// A status change with its timeline entry; `extra` runs in the same transaction, given the locked row.
    private func transition(
        _ id: UUID, _ submissionAction: SubmissionAction, by actor: Actor, note: String? = nil, now: Date, action: String? = nil,
        extra: ((PostgresConnection, Locked) async throws -> Void)? = nil
    ) async throws {
        try await database.withTransaction(logger: logger) { connection in
            let submission = try await lock(id, on: connection)
            let next = try SubmissionStateMachine.next(from: submission.status, on: submissionAction)
            try await connection.query(
                "UPDATE submissions SET status = \(next.rawValue), updated_at = \(now) WHERE id = \(id)", logger: logger
            )
            try await extra?(connection, submission)
            try await Timeline.append(
                id, action: action ?? "\(next.rawValue)", actor: actor, from: submission.status, to: next,
                note: note, at: now, on: connection, logger: logger)
        }
    }

    struct Locked {
        let status: SubmissionStatus
        let round: Int
        let kind: SubmissionKind
        let escalationRequired: Bool
    }

    func lock(_ id: UUID, on connection: PostgresConnection) async throws -> Locked {
        let rows = try await connection.query(
            "SELECT status, round, kind, escalation_required FROM submissions WHERE id = \(id) FOR UPDATE", logger: logger
        ).collect()
        guard let row = rows.first else { throw DomainError.notFound("Submission \(id)") }
        let (status, round, kind, escalation) = try row.decode((String, Int, String, Bool).self)
        return Locked(
            status: SubmissionStatus(rawValue: status)!, round: round, kind: SubmissionKind(rawValue: kind)!,
            escalationRequired: escalation)
    }

    private func isAncestor(_ candidate: UUID, of department: UUID, on connection: PostgresConnection) async throws -> Bool {
        let rows = try await connection.query(
            """
            WITH RECURSIVE up(id, parent_id) AS (
                SELECT id, parent_id FROM departments WHERE id = \(department)
                UNION ALL
                SELECT d.id, d.parent_id FROM departments d JOIN up ON d.id = up.parent_id
            )
            SELECT 1 FROM up WHERE id = \(candidate) AND id <> \(department)
            """,
            logger: logger
        ).collect()
        return !rows.isEmpty
    }
}
