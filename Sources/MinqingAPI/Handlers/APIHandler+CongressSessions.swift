import MinqingCore
import MinqingOpenAPI
import MinqingRules

extension APIHandler {
    var sessions: SessionStore { SessionStore(database: services.database, logger: logger) }

    func listSessions(_ input: Operations.ListSessions.Input) async throws -> Operations.ListSessions.Output {
        let q = input.query
        let page = try PageRequest(limit: q.limit, cursor: q.cursor)
        let result = try await sessions.list(region: try regionFilter(q.regionId, q.within), page: page)
        return .ok(
            .init(body: .json(.init(items: result.items.map(Components.Schemas.CongressSession.init), nextCursor: result.nextCursor))))
    }

    func createSession(_ input: Operations.CreateSession.Input) async throws -> Operations.CreateSession.Output {
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        let changes = SessionChanges(
            regionID: v.id(body.regionId, "region_id"), name: v.required(body.name, "name", max: 100),
            opensOn: v.date(body.opensOn, "opens_on"), closesOn: v.date(body.closesOn, "closes_on"))
        if let opens = changes.opensOn, let closes = changes.closesOn, closes < opens {
            v.add("closes_on", "must not be before opens_on")
        }
        try v.check()
        return .created(.init(body: .json(.init(try await sessions.create(changes, within: try scope, now: now)))))
    }

    func getSession(_ input: Operations.GetSession.Input) async throws -> Operations.GetSession.Output {
        let id = try pathID(input.path.id, "Session")
        guard let session = try await sessions.find(id) else { throw DomainError.notFound("Session \(input.path.id)") }
        return .ok(.init(body: .json(.init(session))))
    }

    func updateSession(_ input: Operations.UpdateSession.Input) async throws -> Operations.UpdateSession.Output {
        let id = try pathID(input.path.id, "Session")
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        let changes = SessionChanges(
            name: v.optional(body.name, "name", min: 1, max: 100), opensOn: v.date(body.opensOn, "opens_on"),
            closesOn: v.date(body.closesOn, "closes_on"))
        try v.check()
        return .ok(.init(body: .json(.init(try await sessions.update(id, changes, now: now)))))
    }
}

extension Components.Schemas.CongressSession {
    init(_ s: CongressSession) {
        self.init(
            id: s.id.text, regionId: s.regionID.text, name: s.name, opensOn: s.opensOn, closesOn: s.closesOn, createdAt: s.createdAt,
            updatedAt: s.updatedAt)
    }
}
