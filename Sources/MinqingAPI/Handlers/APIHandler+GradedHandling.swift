import Foundation
import MinqingCore
import MinqingOpenAPI
import MinqingRules

/// Graded handling (refer up the levels) and leaders' key items.
extension APIHandler {
    func referSubmission(_ input: Operations.ReferSubmission.Input) async throws -> Operations.ReferSubmission.Output {
        let (caller, id) = try triager(input.path.id)
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        let note = v.required(body.note, "note", max: 500, multiline: true)
        try v.check()
        try await loop.refer(id, note: note, by: Actor(user: caller), now: now)
        return .ok(.init(body: .json(try await detail(id, for: caller))))
    }

    func markKeyItem(_ input: Operations.MarkKeyItem.Input) async throws -> Operations.MarkKeyItem.Output {
        let (caller, id) = try triager(input.path.id)
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        let instruction = v.optional(body.instruction, "instruction", max: 500, multiline: true)
        try v.check()
        try await loop.markKeyItem(id, body.keyItem, instruction: instruction, by: Actor(user: caller), now: now)
        return .ok(.init(body: .json(try await detail(id, for: caller))))
    }
}
