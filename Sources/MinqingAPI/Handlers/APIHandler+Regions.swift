import MinqingCore
import MinqingOpenAPI
import MinqingRules

extension APIHandler {
    var regions: RegionStore { RegionStore(database: services.database, logger: logger) }

    func listRegions(_ input: Operations.ListRegions.Input) async throws -> Operations.ListRegions.Output {
        let query = input.query
        let page = try PageRequest(limit: query.limit, cursor: query.cursor)
        let result = try await regions.list(
            parent: try queryID(query.parentId, "parent_id"), level: query.level.flatMap { RegionLevel(rawValue: $0.rawValue) },
            nameContains: try nameQuery(query.q), within: try regionFilter(query.regionId, query.within), page: page)
        return .ok(.init(body: .json(.init(items: result.items.map(Components.Schemas.Region.init), nextCursor: result.nextCursor))))
    }

    func createRegion(_ input: Operations.CreateRegion.Input) async throws -> Operations.CreateRegion.Output {
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        let region = try await regions.create(try RegionChanges(validating: body), now: now)
        return .created(.init(body: .json(.init(region))))
    }

    func getRegion(_ input: Operations.GetRegion.Input) async throws -> Operations.GetRegion.Output {
        let id = try pathID(input.path.id, "Region")
        guard let region = try await regions.find(id) else { throw DomainError.notFound("Region \(input.path.id)") }
        return .ok(.init(body: .json(.init(region))))
    }

    func updateRegion(_ input: Operations.UpdateRegion.Input) async throws -> Operations.UpdateRegion.Output {
        let id = try pathID(input.path.id, "Region")
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        let region = try await regions.update(id, try RegionChanges(validating: body), now: now)
        return .ok(.init(body: .json(.init(region))))
    }
}
