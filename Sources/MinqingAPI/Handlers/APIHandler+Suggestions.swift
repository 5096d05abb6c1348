import Foundation
import MinqingCore
import MinqingOpenAPI
import MinqingRules

extension APIHandler {
    var suggestionStore: SuggestionStore { SuggestionStore(database: services.database, logger: logger) }
    var suggestionService: SuggestionService { SuggestionService(loop: loop, intake: intake) }

    func listSuggestions(_ input: Operations.ListSuggestions.Input) async throws -> Operations.ListSuggestions.Output {
        let q = input.query
        let page = try PageRequest(limit: q.limit, cursor: q.cursor)
        var v = FieldValidator()
        let between = q.sessionId == "none"
        let filter = SuggestionFilter(
            sessionID: between ? nil : v.id(q.sessionId, "session_id"), betweenSessions: between ? true : nil,
            status: q.status.flatMap { .init(rawValue: $0.rawValue) }, type: q._type.flatMap { .init(rawValue: $0.rawValue) },
            representativeID: v.id(q.representativeId, "representative_id"), departmentID: v.id(q.departmentId, "department_id"),
            keyItem: q.key, category: v.optional(q.category, "category", max: 64), text: v.optional(q.q, "q", max: 100))
        try v.check()
        let result = try await suggestionStore.list(filter, scope: try scope, page: page)
        return .ok(.init(body: .json(.init(items: result.items.map(Components.Schemas.Suggestion.init), nextCursor: result.nextCursor))))
    }

    func createSuggestion(_ input: Operations.CreateSuggestion.Input) async throws -> Operations.CreateSuggestion.Output {
        let caller = try self.caller
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        var draft = SuggestionDraft(
            representativeID: v.id(body.representativeId, "representative_id"), type: SuggestionType(rawValue: body._type.rawValue),
            title: v.required(body.title, "title", max: 200), body: v.required(body.body, "body", max: 20_000, multiline: true),
            category: v.required(body.category, "category", max: 64), sessionID: .some(v.id(body.sessionId, "session_id")),
            coSignerIDs: Self.ids(body.coSignerIds, "co_signer_ids", &v),
            sourceSubmissionIDs: Self.ids(body.sourceSubmissionIds, "source_submission_ids", &v))
        if caller.role == .representative {
            draft.representativeID = draft.representativeID ?? caller.representativeID
        } else if draft.representativeID == nil {
            v.add("representative_id", "is required when filing on a representative's behalf")
        }
        try v.check()
        let id = try await suggestionService.create(draft, by: Actor(user: caller), filedBy: caller.id, within: try scope, now: now)
        return .created(.init(body: .json(try await suggestionDetail(id))))
    }

    func submissionToSuggestion(_ input: Operations.SubmissionToSuggestion.Input) async throws
        -> Operations.SubmissionToSuggestion.Output
    {
        let caller = try self.caller
        let submission = try visibleSubmission(input.path.id)
        let id = try await suggestionService.draft(
            fromSubmission: submission, representative: caller.representativeID ?? UUID(), by: Actor(user: caller), filedBy: caller.id,
            now: now)
        return .created(.init(body: .json(try await suggestionDetail(id))))
    }

    func getSuggestion(_ input: Operations.GetSuggestion.Input) async throws -> Operations.GetSuggestion.Output {
        .ok(.init(body: .json(try await suggestionDetail(try pathID(input.path.id, "Suggestion")))))
    }

    func updateSuggestion(_ input: Operations.UpdateSuggestion.Input) async throws -> Operations.UpdateSuggestion.Output {
        let (caller, id) = try await drafter(of: input.path.id)
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        var session: UUID?? = nil
        if let text = body.sessionId { session = .some(text == "none" ? nil : v.id(text, "session_id")) }
        let draft = SuggestionDraft(
            type: body._type.flatMap { SuggestionType(rawValue: $0.rawValue) }, title: v.optional(body.title, "title", min: 1, max: 200),
            body: v.optional(body.body, "body", min: 1, max: 20_000, multiline: true),
            category: v.optional(body.category, "category", min: 1, max: 64), sessionID: session,
            coSignerIDs: Self.ids(body.coSignerIds, "co_signer_ids", &v),
            sourceSubmissionIDs: Self.ids(body.sourceSubmissionIds, "source_submission_ids", &v))
        try v.check()
        try await suggestionService.update(id, draft, by: Actor(user: caller), now: now)
        return .ok(.init(body: .json(try await suggestionDetail(id))))
    }

    func submitSuggestion(_ input: Operations.SubmitSuggestion.Input) async throws -> Operations.SubmitSuggestion.Output {
        let (caller, id) = try await drafter(of: input.path.id)
        try await suggestionService.submit(id, by: Actor(user: caller), now: now)
        return .ok(.init(body: .json(try await suggestionDetail(id))))
    }

    func coSignSuggestion(_ input: Operations.CoSignSuggestion.Input) async throws -> Operations.CoSignSuggestion.Output {
        let caller = try self.caller
        let id = try pathID(input.path.id, "Suggestion")
        try await suggestionService.coSign(id, representative: caller.representativeID ?? UUID(), by: Actor(user: caller), now: now)
        return .ok(.init(body: .json(try await suggestionDetail(id))))
    }

    func acceptSuggestion(_ input: Operations.AcceptSuggestion.Input) async throws -> Operations.AcceptSuggestion.Output {
        let (caller, id) = (try self.caller, try pathID(input.path.id, "Suggestion"))
        try await suggestionService.accept(id, by: Actor(user: caller), now: now)
        return .ok(.init(body: .json(try await suggestionDetail(id))))
    }

    func returnSuggestion(_ input: Operations.ReturnSuggestion.Input) async throws -> Operations.ReturnSuggestion.Output {
        let (caller, id) = (try self.caller, try pathID(input.path.id, "Suggestion"))
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        let reason = try Self.reason(body.reason)
        try await suggestionService.returnForRevision(id, reason: reason, by: Actor(user: caller), now: now)
        return .ok(.init(body: .json(try await suggestionDetail(id))))
    }

    func convertSuggestion(_ input: Operations.ConvertSuggestion.Input) async throws -> Operations.ConvertSuggestion.Output {
        let (caller, id) = (try self.caller, try pathID(input.path.id, "Suggestion"))
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        let reason = try Self.reason(body.reason)
        try await suggestionService.convert(id, reason: reason, by: Actor(user: caller), filedBy: caller.id, now: now)
        return .ok(.init(body: .json(try await suggestionDetail(id))))
    }

    func assignSuggestion(_ input: Operations.AssignSuggestion.Input) async throws -> Operations.AssignSuggestion.Output {
        let (caller, id) = (try self.caller, try pathID(input.path.id, "Suggestion"))
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        try await suggestionService.assign(id, try Self.requests(body), by: Actor(user: caller), within: try scope, now: now)
        return .ok(.init(body: .json(try await suggestionDetail(id))))
    }

    func preassignSuggestion(_ input: Operations.PreassignSuggestion.Input) async throws -> Operations.PreassignSuggestion.Output {
        let (caller, id) = (try self.caller, try pathID(input.path.id, "Suggestion"))
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        try await suggestionService.preassign(id, try Self.requests(body), by: Actor(user: caller), within: try scope, now: now)
        return .ok(.init(body: .json(try await suggestionDetail(id))))
    }

    func objectToSuggestion(_ input: Operations.ObjectToSuggestion.Input) async throws -> Operations.ObjectToSuggestion.Output {
        let (caller, id) = (try self.caller, try pathID(input.path.id, "Suggestion"))
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        let reason = try Self.reason(body.reason)
        try await suggestionService.object(id, department: caller.departmentID ?? UUID(), reason: reason, by: Actor(user: caller), now: now)
        return .ok(.init(body: .json(try await suggestionDetail(id))))
    }

    static func requests(_ body: Components.Schemas.SuggestionAssignInput) throws -> [LoopService.AssignmentRequest] {
        var v = FieldValidator()
        let requests = body.assignments.enumerated().compactMap { index, item in
            v.id(item.departmentId, "assignments[\(index)].department_id").map {
                LoopService.AssignmentRequest(
                    departmentID: $0, role: AssignmentRole(rawValue: item.role.rawValue)!, term: item.months.map(HandlingTerm.months))
            }
        }
        try v.check()
        return requests
    }

    func rateSuggestion(_ input: Operations.RateSuggestion.Input) async throws -> Operations.RateSuggestion.Output {
        let (caller, id) = (try self.caller, try pathID(input.path.id, "Suggestion"))
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        let comment = v.optional(body.comment, "comment", max: 500, multiline: true)
        try v.check()
        try await suggestionService.rate(
            id, by: caller.representativeID ?? UUID(),
            .init(rating: Rating(rawValue: body.rating.rawValue)!, contactedBefore: body.contactedBefore, comment: comment),
            actor: Actor(user: caller), now: now)
        return .ok(.init(body: .json(try await suggestionDetail(id))))
    }

    func markKeySuggestion(_ input: Operations.MarkKeySuggestion.Input) async throws -> Operations.MarkKeySuggestion.Output {
        let (caller, id) = (try self.caller, try pathID(input.path.id, "Suggestion"))
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        let official = v.optional(body.leadOfficial, "lead_official", max: 100)
        try v.check()
        try await suggestionService.markKey(id, keyItem: body.keyItem, leadOfficial: official, by: Actor(user: caller), now: now)
        return .ok(.init(body: .json(try await suggestionDetail(id))))
    }

    func markSuggestionDone(_ input: Operations.MarkSuggestionDone.Input) async throws -> Operations.MarkSuggestionDone.Output {
        let (caller, id) = (try self.caller, try pathID(input.path.id, "Suggestion"))
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        let note = v.required(body.note, "note", max: 2000, multiline: true)
        try v.check()
        try await suggestionService.reportDone(
            id, note: note, by: Actor(user: caller), department: caller.role == .department ? caller.departmentID ?? UUID() : nil,
            now: now)
        return .ok(.init(body: .json(try await suggestionDetail(id))))
    }

    // MARK: - Helpers

    /// The caller and the suggestion the path names, when he may revise it: its lead representative, or
    /// staff and admins on his behalf; a co-signer is refused (403) before the body is read.
    private func drafter(of text: String) async throws -> (User, UUID) {
        let (caller, id) = (try self.caller, try pathID(text, "Suggestion"))
        guard let suggestion = try await suggestionStore.find(id) else { throw DomainError.notFound("Suggestion \(text)") }
        guard AccessPolicy.mayDraft(suggestionLedBy: suggestion.representativeID, caller: caller) else {
            throw DomainError.forbidden("Only the lead representative revises and submits a suggestion; co-signers co-sign.")
        }
        return (caller, id)
    }

    private func suggestionDetail(_ id: UUID) async throws -> Components.Schemas.SuggestionDetail {
        guard let detail = try await suggestionStore.detail(id) else { throw DomainError.notFound("Suggestion \(id.text)") }
        let working = try await calendars.workingCalendar(calendar)
        return .init(
            suggestion: .init(detail.suggestion),
            assignments: detail.assignments.map { .init($0, calendar: working, ladder: services.config.rhythm.ladder, now: now) },
            ratings: detail.ratings.map {
                .init(
                    round: $0.round, representativeId: $0.representativeID.text, lead: $0.lead,
                    rating: .init(rawValue: $0.rating.rawValue)!, contactedBefore: $0.contactedBefore, comment: $0.comment,
                    createdAt: $0.createdAt)
            },
            preassignments: detail.preassignments.map {
                .init(
                    departmentId: $0.departmentID.text, departmentName: $0.departmentName, role: .init(rawValue: $0.role.rawValue)!,
                    months: $0.months, objectBy: $0.objectBy, objection: $0.objection, objectedAt: $0.objectedAt)
            },
            timeline: detail.timeline.map(Components.Schemas.TimelineEvent.init))
    }

    static func ids(_ texts: [String]?, _ field: String, _ v: inout FieldValidator) -> [UUID]? {
        texts.map { list in list.enumerated().compactMap { index, text in v.id(text, "\(field)[\(index)]") } }
    }

    static func reason(_ text: String) throws -> String {
        var v = FieldValidator()
        let reason = v.required(text, "reason", max: 500, multiline: true)
        try v.check()
        return reason
    }
}

extension Components.Schemas.Suggestion {
    init(_ s: SuggestionRecord) {
        self.init(
            id: s.id.text, number: s.number, regionId: s.regionID.text, sessionId: s.sessionID?.text,
            representativeId: s.representativeID.text, representativeName: s.representativeName,
            _type: .init(rawValue: s.type.rawValue)!, title: s.title, body: s.body, category: s.category,
            status: .init(rawValue: s.status.rawValue)!, round: s.round, reviewNote: s.reviewNote, keyItem: s.keyItem,
            leadOfficial: s.leadOfficial, leadDepartmentId: s.leadDepartmentID?.text,
            outcome: s.outcome.flatMap { .init(rawValue: $0.rawValue) }, promisedOn: s.promisedOn, doneNote: s.doneNote,
            doneAt: s.doneAt, letterSubmissionId: s.letterSubmissionID?.text, letterReceiptNo: s.letterReceiptNo,
            coSigners: s.coSigners.map {
                .init(
                    representativeId: $0.representativeID.text, name: $0.name, status: $0.confirmedAt == nil ? .invited : .confirmed,
                    confirmedAt: $0.confirmedAt)
            },
            sourceSubmissionIds: s.sourceSubmissionIDs.map(\.text),
            allowedActions: SuggestionStateMachine.allowedActions(from: s.status), submittedAt: s.submittedAt, repliedAt: s.repliedAt,
            closedAt: s.closedAt, createdAt: s.createdAt, updatedAt: s.updatedAt)
    }
}
