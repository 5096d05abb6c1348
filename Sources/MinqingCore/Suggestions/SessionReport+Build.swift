import Foundation
import Logging
import MinqingRules
import PostgresNIO

extension SessionReport {
    /// The session's report from the data as it is now: one pass over its suggestions' lead assignments
    /// (each with its newest reply and whether it had a before contact), and one over the suggestions
    /// (their status, newest lead rating and lead department).
    public static func build(_ session: CongressSession, now: Date, on connection: PostgresConnection, logger: Logger) async throws
        -> SessionReport
    {
        let suggestions = try await connection.query(
            """
            SELECT g.type, g.status, g.lead_department_id, d.name, r.rating, r.contacted_before
            FROM suggestions g
            LEFT JOIN departments d ON d.id = g.lead_department_id
            LEFT JOIN LATERAL (
                SELECT rating, contacted_before FROM suggestion_ratings
                WHERE suggestion_id = g.id AND lead ORDER BY round DESC LIMIT 1) r ON true
            WHERE g.session_id = \(session.id) AND g.status <> \(SuggestionStatus.draft.rawValue)
            """,
            logger: logger
        ).collect()
        var totals = Figures()
        var byType: [String: Int] = [:], byStatus: [String: Int] = [:]
        var departments: [UUID: (name: String, figures: Figures)] = [:]
        func add(_ department: UUID?, _ name: String?, _ change: (inout Figures) -> Void) {
            change(&totals)
            guard let department, let name else { return }
            var entry = departments[department] ?? (name, Figures())
            change(&entry.figures)
            departments[department] = entry
        }
        for row in suggestions {
            let (type, status, department, name, rating, contacted) = try row.decode((String, String, UUID?, String?, String?, Bool?).self)
            byType[type, default: 0] += 1
            byStatus[status, default: 0] += 1
            add(department, name) { figures in
                figures.suggestions += 1
                if status == SuggestionStatus.done.rawValue { figures.done += 1 }
                if status == SuggestionStatus.inFollowUp.rawValue { figures.inFollowUp += 1 }
                switch rating.flatMap(Rating.init(rawValue:)) {
                case .satisfied: figures.satisfied += 1
                case .basicallySatisfied: figures.basicallySatisfied += 1
                case .unsatisfied: figures.unsatisfied += 1
                case nil: break
                }
                if rating != nil, contacted == true { figures.ratedContactedBefore += 1 }
            }
        }
        let replies = try await connection.query(
            """
            SELECT a.department_id, d.name, a.replied_at <= a.due_at,
                   EXISTS (SELECT 1 FROM assignment_contacts c WHERE c.assignment_id = a.id AND c.stage = 'before' AND c.at <= a.replied_at),
                   (SELECT r.outcome FROM replies r WHERE r.assignment_id = a.id ORDER BY r.created_at DESC LIMIT 1),
                   a.round = g.round AND g.replied_at IS NOT NULL
            FROM assignments a JOIN suggestions g ON g.id = a.suggestion_id JOIN departments d ON d.id = a.department_id
            WHERE g.session_id = \(session.id) AND a.role = \(AssignmentRole.lead.rawValue) AND a.replied_at IS NOT NULL
            """,
            logger: logger
        ).collect()
        for row in replies {
            let (department, name, onTime, contacted, outcome, answers) = try row.decode((UUID, String, Bool, Bool, String?, Bool).self)
            add(department, name) { figures in
                figures.leadReplies += 1
                if onTime { figures.leadRepliesOnTime += 1 }
                if contacted { figures.leadRepliesContactedBefore += 1 }
                guard answers else { return }  // the outcome counted is the answer of the suggestion's current round
                switch outcome.flatMap(ReplyOutcome.init(rawValue:)) {
                case .solved: figures.solved += 1
                case .planned: figures.planned += 1
                case .explained: figures.explained += 1
                case nil: break
                }
            }
        }
        return SessionReport(
            sessionID: session.id, sessionName: session.name, asOf: now, byType: byType, byStatus: byStatus, totals: totals,
            departments: departments.map { Department(departmentID: $0.key, departmentName: $0.value.name, figures: $0.value.figures) }
                .sorted { ($0.departmentName, $0.departmentID.uuidString) < ($1.departmentName, $1.departmentID.uuidString) })
    }
}
