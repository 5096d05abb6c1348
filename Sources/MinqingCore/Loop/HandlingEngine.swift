import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// The department side of the loop that every kind of work shares, on the caller's connection (inside its
/// transaction): creating assignments with their terms, due times, notices and year figures, and
/// recording a round's rating. ``LoopService``, ``SuggestionService`` and the worker's jobs all use it; no
/// second copy exists.
public struct HandlingEngine: Sendable {
    let policy: LoopPolicy
    let local: LocalCalendar
    let logger: Logger

    public init(policy: LoopPolicy, local: LocalCalendar, logger: Logger) {
        self.policy = policy
        self.local = local
        self.logger = logger
    }

    /// The engine's rule for a set of assignments: exactly one lead, no department twice, terms in range
    /// (422 naming the field; a month term up to ``LoopPolicy/suggestionMaxMonths``). Every kind of subject is
    /// assigned through it.
    public func checkAssignments(_ requests: [LoopService.AssignmentRequest]) throws(DomainError) {
        var v = FieldValidator()
        if requests.filter({ $0.role == .lead }).count != 1 { v.add("assignments", "must name exactly one lead department") }
        if Set(requests.map(\.departmentID)).count != requests.count { v.add("assignments", "must not name a department twice") }
        for (index, request) in requests.enumerated() {
            switch request.term {
            case .workingDays(let days): v.range(days, "assignments[\(index)].working_days", 1...120)
            case .months(let months): v.range(months, "assignments[\(index)].months", 1...policy.suggestionMaxMonths)
            case nil: break
            }
        }
        try v.check()
    }

    /// Creates one assignment per request for a locked subject, each with its timeline entry, and writes
    /// their year figures: the department side of every kind of work starts here. Returns the departments'
    /// names in order.
    func insertAssignments(
        _ requests: [LoopService.AssignmentRequest], for subject: HandlingSubject, round: Int, defaultTerm: HandlingTerm, by actor: Actor,
        within scope: AccessScope, now: Date, on connection: PostgresConnection
    ) async throws -> [String] {
        for (index, request) in requests.enumerated() {
            try await requireActiveDepartment(
                request.departmentID, field: "assignments[\(index)].department_id", within: scope, on: connection)
        }
        let calendar = try await CalendarStore.workingCalendar(local, on: connection, logger: logger)
        var names: [String] = []
        var figures = DepartmentYearFigures.Batch(local: local)
        for request in requests {
            let term = request.term ?? defaultTerm
            let assignment = try await insertAssignment(
                subject, round: round, department: request.departmentID, role: request.role, term: term,
                due: term.due(assignedAt: now, calendar: calendar), now: now, on: connection, figures: &figures
            )
            names.append(try await departmentName(request.departmentID, on: connection))
            try await Timeline.append(
                subject, action: "assignment_created", actor: actor, note: "\(request.role.rawValue), \(term.description)",
                assignment: assignment, department: request.departmentID, at: now, on: connection, logger: logger)
        }
        try await figures.write(on: connection, logger: logger)
        return names
    }

    /// Re-handling (重办) after an unsatisfied rating: the next round is assigned at once to the departments
    /// of `round` (leads and co-handlers that did not return it or move it up) for the re-handling term,
    /// when they are all still active. Returns their names, or nil when the subject waits, reopened, for
    /// staff to assign it. Every kind re-handles through here.
    func reassignRound(
        _ subject: HandlingSubject, round: Int, by actor: Actor, now: Date, on connection: PostgresConnection
    ) async throws -> [String]? {
        let rows = try await connection.query(
            """
            SELECT a.department_id, a.role, d.active FROM assignments a JOIN departments d ON d.id = a.department_id
            WHERE a.subject_id = \(subject.id) AND a.round = \(round) AND a.status NOT IN ('returned', 'escalated')
            ORDER BY a.role DESC, a.assigned_at
            """,
            logger: logger
        ).collect()
        let previous = try rows.map { try $0.decode((UUID, String, Bool).self) }
        guard previous.contains(where: { $0.1 == AssignmentRole.lead.rawValue }), previous.allSatisfy(\.2) else { return nil }
        let requests = previous.map {
            LoopService.AssignmentRequest(departmentID: $0.0, role: AssignmentRole(rawValue: $0.1) ?? .co)
        }
        return try await insertAssignments(
            requests, for: subject, round: round + 1, defaultTerm: .months(policy.rehandlingMonths), by: actor, within: .everything,
            now: now, on: connection)
    }

    /// The round's result on its lead assignments and in their departments' year figures (a round is rated
    /// once, whatever the kind of subject). Returns the departments whose reply was rated.
    func recordRating(
        _ rating: Rating, of subject: HandlingSubject, round: Int, now: Date, on connection: PostgresConnection
    ) async throws -> Set<UUID> {
        let leads = try await connection.query(
            """
            UPDATE assignments SET rating = \(rating.rawValue), updated_at = \(now)
            WHERE subject_id = \(subject.id) AND round = \(round) AND role = \(AssignmentRole.lead.rawValue)
            RETURNING department_id, assigned_at, replied_at IS NOT NULL
            """,
            logger: logger
        ).collect()
        var figures = DepartmentYearFigures.Batch(local: local)
        var rated: Set<UUID> = []
        for lead in leads {
            let (department, assignedAt, replied) = try lead.decode((UUID, Date, Bool).self)
            figures.add(.rating(rating, replied: replied), department: department, assignedAt: assignedAt)
            if replied { rated.insert(department) }
        }
        try await figures.write(on: connection, logger: logger)
        return rated
    }

    /// The only place assignments are created; a new lead also becomes its subject's lead department,
    /// and the assignment counts in its department's year figures (written by the caller's batch).
    func insertAssignment(
        _ subject: HandlingSubject, round: Int, department: UUID, role: AssignmentRole, term: HandlingTerm, due: Date, now: Date,
        on connection: PostgresConnection, figures: inout DepartmentYearFigures.Batch, escalatedFrom: UUID? = nil
    ) async throws -> UUID {
        let (days, months) = term.columns
        let id = try await connection.query(
            """
            INSERT INTO assignments (subject_kind, \(unescaped: subject.kind.column), round, department_id, role, status,
                                     working_days, months, assigned_at, due_at, escalated_from, created_at, updated_at)
            VALUES (\(subject.kind.rawValue), \(subject.id), \(round), \(department), \(role.rawValue), \(AssignmentStatus.pending.rawValue),
                    \(days), \(months), \(now), \(due), \(escalatedFrom), \(now), \(now))
            RETURNING id
            """,
            logger: logger
        ).collect()[0].decode(UUID.self)
        if role == .lead {
            try await connection.query(
                "UPDATE \(unescaped: subject.kind.table) SET lead_department_id = \(department) WHERE id = \(subject.id)",
                logger: logger
            )
        }
        figures.add(.assignment(), department: department, assignedAt: now)
        try await notifyAssignment(id, subject: subject, department: department, role: role, due: due, now: now, on: connection)
        return id
    }

    func requireActiveDepartment(
        _ id: UUID, field: String, within scope: AccessScope, on connection: PostgresConnection
    ) async throws {
        let rows = try await connection.query(
            "SELECT d.active, r.path FROM departments d JOIN regions r ON r.id = d.region_id WHERE d.id = \(id)", logger: logger
        ).collect()
        guard let (active, path) = try rows.first?.decode((Bool, [UUID]).self), scope.reaches(regionPath: path)
        else { throw DomainError.invalid(field, "does not refer to an existing department") }
        guard active else { throw DomainError.invalid(field, "refers to an inactive department") }
    }

    func departmentName(_ id: UUID, on connection: PostgresConnection) async throws -> String {
        try await connection.query("SELECT name FROM departments WHERE id = \(id)", logger: logger).collect()[0].decode(String.self)
    }
}
