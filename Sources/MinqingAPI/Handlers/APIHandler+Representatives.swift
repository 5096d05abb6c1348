import MinqingCore
import MinqingOpenAPI
import MinqingRules

extension APIHandler {
    func listRepresentatives(_ input: Operations.ListRepresentatives.Input) async throws -> Operations.ListRepresentatives.Output {
        let scope = try self.scope
        let query = input.query
        let page = try PageRequest(limit: query.limit, cursor: query.cursor)
        let filter = RepresentativeFilter(
            stationID: try queryID(query.stationId, "station_id"), level: query.level.flatMap { .init(rawValue: $0.rawValue) },
            nameContains: try nameQuery(query.q), active: query.active, region: try regionFilter(query.regionId, query.within)
        )
        let result = try await representatives.list(filter, page: page)
        let items = result.items.map { Components.Schemas.Representative($0, showContact: scope.reaches(representative: $0.id)) }
        return .ok(.init(body: .json(.init(items: items, nextCursor: result.nextCursor))))
    }

    func createRepresentative(_ input: Operations.CreateRepresentative.Input) async throws -> Operations.CreateRepresentative.Output {
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        let representative = try await representatives.create(try RepresentativeChanges(validating: body), within: try scope, now: now)
        return .created(.init(body: .json(.init(representative, showContact: true))))
    }

    func getRepresentative(_ input: Operations.GetRepresentative.Input) async throws -> Operations.GetRepresentative.Output {
        let scope = try self.scope
        let id = try pathID(input.path.id, "Representative")
        guard let representative = try await representatives.find(id) else {
            throw DomainError.notFound("Representative \(input.path.id)")
        }
        return .ok(.init(body: .json(.init(representative, showContact: scope.reaches(representative: representative.id)))))
    }

    func updateRepresentative(_ input: Operations.UpdateRepresentative.Input) async throws -> Operations.UpdateRepresentative.Output {
        let id = try pathID(input.path.id, "Representative")
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        let representative = try await representatives.update(id, try RepresentativeChanges(validating: body), within: try scope, now: now)
        return .ok(.init(body: .json(.init(representative, showContact: true))))
    }
}
