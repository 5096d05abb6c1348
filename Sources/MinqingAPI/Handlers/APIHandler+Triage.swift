import Foundation
import MinqingCore
import MinqingOpenAPI
import MinqingRules

extension APIHandler {
    /// The caller and the submission: triage is for the representative of the submission's code or
    /// station, or an admin (the policy admits the roles; the scope decides which submissions).
    func triager(_ text: String) throws -> (User, UUID) {
        (try caller, try visibleSubmission(text))
    }

    func acceptSubmission(_ input: Operations.AcceptSubmission.Input) async throws -> Operations.AcceptSubmission.Output {
        let (caller, id) = try triager(input.path.id)
        try await loop.accept(id, by: Actor(user: caller), now: now)
        return .ok(.init(body: .json(try await detail(id, for: caller))))
    }

    func rejectSubmission(_ input: Operations.RejectSubmission.Input) async throws -> Operations.RejectSubmission.Output {
        let (caller, id) = try triager(input.path.id)
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        let reason = v.required(body.reason, "reason", max: 500, multiline: true)
        try v.check()
        try await loop.reject(id, reason: reason, by: Actor(user: caller), now: now)
        return .ok(.init(body: .json(try await detail(id, for: caller))))
    }

    func mergeSubmission(_ input: Operations.MergeSubmission.Input) async throws -> Operations.MergeSubmission.Output {
        let (caller, id) = try triager(input.path.id)
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        let target = v.id(body.intoId, "into_id")
        try v.check()
        try await loop.merge(id, into: target!, scope: scope, by: Actor(user: caller), now: now)
        return .ok(.init(body: .json(try await detail(id, for: caller))))
    }

    func resolveSubmission(_ input: Operations.ResolveSubmission.Input) async throws -> Operations.ResolveSubmission.Output {
        let (caller, id) = try triager(input.path.id)
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        let reply = v.required(body.reply, "reply", max: 2000, multiline: true)
        try v.check()
        try await loop.resolve(id, reply: reply, by: Actor(user: caller), now: now)
        return .ok(.init(body: .json(try await detail(id, for: caller))))
    }

    func assignSubmission(_ input: Operations.AssignSubmission.Input) async throws -> Operations.AssignSubmission.Output {
        let (caller, id) = try triager(input.path.id)
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        if body.assignments.isEmpty || body.assignments.count > 10 { v.add("assignments", "must list 1 to 10 departments") }
        let requests = body.assignments.enumerated().compactMap { index, item in
            v.id(item.departmentId, "assignments[\(index)].department_id").map {
                LoopService.AssignmentRequest(
                    departmentID: $0, role: .init(rawValue: item.role.rawValue)!, term: item.workingDays.map(HandlingTerm.workingDays))
            }
        }
        try v.check()
        try await loop.assign(id, requests, keyItem: body.keyItem, by: Actor(user: caller), within: try scope, now: now)
        return .ok(.init(body: .json(try await detail(id, for: caller))))
    }

    func escalateSubmission(_ input: Operations.EscalateSubmission.Input) async throws -> Operations.EscalateSubmission.Output {
        let (caller, id) = try triager(input.path.id)
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        let department = v.id(body.departmentId, "department_id")
        v.range(body.workingDays, "working_days", 1...120)
        try v.check()
        try await loop.escalate(
            id, to: department!, workingDays: body.workingDays, by: Actor(user: caller), within: try scope, now: now)
        return .ok(.init(body: .json(try await detail(id, for: caller))))
    }

    func evaluateSubmissionAsRepresentative(
        _ input: Operations.EvaluateSubmissionAsRepresentative.Input
    ) async throws -> Operations.EvaluateSubmissionAsRepresentative.Output {
        let caller = try self.caller
        let id = try visibleSubmission(input.path.id)
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        let comment = v.optional(body.comment, "comment", max: 500, multiline: true)
        try v.check()
        try await loop.evaluate(
            id, by: .representative, rating: Rating(rawValue: body.rating.rawValue)!, comment: comment,
            actor: Actor(user: caller), now: now)
        return .ok(.init(body: .json(try await detail(id, for: caller))))
    }
}
