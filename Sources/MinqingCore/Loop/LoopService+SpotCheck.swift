import Foundation
import Logging
import PostgresNIO

/// Year-end spot checks (回头看): a verdict is given once; `problem_found` reopens the closed submission.
extension LoopService {
    public enum SpotCheckVerdict: String, Sendable { case confirmed, problemFound = "problem_found" }

    public func decideSpotCheck(_ id: UUID, verdict: SpotCheckVerdict, note: String?, by actor: Actor, now: Date) async throws {
        try await database.withTransaction(logger: logger) { connection in
            let rows = try await connection.query(
                "SELECT submission_id, verdict FROM spot_checks WHERE id = \(id) FOR UPDATE", logger: logger
            ).collect()
            guard let row = rows.first else { throw DomainError.notFound("Spot check \(id)") }
            let (submissionID, existing) = try row.decode((UUID, String?).self)
            if let existing {
                throw DomainError.invalidTransition(current: existing, allowed: [], detail: "This spot check already has a verdict.")
            }
            try await connection.query(
                """
                UPDATE spot_checks SET verdict = \(verdict.rawValue), note = \(note), decided_by = \(actor.id), decided_at = \(now)
                WHERE id = \(id)
                """,
                logger: logger
            )
            guard verdict == .problemFound else { return }
            let submission = try await lock(submissionID, on: connection)
            let next = try SubmissionStateMachine.next(from: submission.status, on: .spotCheckReopen)
            try await connection.query(
                """
                UPDATE submissions SET status = \(next.rawValue), round = round + 1, close_reason = NULL, closed_at = NULL,
                       updated_at = \(now)
                WHERE id = \(submissionID)
                """,
                logger: logger
            )
            try await Timeline.append(submissionID, action: "reopened", actor: actor, from: submission.status, to: next,
                                      note: "spot check: " + (note ?? "problem found"), at: now, on: connection, logger: logger)
        }
    }
}
