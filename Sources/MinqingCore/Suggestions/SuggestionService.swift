import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// Every action on a representative's suggestion. Each runs in one transaction that first locks the
/// suggestion row, checks ``SuggestionStateMachine`` and appends to its timeline. The department side
/// (assignments, deadlines, replies, ratings' year figures) is the one handling engine of ``LoopService``.
public struct SuggestionService: Sendable {
    let loop: LoopService
    /// Files a converted suggestion as a letter.
    let intake: IntakeService

    public init(loop: LoopService, intake: IntakeService) {
        self.loop = loop
        self.intake = intake
    }

    var database: Database { loop.database }
    var logger: Logger { loop.logger }
    var policy: LoopPolicy { loop.policy }

    // MARK: - Drafting

    /// A new draft for `draft.representativeID` as lead. `scope` is the caller's: staff file for the
    /// representatives of their subtree; a representative only for himself (the handler passes his id).
    public func create(_ draft: SuggestionDraft, by actor: Actor, filedBy user: UUID?, within scope: AccessScope, now: Date)
        async throws -> UUID
    {
        try await database.withTransaction(logger: logger) { connection in
            guard let representative = draft.representativeID else { throw DomainError.invalid("representative_id", "is required") }
            let region = try await representativeRegion(representative, field: "representative_id", within: scope, on: connection)
            let checked = try await check(draft, lead: representative, region: region, on: connection)
            let id = try await connection.query(
                """
                INSERT INTO suggestions (region_id, session_id, representative_id, filed_by_user_id, type, title, body, category,
                                         status, created_at, updated_at)
                VALUES (\(region), \(checked.session), \(representative), \(user), \(draft.type?.rawValue ?? ""), \(draft.title ?? ""),
                        \(draft.body ?? ""), \(draft.category ?? ""), \(SuggestionStatus.draft.rawValue), \(now), \(now))
                RETURNING id
                """,
                logger: logger
            ).collect()[0].decode(UUID.self)
            try await replaceParts(id, coSigners: checked.coSigners, sources: checked.sources, now: now, on: connection)
            try await TermIndex.index(.suggestion, id, on: connection, logger: logger)
            try await Timeline.append(
                .suggestion(id), action: "drafted", actor: actor, to: SuggestionStatus.draft.rawValue, at: now, on: connection,
                logger: logger)
            return id
        }
    }

    /// Turns a resident's submission the representative sees into his draft suggestion, with the
    /// submission as its source (将群众强烈诉求转化为代表建议); its category, title and text start the draft.
    public func draft(fromSubmission submission: UUID, representative: UUID, by actor: Actor, filedBy user: UUID?, now: Date)
        async throws -> UUID
    {
        let rows = try await database.query(
            "SELECT category, coalesce(title, left(content, 30)), content FROM submissions WHERE id = \(submission)", logger: logger)
        guard let (category, title, content) = try rows.first?.decode((String, String, String).self) else {
            throw DomainError.notFound("Submission \(submission)")
        }
        return try await create(
            SuggestionDraft(
                representativeID: representative, type: .suggestion, title: title, body: content, category: category,
                sourceSubmissionIDs: [submission]),
            by: actor, filedBy: user, within: AccessScope(representative: representative), now: now)
    }

    /// Changes a draft (nil fields keep their value); co-signers who stay keep their confirmation.
    public func update(_ id: UUID, _ draft: SuggestionDraft, by actor: Actor, now: Date) async throws {
        try await database.withTransaction(logger: logger) { connection in
            let locked = try await lock(id, on: connection)
            try SuggestionStateMachine.check(.revise, in: locked.status)
            let checked = try await check(draft, lead: locked.representative, region: locked.region, on: connection)
            let session: UUID?? = draft.sessionID.map { _ in checked.session }
            try await connection.query(
                """
                UPDATE suggestions SET type = coalesce(\(draft.type?.rawValue), type), title = coalesce(\(draft.title), title),
                    body = coalesce(\(draft.body), body), category = coalesce(\(draft.category), category),
                    session_id = CASE WHEN \(session != nil) THEN \(session ?? nil)::uuid ELSE session_id END, updated_at = \(now)
                WHERE id = \(id)
                """,
                logger: logger
            )
            try await replaceParts(
                id, coSigners: draft.coSignerIDs == nil ? nil : checked.coSigners,
                sources: draft.sourceSubmissionIDs == nil ? nil : checked.sources, now: now, on: connection)
            if draft.title != nil || draft.body != nil || draft.category != nil {
                try await TermIndex.index(.suggestion, id, on: connection, logger: logger)
            }
            try await Timeline.append(
                .suggestion(id), action: SuggestionAction.revise.timelineName, actor: actor, at: now, on: connection, logger: logger)
        }
    }

    /// Submits a draft: it gets its number (第0012号 in a session, 闭-2026-0012 between sessions).
    public func submit(_ id: UUID, by actor: Actor, now: Date) async throws {
        try await transition(id, .submit, by: actor, now: now) { locked, connection in
            let year = loop.local.ymd(now).year
            let scope = SuggestionNumber.scope(session: locked.session, region: locked.region, year: year)
            let sequence = try await connection.query(
                """
                INSERT INTO suggestion_counters (scope, last) VALUES (\(scope), 1)
                ON CONFLICT (scope) DO UPDATE SET last = suggestion_counters.last + 1 RETURNING last
                """,
                logger: logger
            ).collect()[0].decode(Int.self)
            let number = SuggestionNumber.format(sequence, inSession: locked.session != nil, year: year)
            try await connection.query(
                """
                UPDATE suggestions SET number = coalesce(number, \(number)), submitted_at = \(now), review_note = NULL WHERE id = \(id)
                """,
                logger: logger
            )
            return number
        }
    }

    /// A co-signer confirms (联名); confirming twice changes nothing.
    public func coSign(_ id: UUID, representative: UUID, by actor: Actor, now: Date) async throws {
        try await database.withTransaction(logger: logger) { connection in
            let locked = try await lock(id, on: connection)
            try SuggestionStateMachine.check(.coSign, in: locked.status)
            let rows = try await connection.query(
                """
                UPDATE suggestion_co_signers SET confirmed_at = coalesce(confirmed_at, \(now))
                WHERE suggestion_id = \(id) AND representative_id = \(representative)
                RETURNING confirmed_at = \(now)
                """,
                logger: logger
            ).collect()
            guard let changed = try rows.first?.decode(Bool.self) else {
                throw DomainError.conflict(code: "not_invited", detail: "Only a representative invited as co-signer can co-sign.")
            }
            if changed {
                try await Timeline.append(
                    .suggestion(id), action: SuggestionAction.coSign.timelineName, actor: actor, at: now, on: connection, logger: logger)
            }
        }
    }

    // MARK: - Review (staff of the region)

    public func accept(_ id: UUID, by actor: Actor, now: Date) async throws {
        try await transition(id, .accept, by: actor, now: now) { _, _ in nil }
    }

    /// Back to draft for revision; the reason is shown to the representative.
    public func returnForRevision(_ id: UUID, reason: String, by actor: Actor, now: Date) async throws {
        try await transition(id, .return, by: actor, now: now) { _, connection in
            try await connection.query("UPDATE suggestions SET review_note = \(reason) WHERE id = \(id)", logger: logger)
            return reason
        }
    }

    /// Treated as an ordinary letter (转为来信): closed as a suggestion, with the reason, and filed in the same
    /// transaction as a submission of its representative (channel `suggestion`) that goes through triage
    /// like any other; the suggestion links to it.
    public func convert(_ id: UUID, reason: String, by actor: Actor, filedBy user: UUID?, now: Date) async throws {
        try await transition(id, .convert, by: actor, now: now) { locked, connection in
            let rows = try await connection.query(
                "SELECT number, type, title, body, category FROM suggestions WHERE id = \(id)", logger: logger
            ).collect()
            let (number, type, title, body, category) = try rows[0].decode((String?, String, String, String, String).self)
            let letter = try await intake.fileLetter(
                .init(
                    representativeID: locked.representative, regionID: locked.region,
                    kind: (SuggestionType(rawValue: type) ?? .suggestion).letterKind, category: category,
                    text: ConvertedLetter(title: title, body: body), filedBy: user, note: "转自代表建议 \(number ?? "")：\(reason)"),
                by: actor, now: now, on: connection)
            try await connection.query(
                """
                UPDATE suggestions SET review_note = \(reason), closed_at = \(now), letter_submission_id = \(letter.id)
                WHERE id = \(id)
                """,
                logger: logger
            )
            return "\(reason)（转为来信 \(letter.receiptNo)）"
        }
    }

    /// A leader marks a key suggestion (重点建议), optionally naming the government leader who leads it
    /// (领办); it is then on every quarterly oversight list until done.
    public func markKey(_ id: UUID, keyItem: Bool, leadOfficial: String?, by actor: Actor, now: Date) async throws {
        try await database.withTransaction(logger: logger) { connection in
            let locked = try await lock(id, on: connection)
            try SuggestionStateMachine.check(.markKey, in: locked.status)
            try await connection.query(
                """
                UPDATE suggestions SET key_item = \(keyItem), lead_official = CASE WHEN \(keyItem) THEN \(leadOfficial) END,
                    updated_at = \(now)
                WHERE id = \(id)
                """,
                logger: logger
            )
            let note = keyItem ? (leadOfficial.map { "领办：\($0)" } ?? "重点建议") : "取消重点建议"
            try await Timeline.append(
                .suggestion(id), action: keyItem ? "key_marked" : "key_unmarked", actor: actor, note: note, at: now, on: connection,
                logger: logger)
        }
    }

    // MARK: - Assignment (the handling engine)

    /// Assigns an accepted (or pre-assigned, or reopened) suggestion to one lead and optional co-handlers,
    /// each due in months: the configured term for the first round, the re-handling term (重办) after.
    public func assign(
        _ id: UUID, _ requests: [LoopService.AssignmentRequest], by actor: Actor, within scope: AccessScope, now: Date
    ) async throws {
        try loop.engine.checkAssignments(requests)
        try await database.withTransaction(logger: logger) { connection in
            let locked = try await Self.lock(id, on: connection, logger: logger)
            try await Self.assign(id, locked, requests, engine: loop.engine, by: actor, within: scope, now: now, on: connection)
        }
    }

    /// The assignment of a locked suggestion on the caller's connection (the API's action and the monthly batch).
    static func assign(
        _ id: UUID, _ locked: Locked, _ requests: [LoopService.AssignmentRequest], engine: HandlingEngine, by actor: Actor,
        within scope: AccessScope, now: Date, on connection: PostgresConnection
    ) async throws {
        let next = try SuggestionStateMachine.next(from: locked.status, on: .assign)
        let months = locked.round == 1 ? engine.policy.suggestionMonths : engine.policy.rehandlingMonths
        let names = try await engine.insertAssignments(
            requests, for: .suggestion(id), round: locked.round, defaultTerm: .months(months), by: actor, within: scope, now: now,
            on: connection)
        try await connection.query(
            "UPDATE suggestions SET status = \(next.rawValue), updated_at = \(now) WHERE id = \(id)", logger: engine.logger
        )
        try await Timeline.append(
            .suggestion(id), action: "assigned", actor: actor, from: locked.status.rawValue, to: next.rawValue,
            note: names.joined(separator: "、"), at: now, on: connection, logger: engine.logger)
    }

    // MARK: - Helpers

    struct Locked {
        let status: SuggestionStatus
        let round: Int
        let representative: UUID
        let region: UUID
        let session: UUID?
    }

    func lock(_ id: UUID, on connection: PostgresConnection) async throws -> Locked {
        try await Self.lock(id, on: connection, logger: logger)
    }

    static func lock(_ id: UUID, on connection: PostgresConnection, logger: Logger) async throws -> Locked {
        let rows = try await connection.query(
            "SELECT status, round, representative_id, region_id, session_id FROM suggestions WHERE id = \(id) FOR UPDATE",
            logger: logger
        ).collect()
        guard let row = rows.first else { throw DomainError.notFound("Suggestion \(id)") }
        let (status, round, representative, region, session) = try row.decode((String, Int, UUID, UUID, UUID?).self)
        return Locked(
            status: SuggestionStatus(rawValue: status) ?? .closed, round: round, representative: representative, region: region,
            session: session)
    }

    /// A status change with its timeline entry; `extra` runs first in the same transaction and returns the entry's note.
    private func transition(
        _ id: UUID, _ action: SuggestionAction, by actor: Actor, now: Date,
        extra: (Locked, PostgresConnection) async throws -> String?
    ) async throws {
        try await database.withTransaction(logger: logger) { connection in
            let locked = try await lock(id, on: connection)
            let next = try SuggestionStateMachine.next(from: locked.status, on: action)
            // first what the new status needs (a submitted suggestion has its number: the table checks it)
            let note = try await extra(locked, connection)
            try await connection.query(
                "UPDATE suggestions SET status = \(next.rawValue), updated_at = \(now) WHERE id = \(id)", logger: logger
            )
            try await Timeline.append(
                .suggestion(id), action: action.timelineName, actor: actor, from: locked.status.rawValue, to: next.rawValue,
                note: note, at: now, on: connection, logger: logger)
        }
    }
}

extension SuggestionAction {
    /// The timeline's word for the action.
    var timelineName: String {
        switch self {
        case .submit: "submitted"
        case .accept: "accepted"
        case .return: "returned_for_revision"
        case .convert: "converted"
        case .preassign: "preassigned"
        case .assign: "assigned"
        case .leadsReplied: "replied"
        case .leadReturned: "lead_returned"
        case .settleSolved, .settlePlanned, .settleExplained: "settled"
        case .reopen: "reopened"
        case .reportDone: "done"
        case .revise: "revised"
        case .coSign: "co_signed"
        case .object: "objected"
        case .markKey: "key_marked"
        }
    }
}
