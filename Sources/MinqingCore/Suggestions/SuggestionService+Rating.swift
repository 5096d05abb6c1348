import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// After the answer: the representatives' ratings (the lead's decides the round), re-handling (重办), and
/// the follow-up of a B reply until the department reports it done (从"答复"到"办成").
extension SuggestionService {
    public struct RatingInput: Sendable {
        public var rating: Rating
        public var contactedBefore: Bool
        public var comment: String?

        public init(rating: Rating, contactedBefore: Bool, comment: String? = nil) {
            (self.rating, self.contactedBefore, self.comment) = (rating, contactedBefore, comment)
        }
    }

    /// A representative's rating of the round's answer. The lead's settles the round: satisfied or basically
    /// satisfied moves it on by the lead reply's outcome (A done, B in follow-up, C closed); unsatisfied
    /// opens the next round, handled again by the same departments for the re-handling term while they are
    /// all active (otherwise it waits, reopened, for staff to assign). A confirmed co-signer's rating is kept
    /// beside it and moves nothing. Each representative rates a round once (409 `already_rated`).
    public func rate(_ id: UUID, by representative: UUID, _ input: RatingInput, actor: Actor, now: Date) async throws {
        try await database.withTransaction(logger: logger) { connection in
            let locked = try await lock(id, on: connection)
            let lead = locked.representative == representative
            let given = try await connection.query(
                """
                SELECT 1 FROM suggestion_ratings WHERE suggestion_id = \(id) AND round = \(locked.round) AND representative_id = \(representative)
                """,
                logger: logger
            ).collect()
            guard given.isEmpty else { throw Self.alreadyRated(locked.round) }
            if lead {
                // the machine says when the lead's rating may settle or reopen the round
                _ = try SuggestionStateMachine.next(from: locked.status, on: input.rating == .unsatisfied ? .reopen : .settleSolved)
            } else {
                let confirmed = try await connection.query(
                    """
                    SELECT 1 FROM suggestion_co_signers
                    WHERE suggestion_id = \(id) AND representative_id = \(representative) AND confirmed_at IS NOT NULL
                    """,
                    logger: logger
                ).collect()
                guard !confirmed.isEmpty else {
                    throw DomainError.conflict(code: "not_co_signer", detail: "Only the lead representative and confirmed co-signers rate.")
                }
                guard try await Self.answer(id, round: locked.round, on: connection, logger: logger) != nil else {
                    throw DomainError.invalidTransition(
                        current: locked.status.rawValue, allowed: [], detail: "This round has not been answered yet.")
                }
            }
            do {
                try await connection.query(
                    """
                    INSERT INTO suggestion_ratings (suggestion_id, round, representative_id, lead, rating, contacted_before, comment,
                                                    created_at)
                    VALUES (\(id), \(locked.round), \(representative), \(lead), \(input.rating.rawValue), \(input.contactedBefore),
                            \(input.comment), \(now))
                    """,
                    logger: logger
                )
            } catch let error as PSQLError where error.isUniqueViolation {
                throw Self.alreadyRated(locked.round)
            }
            let note = [input.rating.rawValue, input.contactedBefore ? "contacted before" : "not contacted before", input.comment]
                .compactMap { $0 }.joined(separator: ": ")
            try await Timeline.append(
                .suggestion(id), action: lead ? "rated" : "co_signer_rated", actor: actor, note: note, at: now, on: connection,
                logger: logger)
            guard lead else { return }
            _ = try await loop.engine.recordRating(input.rating, of: .suggestion(id), round: locked.round, now: now, on: connection)
            if input.rating == .unsatisfied {
                try await rehandle(id, locked, actor: actor, now: now, on: connection)
            } else {
                try await Self.settle(id, locked, actor: actor, note: nil, now: now, on: connection, logger: logger)
            }
        }
    }

    static func alreadyRated(_ round: Int) -> DomainError {
        .conflict(code: "already_rated", detail: "You already rated round \(round).")
    }

    /// The department reports the promised work done (or staff record it): a B answer in follow-up is done.
    public func reportDone(_ id: UUID, note: String, by actor: Actor, department: UUID?, now: Date) async throws {
        try await database.withTransaction(logger: logger) { connection in
            let locked = try await lock(id, on: connection)
            if let department {
                let leads = try await connection.query(
                    """
                    SELECT 1 FROM assignments WHERE suggestion_id = \(id) AND round = \(locked.round) AND role = 'lead'
                      AND department_id = \(department)
                    """,
                    logger: logger
                ).collect()
                guard !leads.isEmpty else { throw DomainError.forbidden("Only the lead department reports a suggestion done.") }
            }
            let next = try SuggestionStateMachine.next(from: locked.status, on: .reportDone)
            try await connection.query(
                """
                UPDATE suggestions SET status = \(next.rawValue), done_note = \(note), done_at = \(now), closed_at = \(now),
                    updated_at = \(now)
                WHERE id = \(id)
                """,
                logger: logger
            )
            try await Timeline.append(
                .suggestion(id), action: "done", actor: actor, from: locked.status.rawValue, to: next.rawValue, note: note, at: now,
                on: connection, logger: logger)
        }
    }

    /// The round's answer: the newest lead reply (its outcome and promised date).
    static func answer(_ id: UUID, round: Int, on connection: PostgresConnection, logger: Logger) async throws
        -> (ReplyOutcome, String?)?
    {
        let rows = try await connection.query(
            """
            SELECT r.outcome, r.promised_on::text FROM replies r JOIN assignments a ON a.id = r.assignment_id
            WHERE a.suggestion_id = \(id) AND a.round = \(round) AND a.role = 'lead'
            ORDER BY r.created_at DESC, r.id DESC LIMIT 1
            """,
            logger: logger
        ).collect()
        return try rows.first.map { row in
            let (outcome, promised) = try row.decode((String, String?).self)
            return (ReplyOutcome(rawValue: outcome) ?? .explained, promised)
        }
    }

    /// Answered suggestions whose lead representative did not rate within the rating window: settled by
    /// their answer's outcome as if accepted, with no rating (the worker's deadline scan).
    public static func settleUnrated(before cutoff: Date, now: Date, on connection: PostgresConnection, logger: Logger) async throws -> Int
    {
        let due = try await connection.query(
            """
            SELECT id FROM suggestions WHERE status = \(SuggestionStatus.answered.rawValue) AND replied_at < \(cutoff)
            ORDER BY replied_at, id FOR UPDATE SKIP LOCKED
            """,
            logger: logger
        ).collect().map { try $0.decode(UUID.self) }
        for id in due {
            let locked = try await lock(id, on: connection, logger: logger)
            try await settle(
                id, locked, actor: .system, note: "no rating within the rating window", now: now, on: connection, logger: logger)
        }
        return due.count
    }

    static func settle(
        _ id: UUID, _ locked: Locked, actor: Actor, note: String?, now: Date, on connection: PostgresConnection, logger: Logger
    ) async throws {
        guard let (outcome, promised) = try await answer(id, round: locked.round, on: connection, logger: logger) else { return }
        let next = try SuggestionStateMachine.next(from: locked.status, on: SuggestionStateMachine.settle(outcome))
        try await connection.query(
            """
            UPDATE suggestions SET status = \(next.rawValue), outcome = \(outcome.rawValue), promised_on = \(promised)::date,
                closed_at = CASE WHEN \(next != .inFollowUp) THEN \(now) END, updated_at = \(now)
            WHERE id = \(id)
            """,
            logger: logger
        )
        let entry = [note, promised.map { "promised \($0)" }].compactMap { $0 }.joined(separator: "; ")
        try await Timeline.append(
            .suggestion(id), action: next == .inFollowUp ? "follow_up" : "settled", actor: actor, from: locked.status.rawValue,
            to: next.rawValue, note: entry.isEmpty ? nil : entry, at: now, on: connection, logger: logger)
    }

    /// Unsatisfied: the next round, re-assigned to the round's departments (lead and co-handlers that did
    /// not return it) for the re-handling term.
    private func rehandle(_ id: UUID, _ locked: Locked, actor: Actor, now: Date, on connection: PostgresConnection) async throws {
        let reopened = try SuggestionStateMachine.next(from: locked.status, on: .reopen)
        try await connection.query(
            "UPDATE suggestions SET status = \(reopened.rawValue), round = round + 1, updated_at = \(now) WHERE id = \(id)",
            logger: logger
        )
        try await Timeline.append(
            .suggestion(id), action: "reopened", actor: actor, from: locked.status.rawValue, to: reopened.rawValue,
            note: "round \(locked.round + 1)", at: now, on: connection, logger: logger)
        guard let names = try await loop.engine.reassignRound(.suggestion(id), round: locked.round, by: actor, now: now, on: connection)
        else { return }
        let next = try SuggestionStateMachine.next(from: reopened, on: .assign)
        try await connection.query(
            "UPDATE suggestions SET status = \(next.rawValue), updated_at = \(now) WHERE id = \(id)", logger: logger
        )
        try await Timeline.append(
            .suggestion(id), action: "assigned", actor: actor, from: reopened.rawValue, to: next.rawValue,
            note: "重办：" + names.joined(separator: "、"), at: now, on: connection, logger: logger)
    }
}
