import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// An activity's problems in PostgreSQL.
public struct ProblemStore: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// ``AssignmentStatus/open`` as a SQL list (the enum's own words, not input).
    static let openStatuses = AssignmentStatus.open.rawValues.map { "'\($0)'" }.joined(separator: ", ")

    /// Selected from `activity_problems p`, with the lead department and the open lead assignment's due time.
    static let columns = """
        p.id, p.activity_id, p.seq, p.title, p.body, p.category, p.submission_id, p.status, p.round, p.lead_department_id,
        (SELECT name FROM departments WHERE id = p.lead_department_id) AS lead_department_name,
        (SELECT min(a.due_at) FROM assignments a WHERE a.problem_id = p.id AND a.round = p.round AND a.role = 'lead'
            AND a.status IN (\(openStatuses))) AS due_at,
        p.outcome, p.replied_at, p.closed_at, p.created_at, p.updated_at
        """

    /// The activity's list in its order.
    public func list(activity: UUID) async throws -> [ProblemRecord] {
        try await database.query(
            "SELECT \(unescaped: Self.columns) FROM activity_problems p WHERE p.activity_id = \(activity) ORDER BY p.seq", logger: logger
        ).map(Self.decode)
    }

    /// Whether the scope reaches the problem: through its activity, or a department through its assignments.
    public func isVisible(_ id: UUID, to scope: AccessScope) async throws -> Bool {
        var query = QueryBuilder("SELECT 1 FROM activity_problems p JOIN activities v ON v.id = p.activity_id")
        query.filter(id) { "p.id = \($0)" }
        scope.restrictActivities(&query)
        return try await database.query(query.query(suffix: ""), logger: logger).first != nil
    }

    public func detail(_ id: UUID) async throws -> ProblemDetail? {
        try await database.withConnection { connection in
            let rows = try await connection.query(
                "SELECT \(unescaped: Self.columns) FROM activity_problems p WHERE p.id = \(id)", logger: logger
            ).collect()
            guard let problem = try rows.first.map(Self.decode) else { return nil }
            let (assignments, _) = try await AssignmentStore.of(.problem(id), on: connection, logger: logger)
            let ratings = try await connection.query(
                "SELECT round, representative_id, rating, comment, created_at FROM problem_ratings WHERE problem_id = \(id) ORDER BY round",
                logger: logger
            ).collect().map { row in
                let (round, representative, rating, comment, at) = try row.decode((Int, UUID, String, String?, Date).self)
                return ProblemDetail.Rating(
                    round: round, representativeID: representative, rating: Rating(rawValue: rating) ?? .unsatisfied, comment: comment,
                    createdAt: at)
            }
            let timeline = try await Timeline.entries(of: .problem(id), on: connection, logger: logger)
            return ProblemDetail(problem: problem, assignments: assignments, ratings: ratings, timeline: timeline)
        }
    }

    /// What the public outcome page (公开成果) shows of each problem: its number, title, lead department,
    /// status, and the newest lead reply's text and outcome. Nothing a resident wrote (a promoted
    /// submission's text stays in the problem's body, which is not shown).
    public func publicOutcome(activity: UUID) async throws -> [PublicProblem] {
        try await database.query(
            """
            SELECT p.seq, p.title, p.status, d.name, answer.text, answer.outcome
            FROM activity_problems p LEFT JOIN departments d ON d.id = p.lead_department_id
            LEFT JOIN LATERAL (
                SELECT r.text, r.outcome FROM replies r JOIN assignments a ON a.id = r.assignment_id
                WHERE a.problem_id = p.id AND a.role = 'lead' ORDER BY r.created_at DESC, r.id DESC LIMIT 1) answer ON true
            WHERE p.activity_id = \(activity) ORDER BY p.seq
            """,
            logger: logger
        ).map { row in
            let (seq, title, status, department, reply, outcome) = try row.decode((Int, String, String, String?, String?, String?).self)
            return PublicProblem(
                seq: seq, title: title, status: ProblemStatus(rawValue: status) ?? .open, departmentName: department, reply: reply,
                outcome: outcome.flatMap(ReplyOutcome.init(rawValue:)))
        }
    }

    public struct PublicProblem: Sendable {
        public var seq: Int
        public var title: String
        public var status: ProblemStatus
        public var departmentName: String?
        public var reply: String?
        public var outcome: ReplyOutcome?
    }

    static func decode(_ row: PostgresRow) throws -> ProblemRecord {
        let r = row.makeRandomAccess()
        return ProblemRecord(
            id: try r.value("id"), activityID: try r.value("activity_id"), seq: try r.value("seq"), title: try r.value("title"),
            body: try r.value("body"), category: try r.value("category"), submissionID: try r.value("submission_id"),
            status: ProblemStatus(rawValue: try r.value("status")) ?? .done, round: try r.value("round"),
            leadDepartmentID: try r.value("lead_department_id"), leadDepartmentName: try r.value("lead_department_name"),
            dueAt: try r.value("due_at"), outcome: (try r.value("outcome") as String?).flatMap(ReplyOutcome.init(rawValue:)),
            repliedAt: try r.value("replied_at"), closedAt: try r.value("closed_at"), createdAt: try r.value("created_at"),
            updatedAt: try r.value("updated_at"))
    }
}
