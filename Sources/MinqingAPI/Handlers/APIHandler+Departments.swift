import MinqingCore
import MinqingOpenAPI
import MinqingRules

extension APIHandler {
    func listDepartments(_ input: Operations.ListDepartments.Input) async throws -> Operations.ListDepartments.Output {
        let query = input.query
        let page = try PageRequest(limit: query.limit, cursor: query.cursor)
        let filter = DepartmentFilter(
            parentID: try queryID(query.parentId, "parent_id"), level: query.level.flatMap { .init(rawValue: $0.rawValue) },
            nameContains: try nameQuery(query.q), active: query.active, region: try regionFilter(query.regionId, query.within)
        )
        let result = try await departments.list(filter, page: page)
        return .ok(.init(body: .json(.init(items: result.items.map(Components.Schemas.Department.init), nextCursor: result.nextCursor))))
    }

    func createDepartment(_ input: Operations.CreateDepartment.Input) async throws -> Operations.CreateDepartment.Output {
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        let department = try await departments.create(try DepartmentChanges(validating: body), within: try scope, now: now)
        return .created(.init(body: .json(.init(department))))
    }

    func getDepartment(_ input: Operations.GetDepartment.Input) async throws -> Operations.GetDepartment.Output {
        let id = try pathID(input.path.id, "Department")
        guard let department = try await departments.find(id) else { throw DomainError.notFound("Department \(input.path.id)") }
        return .ok(.init(body: .json(.init(department))))
    }

    func updateDepartment(_ input: Operations.UpdateDepartment.Input) async throws -> Operations.UpdateDepartment.Output {
        let id = try pathID(input.path.id, "Department")
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        let department = try await departments.update(id, try DepartmentChanges(validating: body), within: try scope, now: now)
        return .ok(.init(body: .json(.init(department))))
    }
}
