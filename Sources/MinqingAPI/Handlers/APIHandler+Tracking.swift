import Foundation
import MinqingCore
import MinqingOpenAPI
import MinqingRules

extension APIHandler {
    func getTracking(_ input: Operations.GetTracking.Input) async throws -> Operations.GetTracking.Output {
        .ok(.init(body: .json(try await tracking(token: input.path.trackingToken))))
    }

    func evaluateAsResident(_ input: Operations.EvaluateAsResident.Input) async throws -> Operations.EvaluateAsResident.Output {
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        guard let id = try await submissions.id(forTrackingToken: input.path.trackingToken) else {
            throw DomainError.notFound("Tracking token")
        }
        var v = FieldValidator()
        let comment = v.optional(body.comment, "comment", max: 500, multiline: true)
        try v.check()
        try await loop.evaluate(
            id, by: .resident, rating: Rating(rawValue: body.rating.rawValue)!, comment: comment,
            actor: .resident, now: now)
        return .ok(.init(body: .json(try await tracking(token: input.path.trackingToken))))
    }

    /// The resident's view; a merged submission follows the one it was merged into.
    func tracking(token: String) async throws -> Components.Schemas.Tracking {
        guard let id = try await submissions.id(forTrackingToken: token),
            let own = try await submissions.detail(id, now: now)
        else { throw DomainError.notFound("Tracking token") }
        var followed = own
        if let target = own.submission.mergedInto, let merged = try await submissions.detail(target, now: now) {
            followed = merged
        }
        let category = try await categories.find(own.submission.category)
        var view = Components.Schemas.Tracking(own: own, followed: followed, categoryName: category?.name)
        if let grown = try await suggestionStore.grownFrom(id) {
            view.suggestion = .init(
                number: grown.number, status: .init(rawValue: grown.status.rawValue)!,
                answerOutcome: grown.answer.flatMap { .init(rawValue: $0.outcome.rawValue) },
                answerSummary: grown.answer.map { String($0.text.prefix(200)) })
        }
        return view
    }
}
