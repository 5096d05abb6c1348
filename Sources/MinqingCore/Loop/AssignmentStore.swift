import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// Reads assignments of every kind of subject (with their department's name and the subject's number and title).
public struct AssignmentStore: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Selected from `assignments a JOIN departments d JOIN handling_subjects h`.
    static let columns = """
        a.id, a.subject_kind, a.subject_id, h.number AS subject_number, h.title AS subject_title, a.round, a.department_id,
        d.name AS department_name, a.role, a.status, a.working_days, a.months, a.assigned_at, a.due_at, a.acknowledged_at,
        a.replied_at, a.return_reason, a.extension_status, coalesce(a.extension_days, a.extension_months) AS extension_amount,
        a.extension_reason
        """

    static let from = """
        assignments a JOIN departments d ON d.id = a.department_id
        JOIN handling_subjects h ON h.id = a.subject_id AND h.kind = a.subject_kind
        """

    public func find(_ id: UUID) async throws -> AssignmentRecord? {
        try await database.withConnection { connection in try await Self.find(id, on: connection, logger: logger) }
    }

    static func find(_ id: UUID, on connection: PostgresConnection, logger: Logger) async throws -> AssignmentRecord? {
        let rows = try await connection.query(
            "SELECT \(unescaped: columns) FROM \(unescaped: from) WHERE a.id = \(id)", logger: logger
        ).collect()
        guard let row = rows.first else { return nil }
        var assignment = try decode(row)
        assignment.replies = try await connection.query(
            "SELECT \(unescaped: SubmissionStore.replyColumns()) FROM replies WHERE assignment_id = \(id) ORDER BY created_at",
            logger: logger
        ).collect().map(SubmissionStore.decodeReply)
        assignment.contacts = try await contacts([id], on: connection, logger: logger)
        return assignment
    }

    /// A subject's assignments in round order, each with its replies, and all the subject's replies (a
    /// submission's on-the-spot reply has no assignment).
    static func of(
        _ subject: HandlingSubject, on connection: PostgresConnection, logger: Logger
    ) async throws -> (assignments: [AssignmentRecord], replies: [ReplyRecord]) {
        let column = subject.kind.column
        let replies = try await connection.query(
            """
            SELECT \(unescaped: SubmissionStore.replyColumns()) FROM replies
            WHERE \(unescaped: column) = \(subject.id) ORDER BY created_at, id
            """,
            logger: logger
        ).collect().map(SubmissionStore.decodeReply)
        let assignments = try await connection.query(
            """
            SELECT \(unescaped: columns) FROM \(unescaped: from)
            WHERE a.\(unescaped: column) = \(subject.id) ORDER BY a.round, a.assigned_at, a.role, a.id
            """,
            logger: logger
        ).collect().map { row in
            var assignment = try decode(row)
            assignment.replies = replies.filter { $0.assignmentID == assignment.id }
            return assignment
        }
        let contacts = try await contacts(assignments.map(\.id), on: connection, logger: logger)
        return (
            assignments.map { assignment in
                var assignment = assignment
                assignment.contacts = contacts.filter { $0.assignmentID == assignment.id }
                return assignment
            }, replies
        )
    }

    /// The contacts of some assignments, in the order they happened.
    static func contacts(_ assignments: [UUID], on connection: PostgresConnection, logger: Logger) async throws -> [ContactRecord] {
        guard !assignments.isEmpty else { return [] }
        return try await connection.query(
            """
            SELECT id, assignment_id, stage, method, note, at, created_at FROM assignment_contacts
            WHERE assignment_id = ANY(\(assignments)) ORDER BY at, created_at, id
            """,
            logger: logger
        ).collect().map { row in
            let (id, assignment, stage, method, note, at, created) = try row.decode((UUID, UUID, String, String, String, Date, Date).self)
            return ContactRecord(
                id: id, assignmentID: assignment, stage: .init(rawValue: stage) ?? .during, method: .init(rawValue: method) ?? .message,
                note: note, at: at, createdAt: created)
        }
    }

    /// The department that handles an assignment and the region of its subject (what the access policy's
    /// scope is checked against).
    public func owners(of assignment: UUID) async throws -> (department: UUID, regionPath: [UUID])? {
        try await database.query(
            """
            SELECT a.department_id, r.path FROM assignments a
            JOIN handling_subjects h ON h.id = a.subject_id AND h.kind = a.subject_kind JOIN regions r ON r.id = h.region_id
            WHERE a.id = \(assignment)
            """,
            logger: logger
        ).first?.decode((UUID, [UUID]).self)
    }

    public struct Filter: Sendable {
        public var status: AssignmentStatus?
        public var overdue: Bool?
        public var dueBefore: Date?

        public init(status: AssignmentStatus? = nil, overdue: Bool? = nil, dueBefore: Date? = nil) {
            self.status = status
            self.overdue = overdue
            self.dueBefore = dueBefore
        }
    }

    /// The order of `list`: newest first.
    static let order = Keyset.creation("a.assigned_at", id: "a.id", newestFirst: true)

    /// Newest assignments first (keyset on assigned_at, id).
    public func list(_ filter: Filter, scope: AccessScope, page: PageRequest, now: Date) async throws -> Page<AssignmentRecord> {
        var query = QueryBuilder("SELECT \(Self.columns), \(Self.order.columns) FROM \(Self.from)")
        scope.restrictAssignments(&query)
        query.filter(filter.status?.rawValue) { "a.status = \($0)" }
        if let overdue = filter.overdue {
            let condition = query.overdue("a", at: now)
            query.condition(overdue ? condition : "NOT " + condition)
        }
        query.filter(filter.dueBefore) { "a.due_at < \($0)" }
        let suffix = try query.page(page, Self.order)
        let rows = try await database.query(query.query(suffix: suffix), logger: logger)
        return try Page(rows: rows, limit: page.limit, keyset: Self.order, decode: Self.decode)
    }

    static func decode(_ row: PostgresRow) throws -> AssignmentRecord {
        let r = row.makeRandomAccess()
        return AssignmentRecord(
            id: try r.value("id"),
            subject: HandlingSubject(HandlingSubject.Kind(rawValue: try r.value("subject_kind")) ?? .submission, try r.value("subject_id")),
            subjectNumber: try r.value("subject_number"), subjectTitle: try r.value("subject_title"),
            round: try r.value("round"), departmentID: try r.value("department_id"), departmentName: try r.value("department_name"),
            role: AssignmentRole(rawValue: try r.value("role")) ?? .co,
            status: AssignmentStatus(rawValue: try r.value("status")) ?? .pending,
            term: HandlingTerm(workingDays: try r.value("working_days"), months: try r.value("months")) ?? .workingDays(0),
            assignedAt: try r.value("assigned_at"), dueAt: try r.value("due_at"), acknowledgedAt: try r.value("acknowledged_at"),
            repliedAt: try r.value("replied_at"), returnReason: try r.value("return_reason"),
            extensionStatus: try r.value("extension_status"), extensionAmount: try r.value("extension_amount"),
            extensionReason: try r.value("extension_reason"), replies: []
        )
    }
}
