import Foundation
import MinqingCore
import MinqingOpenAPI
import MinqingRules

extension Components.Schemas.Category {
    init(_ category: Category) {
        self.init(code: category.code, name: category.name, position: category.position, active: category.active)
    }
}

extension APIHandler {
    func listCategories(_ input: Operations.ListCategories.Input) async throws -> Operations.ListCategories.Output {
        .ok(.init(body: .json(.init(items: try await categories.all().map(Components.Schemas.Category.init)))))
    }

    func createCategory(_ input: Operations.CreateCategory.Input) async throws -> Operations.CreateCategory.Output {
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        let code = v.required(body.code, "code", min: 2, max: 40)
        if code.range(of: "^[a-z][a-z0-9_]{1,39}$", options: .regularExpression) == nil {
            v.add("code", "must be lowercase letters, digits and underscores, starting with a letter")
        }
        let name = v.required(body.name, "name", max: 30)
        v.range(body.position, "position", 0...10_000)
        try v.check()
        let created = try await categories.create(
            Category(code: code, name: name, position: body.position ?? 100, active: body.active ?? true), now: now
        )
        return .created(.init(body: .json(.init(created))))
    }

    func updateCategory(_ input: Operations.UpdateCategory.Input) async throws -> Operations.UpdateCategory.Output {
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        let name = v.optional(body.name, "name", min: 1, max: 30)
        v.range(body.position, "position", 0...10_000)
        try v.check()
        let updated = try await categories.update(input.path.code, name: name, position: body.position, active: body.active, now: now)
        return .ok(.init(body: .json(.init(updated))))
    }
}
