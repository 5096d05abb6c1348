import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// Rating a submission's reply: each evaluator once per round; ``RoundRating`` decides when the round is
/// settled and how.
extension LoopService {
    /// A rating of the current round by the resident or the representative. It is kept, the departments
    /// are told, and the round settles when ``RoundRating/decide(expected:given:windowOver:)`` says so
    /// (the worker settles the rest when the rating window ends: ``settleRound(_:windowOver:by:now:on:)``).
    public func evaluate(_ id: UUID, by evaluator: Evaluator, rating: Rating, comment: String?, actor: Actor, now: Date) async throws {
        try await database.withTransaction(logger: logger) { connection in
            let submission = try await lock(id, on: connection)
            // the machine refuses a rating outside the rating state, naming the status and what is allowed
            _ = try SubmissionStateMachine.next(from: submission.status, on: rating == .unsatisfied ? .reopen : .close)
            do {
                try await connection.query(
                    """
                    INSERT INTO evaluations (submission_id, round, evaluator, rating, comment, created_at)
                    VALUES (\(id), \(submission.round), \(evaluator.rawValue), \(rating.rawValue), \(comment), \(now))
                    """,
                    logger: logger
                )
            } catch let error as PSQLError where error.isUniqueViolation {
                throw DomainError.conflict(code: "already_rated", detail: "This round was already rated by the \(evaluator.rawValue).")
            }
            let note = [rating.rawValue, comment].compactMap { $0 }.joined(separator: ": ")
            try await Timeline.append(
                id, action: "evaluated", actor: actor, note: "\(evaluator.rawValue) — \(note)", at: now, on: connection, logger: logger)
            let leads = try await connection.query(
                """
                SELECT DISTINCT department_id FROM assignments
                WHERE submission_id = \(id) AND round = \(submission.round) AND role = 'lead' AND replied_at IS NOT NULL
                """,
                logger: logger
            ).collect().map { try $0.decode(UUID.self) }
            try await engine.notifyEvaluation(
                submission: id, round: submission.round, departments: Set(leads), evaluator: evaluator, rating: rating, now: now,
                on: connection)
            try await engine.settleRound(id, windowOver: false, by: actor, now: now, on: connection)
        }
    }
}

extension HandlingEngine {
    /// Settles a locked, replied submission's round if its ratings say so: closes it with the worse
    /// rating given (or as unrated when the window ended without any), or reopens it for the next round
    /// (escalation required after ``LoopPolicy/maxRounds``). The round's result goes to its lead
    /// assignments and year figures. Returns the decision.
    @discardableResult
    public func settleRound(_ id: UUID, windowOver: Bool, by actor: Actor, now: Date, on connection: PostgresConnection) async throws
        -> RoundRating.Decision
    {
        let rows = try await connection.query(
            """
            SELECT s.status, s.round,
                   s.representative_id IS NOT NULL OR EXISTS (
                       SELECT 1 FROM representatives r WHERE r.home_station_id = s.station_id AND r.active
                       UNION ALL SELECT 1 FROM representative_stations m WHERE m.station_id = s.station_id)
            FROM submissions s WHERE s.id = \(id)
            """,
            logger: logger
        ).collect()
        guard let (statusText, round, hasRepresentative) = try rows.first?.decode((String, Int, Bool).self),
            let status = SubmissionStatus(rawValue: statusText)
        else { return .wait }
        let given = try await connection.query(
            "SELECT evaluator, rating FROM evaluations WHERE submission_id = \(id) AND round = \(round)", logger: logger
        ).collect().reduce(into: [RoundRating.Evaluator: Rating]()) { result, row in
            let (evaluator, rating) = try row.decode((String, String).self)
            if let evaluator = RoundRating.Evaluator(rawValue: evaluator), let rating = Rating(rawValue: rating) {
                result[evaluator] = rating
            }
        }
        let expected: Set<RoundRating.Evaluator> = hasRepresentative ? [.resident, .representative] : [.resident]
        let decision = RoundRating.decide(expected: expected, given: given, windowOver: windowOver)
        switch decision {
        case .wait:
            return decision
        case .close(let rating):
            let next = try SubmissionStateMachine.next(from: status, on: .close)
            _ = try await recordRating(rating, of: .submission(id), round: round, now: now, on: connection)
            try await connection.query(
                """
                UPDATE submissions SET status = \(next.rawValue), close_reason = \(rating.rawValue), closed_at = \(now), updated_at = \(now)
                WHERE id = \(id)
                """,
                logger: logger
            )
            try await Timeline.append(
                id, action: "closed", actor: actor, from: status, to: next, note: windowOver ? "rating window ended" : nil, at: now,
                on: connection, logger: logger)
        case .reopen:
            let next = try SubmissionStateMachine.next(from: status, on: .reopen)
            _ = try await recordRating(.unsatisfied, of: .submission(id), round: round, now: now, on: connection)
            try await connection.query(
                """
                UPDATE submissions SET status = \(next.rawValue), round = round + 1, escalation_required = \(round >= policy.maxRounds),
                       updated_at = \(now)
                WHERE id = \(id)
                """,
                logger: logger
            )
            try await Timeline.append(
                id, action: "reopened", actor: actor, from: status, to: next, note: "round \(round + 1)", at: now, on: connection,
                logger: logger)
        case .closeUnrated:
            let next = try SubmissionStateMachine.next(from: status, on: .autoClose)
            try await connection.query(
                """
                UPDATE submissions SET status = \(next.rawValue), close_reason = 'unrated', closed_at = \(now), updated_at = \(now)
                WHERE id = \(id)
                """,
                logger: logger
            )
            try await Timeline.append(
                id, action: "closed", actor: actor, from: status, to: next, note: "no rating within the rating window", at: now,
                on: connection, logger: logger)
        }
        return decision
    }
}
