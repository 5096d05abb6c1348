import MinqingCore
import MinqingOpenAPI
import MinqingRules

extension APIHandler {
    func listStations(_ input: Operations.ListStations.Input) async throws -> Operations.ListStations.Output {
        let query = input.query
        let page = try PageRequest(limit: query.limit, cursor: query.cursor)
        let filter = StationFilter(
            parentID: try queryID(query.parentId, "parent_id"), level: query.level.flatMap { .init(rawValue: $0.rawValue) },
            category: query.category.flatMap { .init(rawValue: $0.rawValue) }, nameContains: try nameQuery(query.q), active: query.active,
            region: try regionFilter(query.regionId, query.within)
        )
        let result = try await stations.list(filter, page: page)
        return .ok(.init(body: .json(.init(items: result.items.map(Components.Schemas.Station.init), nextCursor: result.nextCursor))))
    }

    func createStation(_ input: Operations.CreateStation.Input) async throws -> Operations.CreateStation.Output {
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        let station = try await stations.create(try StationChanges(validating: body), within: try scope, now: now)
        return .created(.init(body: .json(.init(station))))
    }

    func getStation(_ input: Operations.GetStation.Input) async throws -> Operations.GetStation.Output {
        let id = try pathID(input.path.id, "Station")
        guard let station = try await stations.find(id) else { throw DomainError.notFound("Station \(input.path.id)") }
        return .ok(.init(body: .json(.init(station))))
    }

    func updateStation(_ input: Operations.UpdateStation.Input) async throws -> Operations.UpdateStation.Output {
        let id = try pathID(input.path.id, "Station")
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        let station = try await stations.update(id, try StationChanges(validating: body), within: try scope, now: now)
        return .ok(.init(body: .json(.init(station))))
    }
}
