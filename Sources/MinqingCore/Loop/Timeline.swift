import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// Appends to a submission's timeline (the table refuses UPDATE and DELETE): the one writer of timeline rows.
public enum Timeline {
    /// Actions the resident sees on the tracking page.
    static let publicActions: Set<String> = [
        "submitted", "accepted", "rejected", "merged", "resolved", "assigned", "escalated", "referred", "replied", "reopened",
        "closed",
    ]

    public static func append(
        _ submission: UUID, action: String, actor: Actor, from: SubmissionStatus? = nil, to: SubmissionStatus? = nil,
        note: String? = nil, assignment: UUID? = nil, department: UUID? = nil, at: Date,
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await append(
            [submission], action: action, actor: actor, from: from, to: to, note: note, assignment: assignment,
            department: department, at: at, on: connection, logger: logger)
    }

    /// The same entry on several submissions at once (the worker's batch transitions).
    public static func append(
        _ submissions: [UUID], action: String, actor: Actor, from: SubmissionStatus? = nil, to: SubmissionStatus? = nil,
        note: String? = nil, assignment: UUID? = nil, department: UUID? = nil, at: Date,
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await append(
            .submission, submissions, action: action, actor: actor, from: from?.rawValue, to: to?.rawValue, note: note,
            assignment: assignment, department: department, at: at, on: connection, logger: logger)
    }

    /// An entry on any handling subject's timeline (the engine's department-side entries).
    public static func append(
        _ subject: HandlingSubject, action: String, actor: Actor, from: String? = nil, to: String? = nil,
        note: String? = nil, assignment: UUID? = nil, department: UUID? = nil, at: Date,
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await append(
            subject.kind, [subject.id], action: action, actor: actor, from: from, to: to, note: note,
            assignment: assignment, department: department, at: at, on: connection, logger: logger)
    }

    static func append(
        _ kind: HandlingSubject.Kind, _ ids: [UUID], action: String, actor: Actor, from: String?, to: String?,
        note: String?, assignment: UUID?, department: UUID?, at: Date, on connection: PostgresConnection, logger: Logger
    ) async throws {
        guard !ids.isEmpty else { return }
        // only submissions have a public tracking page
        let isPublic = kind == .submission ? publicActions.contains(action) : false
        try await connection.query(
            """
            INSERT INTO timeline_events (\(unescaped: kind.column), at, actor_role, actor_id, action, from_status, to_status,
                                         note, public, assignment_id, department_id)
            SELECT id, \(at), \(actor.role.rawValue), \(actor.id), \(action), \(from), \(to), \(note),
                   \(isPublic), \(assignment)::uuid, \(department)::uuid
            FROM unnest(\(ids)::uuid[]) AS t(id)
            """,
            logger: logger
        )
    }

    /// A subject's whole timeline, oldest first.
    static func entries(of subject: HandlingSubject, on connection: PostgresConnection, logger: Logger) async throws -> [TimelineEntry] {
        try await connection.query(
            """
            SELECT t.at, t.actor_role, t.actor_id, t.action, t.from_status, t.to_status, t.note, t.public, t.department_id, d.name
            FROM timeline_events t LEFT JOIN departments d ON d.id = t.department_id
            WHERE t.\(unescaped: subject.kind.column) = \(subject.id) ORDER BY t.id
            """,
            logger: logger
        ).collect().map { row in
            let (at, role, actor, action, from, to, note, isPublic, department, name) =
                try row.decode((Date, String, UUID?, String, String?, String?, String?, Bool, UUID?, String?).self)
            return TimelineEntry(
                at: at, actorRole: role, actorID: actor, action: action, fromStatus: from, toStatus: to,
                note: note, isPublic: isPublic, departmentID: department, departmentName: name)
        }
    }

    /// `append`'s entry for each submission that the statement's earlier CTE `source` returns (its `id`
    /// column), as an INSERT to put in a further CTE: a filing writes its row and its first entry in one
    /// statement.
    static func appendStatement(
        from source: String, action: String, actor: Actor, to: SubmissionStatus?, note: String?, at: Date,
        binding builder: inout QueryBuilder
    ) -> String {
        """
        INSERT INTO timeline_events (submission_id, at, actor_role, actor_id, action, from_status, to_status, note,
                                     public, assignment_id, department_id)
        SELECT id, \(builder.bind(at))::timestamptz, \(builder.bind(actor.role.rawValue))::text, \(builder.bind(actor.id))::uuid,
               \(builder.bind(action))::text, NULL, \(builder.bind(to?.rawValue))::text, \(builder.bind(note))::text,
               \(builder.bind(publicActions.contains(action)))::boolean, NULL, NULL
        FROM \(source)
        """
    }
}
