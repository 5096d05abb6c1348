import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// Year-end spot checks (回头看): a verdict is given once; `problem_found` reopens the closed submission.
extension LoopService {
    public enum SpotCheckVerdict: String, Sendable { case confirmed, problemFound = "problem_found" }

    public func decideSpotCheck(_ id: SpotCheckID, verdict: SpotCheckVerdict, note: String?, by actor: Actor, now: Date) async throws {
        try await database.withTransaction(logger: logger) { connection in
            // the sample row is locked so two verdicts on one department's sample queue behind each other
            let samples = try await connection.query(
                """
                SELECT department_id FROM spot_check_samples
                WHERE year = \(id.year) AND \(id.submission) = ANY (submission_ids) FOR UPDATE
                """,
                logger: logger
            ).collect()
            guard let sample = samples.first else { throw DomainError.notFound("Spot check \(id)") }
            let department = try sample.decode(UUID.self)
            let inserted = try await connection.query(
                """
                INSERT INTO spot_check_verdicts (year, submission_id, department_id, verdict, note, decided_by, decided_at)
                VALUES (\(id.year), \(id.submission), \(department), \(verdict.rawValue), \(note), \(actor.id), \(now))
                ON CONFLICT (year, submission_id) DO NOTHING
                RETURNING 1
                """,
                logger: logger
            ).collect()
            guard !inserted.isEmpty else {
                let existing = try await connection.query(
                    "SELECT verdict FROM spot_check_verdicts WHERE year = \(id.year) AND submission_id = \(id.submission)",
                    logger: logger
                ).collect()[0].decode(String.self)
                throw DomainError.invalidTransition(current: existing, allowed: [], detail: "This spot check already has a verdict.")
            }
            guard verdict == .problemFound else { return }
            let submission = try await lock(id.submission, on: connection)
            let next = try SubmissionStateMachine.next(from: submission.status, on: .spotCheckReopen)
            try await connection.query(
                """
                UPDATE submissions SET status = \(next.rawValue), round = round + 1, close_reason = NULL, closed_at = NULL,
                       updated_at = \(now)
                WHERE id = \(id.submission)
                """,
                logger: logger
            )
            try await Timeline.append(
                id.submission, action: "reopened", actor: actor, from: submission.status, to: next,
                note: "spot check: " + (note ?? "problem found"), at: now, on: connection, logger: logger)
        }
    }
}
