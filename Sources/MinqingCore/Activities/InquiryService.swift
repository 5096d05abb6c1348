import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// An inquiry's (专题询问) follow-up: its review opinion (审议意见) is handed to the department concerned,
/// whose rectification report (整改报告) is a problem of the activity's list on the one handling engine —
/// assigned with its term in months, reminded by the ladder, replied, rated by the inquiry's representatives,
/// and on the quarterly oversight list when late.
public struct InquiryService: Sendable {
    let problems: ProblemService

    public init(loop: LoopService) {
        problems = ProblemService(loop: loop)
    }

    /// Records the review opinion of a held inquiry and assigns its rectification to `department` as lead,
    /// due in `months` (the problem term by default), all in one transaction. Returns the problem's id.
    public func recordReviewOpinion(
        _ text: String, of activity: UUID, department: UUID, category: String, months: Int?, by caller: User,
        within scope: AccessScope, now: Date
    ) async throws -> UUID {
        let term = HandlingTerm.months(months ?? problems.policy.problemMonths)
        let requests = [LoopService.AssignmentRequest(departmentID: department, role: .lead, term: term)]
        try problems.loop.engine.checkAssignments(requests)
        let activities = ActivityService(database: problems.database, logger: problems.logger)
        return try await problems.database.withTransaction(logger: problems.logger) { connection in
            let locked = try await activities.lock(activity, by: caller, on: connection)
            _ = try ActivityStateMachine.reviewOpinion(from: locked.status, kind: locked.kind, hasOpinion: locked.hasReviewOpinion)
            // named as the caller gave it, before the engine checks it again as an assignment
            try await problems.loop.engine.requireActiveDepartment(department, field: "department_id", within: scope, on: connection)
            let title = try await connection.query("SELECT title FROM activities WHERE id = \(activity)", logger: problems.logger)
                .collect()[0].decode(String.self)
            let problem = try await problems.list(
                ProblemDraft(title: String("审议意见整改：\(title)".prefix(100)), body: text, category: category), on: activity,
                region: locked.region, by: caller, now: now, on: connection)
            try await problems.assign(problem, requests, by: Actor(user: caller), within: scope, now: now, on: connection)
            try await connection.query(
                """
                UPDATE activities SET review_opinion = \(text), review_opinion_at = \(now), rectification_problem_id = \(problem),
                    updated_at = \(now)
                WHERE id = \(activity)
                """,
                logger: problems.logger
            )
            return problem
        }
    }
}
