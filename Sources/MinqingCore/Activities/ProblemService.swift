import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// An activity's problem list on the one handling engine: listing a problem, assigning it (a written reply
/// due in months), the activity's representatives' rating and re-handling. The department side — acknowledge,
/// return, extension, progress, contacts, reply, deadlines and the reminder ladder — is the engine's, as for
/// every kind of subject.
public struct ProblemService: Sendable {
    let loop: LoopService

    public init(loop: LoopService) {
        self.loop = loop
    }

    var database: Database { loop.database }
    var logger: Logger { loop.logger }
    var policy: LoopPolicy { loop.policy }

    /// Adds a problem to a planned or held activity's list (a cancelled or closed one is 409). A promoted
    /// submission must have been filed through the activity's code, and is listed once.
    public func create(_ draft: ProblemDraft, on activity: UUID, by caller: User, now: Date) async throws -> UUID {
        try await database.withTransaction(logger: logger) { connection in
            let locked = try await ActivityService(database: database, logger: logger).lock(activity, by: caller, on: connection)
            _ = try ActivityStateMachine.next(from: locked.status, on: .addProblem)
            return try await list(draft, on: activity, region: locked.region, by: caller, now: now, on: connection)
        }
    }

    /// Lists a problem on the locked activity, in the caller's transaction.
    func list(
        _ draft: ProblemDraft, on activity: UUID, region: UUID, by caller: User, now: Date, on connection: PostgresConnection
    ) async throws -> UUID {
        var (title, body, category) = (draft.title, draft.body, draft.category)
        if let submission = draft.submissionID {
            let rows = try await connection.query(
                """
                SELECT coalesce(s.title, left(s.content, 30)), s.content, s.category,
                       EXISTS (SELECT 1 FROM activity_problems p WHERE p.submission_id = s.id)
                FROM submissions s WHERE s.id = \(submission) AND s.activity_id = \(activity)
                """,
                logger: logger
            ).collect()
            guard let (fromTitle, fromBody, fromCategory, listed) = try rows.first?.decode((String, String, String, Bool).self) else {
                throw DomainError.invalid("submission_id", "does not refer to a submission filed through this activity's code")
            }
            guard !listed else { throw DomainError.invalid("submission_id", "is already on the problem list") }
            (title, body, category) = (title ?? fromTitle, body ?? fromBody, category ?? fromCategory)
        }
        guard let title else { throw DomainError.invalid("title", "is required") }
        guard let body else { throw DomainError.invalid("body", "is required") }
        guard let category else { throw DomainError.invalid("category", "is required") }
        let active = try await connection.query("SELECT 1 FROM categories WHERE code = \(category) AND active", logger: logger)
            .collect()
        if active.isEmpty { throw DomainError.invalid("category", "is not an active category code (GET /v1/categories)") }
        // the activity row is locked: numbering within it cannot race
        let id = try await connection.query(
            """
            INSERT INTO activity_problems (activity_id, seq, region_id, title, body, category, submission_id, status,
                                           created_by_user_id, created_at, updated_at)
            SELECT \(activity), coalesce(max(seq), 0) + 1, \(region), \(title), \(body), \(category), \(draft.submissionID),
                   \(ProblemStatus.open.rawValue), \(caller.id), \(now), \(now)
            FROM activity_problems WHERE activity_id = \(activity)
            RETURNING id
            """,
            logger: logger
        ).collect()[0].decode(UUID.self)
        try await TermIndex.index(.problem, id, on: connection, logger: logger)
        try await Timeline.append(
            .problem(id), action: "listed", actor: Actor(user: caller), to: ProblemStatus.open.rawValue,
            note: draft.submissionID == nil ? nil : "promoted from a resident's submission", at: now, on: connection,
            logger: logger)
        return id
    }

    /// Assigns an open or reopened problem to one lead and optional co-handlers, each with a written-reply
    /// term in months (``LoopPolicy/problemMonths``; a re-handling round's term after an unsatisfied rating).
    public func assign(
        _ id: UUID, _ requests: [LoopService.AssignmentRequest], by actor: Actor, within scope: AccessScope, now: Date
    ) async throws {
        try loop.engine.checkAssignments(requests)
        try await database.withTransaction(logger: logger) { connection in
            try await assign(id, requests, by: actor, within: scope, now: now, on: connection)
        }
    }

    /// Assigns the problem in the caller's transaction (its requests checked).
    func assign(
        _ id: UUID, _ requests: [LoopService.AssignmentRequest], by actor: Actor, within scope: AccessScope, now: Date,
        on connection: PostgresConnection
    ) async throws {
        let locked = try await Self.lock(id, on: connection, logger: logger)
        let next = try ProblemStateMachine.next(from: locked.status, on: .assign)
        let months = locked.round == 1 ? policy.problemMonths : policy.rehandlingMonths
        let names = try await loop.engine.insertAssignments(
            requests, for: .problem(id), round: locked.round, defaultTerm: .months(months), by: actor, within: scope, now: now,
            on: connection)
        try await connection.query(
            "UPDATE activity_problems SET status = \(next.rawValue), updated_at = \(now) WHERE id = \(id)", logger: logger
        )
        try await Timeline.append(
            .problem(id), action: "assigned", actor: actor, from: locked.status.rawValue, to: next.rawValue,
            note: names.joined(separator: "、"), at: now, on: connection, logger: logger)
    }

    /// A representative of the activity rates the round's answer; the first rating settles the round:
    /// satisfied or basically satisfied → done, unsatisfied → the next round, handled again by the same
    /// departments for the re-handling term while they are all active (otherwise reopened, for staff to
    /// assign). A second rating of the round is 409 `already_rated`.
    public func rate(_ id: UUID, by representative: UUID, _ rating: Rating, comment: String?, actor: Actor, now: Date) async throws {
        try await database.withTransaction(logger: logger) { connection in
            let locked = try await Self.lock(id, on: connection, logger: logger)
            var takesPart = QueryBuilder("SELECT 1 FROM activities v")
            takesPart.filter(locked.activity) { "v.id = \($0)" }
            takesPart.filter(representative, ActivityStore.takesPart)
            let found = try await connection.query(takesPart.query(suffix: ""), logger: logger).collect()
            guard !found.isEmpty else {
                throw DomainError.forbidden("Only the representatives who took part in the activity rate its problems.")
            }
            let next = try ProblemStateMachine.next(from: locked.status, on: rating == .unsatisfied ? .reopen : .settle)
            do {
                try await connection.query(
                    """
                    INSERT INTO problem_ratings (problem_id, round, representative_id, rating, comment, created_at)
                    VALUES (\(id), \(locked.round), \(representative), \(rating.rawValue), \(comment), \(now))
                    """,
                    logger: logger
                )
            } catch let error as PSQLError where error.isUniqueViolation {
                throw DomainError.conflict(code: "already_rated", detail: "Round \(locked.round) was rated already.")
            }
            _ = try await loop.engine.recordRating(rating, of: .problem(id), round: locked.round, now: now, on: connection)
            try await Timeline.append(
                .problem(id), action: "rated", actor: actor, from: locked.status.rawValue, to: next.rawValue,
                note: [rating.rawValue, comment].compactMap { $0 }.joined(separator: ": "), at: now, on: connection, logger: logger)
            if next == .done {
                try await Self.settle(id, locked, now: now, on: connection, logger: logger)
                return
            }
            try await connection.query(
                "UPDATE activity_problems SET status = \(next.rawValue), round = round + 1, updated_at = \(now) WHERE id = \(id)",
                logger: logger
            )
            guard let names = try await loop.engine.reassignRound(.problem(id), round: locked.round, by: actor, now: now, on: connection)
            else { return }
            let assigned = try ProblemStateMachine.next(from: next, on: .assign)
            try await connection.query(
                "UPDATE activity_problems SET status = \(assigned.rawValue), updated_at = \(now) WHERE id = \(id)", logger: logger
            )
            try await Timeline.append(
                .problem(id), action: "assigned", actor: actor, from: next.rawValue, to: assigned.rawValue,
                note: "重办：" + names.joined(separator: "、"), at: now, on: connection, logger: logger)
        }
    }

    /// Answered problems nobody rated within the rating window: done as if accepted (the deadline scan).
    public static func settleUnrated(before cutoff: Date, now: Date, on connection: PostgresConnection, logger: Logger) async throws -> Int
    {
        let due = try await connection.query(
            """
            SELECT id FROM activity_problems WHERE status = \(ProblemStatus.answered.rawValue) AND replied_at < \(cutoff)
            ORDER BY replied_at, id FOR UPDATE SKIP LOCKED
            """,
            logger: logger
        ).collect().map { try $0.decode(UUID.self) }
        for id in due {
            let locked = try await lock(id, on: connection, logger: logger)
            _ = try ProblemStateMachine.next(from: locked.status, on: .settle)
            try await settle(id, locked, now: now, on: connection, logger: logger)
            try await Timeline.append(
                .problem(id), action: "settled", actor: .system, from: locked.status.rawValue, to: ProblemStatus.done.rawValue,
                note: "no rating within the rating window", at: now, on: connection, logger: logger)
        }
        return due.count
    }

    /// Done, with the round's answer (the newest lead reply's outcome).
    static func settle(_ id: UUID, _ locked: Locked, now: Date, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE activity_problems SET status = \(ProblemStatus.done.rawValue), closed_at = \(now), updated_at = \(now),
                outcome = (SELECT r.outcome FROM replies r JOIN assignments a ON a.id = r.assignment_id
                           WHERE a.problem_id = \(id) AND a.round = \(locked.round) AND a.role = 'lead'
                           ORDER BY r.created_at DESC, r.id DESC LIMIT 1)
            WHERE id = \(id)
            """,
            logger: logger
        )
    }

    struct Locked {
        let status: ProblemStatus
        let round: Int
        let activity: UUID
    }

    static func lock(_ id: UUID, on connection: PostgresConnection, logger: Logger) async throws -> Locked {
        let rows = try await connection.query(
            "SELECT status, round, activity_id FROM activity_problems WHERE id = \(id) FOR UPDATE", logger: logger
        ).collect()
        guard let (status, round, activity) = try rows.first?.decode((String, Int, UUID).self) else {
            throw DomainError.notFound("Problem \(id)")
        }
        return Locked(status: ProblemStatus(rawValue: status) ?? .done, round: round, activity: activity)
    }
}
