import Foundation
import MinqingCore
import MinqingOpenAPI
import MinqingRules

extension APIHandler {
    var problemStore: ProblemStore { ProblemStore(database: services.database, logger: logger) }
    var problemService: ProblemService { ProblemService(loop: loop) }

    func listActivityProblems(_ input: Operations.ListActivityProblems.Input) async throws -> Operations.ListActivityProblems.Output {
        let id = try pathID(input.path.id, "Activity")
        return .ok(.init(body: .json(.init(items: try await problemSummaries(activity: id)))))
    }

    func createActivityProblem(_ input: Operations.CreateActivityProblem.Input) async throws
        -> Operations.CreateActivityProblem.Output
    {
        let (caller, activity) = (try self.caller, try pathID(input.path.id, "Activity"))
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        let draft = ProblemDraft(
            title: v.optional(body.title, "title", min: 1, max: 200),
            body: v.optional(body.body, "body", min: 1, max: 5000, multiline: true),
            category: v.optional(body.category, "category", min: 1, max: 64), submissionID: v.id(body.submissionId, "submission_id"))
        if draft.submissionID == nil {
            if body.title == nil { v.add("title", "is required (or a submission_id to promote)") }
            if body.body == nil { v.add("body", "is required (or a submission_id to promote)") }
            if body.category == nil { v.add("category", "is required (or a submission_id to promote)") }
        }
        try v.check()
        let id = try await problemService.create(draft, on: activity, by: caller, now: now)
        return .created(.init(body: .json(try await problemDetail(id))))
    }

    func getProblem(_ input: Operations.GetProblem.Input) async throws -> Operations.GetProblem.Output {
        .ok(.init(body: .json(try await problemDetail(try pathID(input.path.id, "Problem")))))
    }

    func assignProblem(_ input: Operations.AssignProblem.Input) async throws -> Operations.AssignProblem.Output {
        let (caller, id) = (try self.caller, try pathID(input.path.id, "Problem"))
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        try await problemService.assign(id, try Self.requests(body), by: Actor(user: caller), within: try scope, now: now)
        return .ok(.init(body: .json(try await problemDetail(id))))
    }

    func rateProblem(_ input: Operations.RateProblem.Input) async throws -> Operations.RateProblem.Output {
        let (caller, id) = (try self.caller, try pathID(input.path.id, "Problem"))
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        let comment = v.optional(body.comment, "comment", max: 500, multiline: true)
        try v.check()
        guard let representative = caller.representativeID else { throw DomainError.forbidden("Only representatives rate.") }
        try await problemService.rate(
            id, by: representative, Rating(rawValue: body.rating.rawValue)!, comment: comment, actor: Actor(user: caller), now: now)
        return .ok(.init(body: .json(try await problemDetail(id))))
    }

    func problemSummaries(activity: UUID) async throws -> [Components.Schemas.ActivityProblem] {
        let working = try await calendars.workingCalendar(calendar)
        return try await problemStore.list(activity: activity).map { .init($0, calendar: working, now: now) }
    }

    private func problemDetail(_ id: UUID) async throws -> Components.Schemas.ProblemDetail {
        guard let detail = try await problemStore.detail(id) else { throw DomainError.notFound("Problem \(id.text)") }
        let working = try await calendars.workingCalendar(calendar)
        return .init(
            problem: .init(detail.problem, calendar: working, now: now),
            assignments: detail.assignments.map { .init($0, calendar: working, ladder: services.config.rhythm.ladder, now: now) },
            ratings: detail.ratings.map {
                .init(
                    round: $0.round, representativeId: $0.representativeID.text, rating: .init(rawValue: $0.rating.rawValue)!,
                    comment: $0.comment, createdAt: $0.createdAt)
            },
            timeline: detail.timeline.map(Components.Schemas.TimelineEvent.init))
    }
}

extension Components.Schemas.ActivityProblem {
    init(_ p: ProblemRecord, calendar: WorkingCalendar, now: Date) {
        self.init(
            id: p.id.text, activityId: p.activityID.text, number: p.number, title: p.title, body: p.body, category: p.category,
            submissionId: p.submissionID?.text, status: .init(rawValue: p.status.rawValue)!, round: p.round,
            leadDepartmentId: p.leadDepartmentID?.text, leadDepartmentName: p.leadDepartmentName, dueAt: p.dueAt,
            daysLeft: p.dueAt.map { calendar.workingDaysLeft(until: $0, now: now) }, overdue: p.dueAt.map { $0 < now } ?? false,
            outcome: p.outcome.flatMap { .init(rawValue: $0.rawValue) },
            allowedActions: ProblemStateMachine.allowedActions(from: p.status), repliedAt: p.repliedAt, closedAt: p.closedAt,
            createdAt: p.createdAt, updatedAt: p.updatedAt)
    }
}
