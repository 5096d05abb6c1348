import MinqingCore
import MinqingOpenAPI
import MinqingRules

extension APIHandler {
    func listObservers(_ input: Operations.ListObservers.Input) async throws -> Operations.ListObservers.Output {
        let query = input.query
        let page = try PageRequest(limit: query.limit, cursor: query.cursor)
        let filter = ObserverFilter(
            representativeID: try queryID(query.representativeId, "representative_id"),
            stationID: try queryID(query.stationId, "station_id"), active: query.active
        )
        let result = try await observers.list(filter, scope: scope, page: page)
        return .ok(.init(body: .json(.init(items: result.items.map(Components.Schemas.Observer.init), nextCursor: result.nextCursor))))
    }

    func createObserver(_ input: Operations.CreateObserver.Input) async throws -> Operations.CreateObserver.Output {
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        let observer = try await observers.create(try ObserverChanges(validating: body), within: try scope, now: now)
        return .created(.init(body: .json(.init(observer))))
    }

    func getObserver(_ input: Operations.GetObserver.Input) async throws -> Operations.GetObserver.Output {
        let id = try pathID(input.path.id, "Observer")
        guard let observer = try await observers.find(id) else { throw DomainError.notFound("Observer \(input.path.id)") }
        return .ok(.init(body: .json(.init(observer))))
    }

    func updateObserver(_ input: Operations.UpdateObserver.Input) async throws -> Operations.UpdateObserver.Output {
        let id = try pathID(input.path.id, "Observer")
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        let observer = try await observers.update(id, try ObserverChanges(validating: body), within: try scope, now: now)
        return .ok(.init(body: .json(.init(observer))))
    }
}
