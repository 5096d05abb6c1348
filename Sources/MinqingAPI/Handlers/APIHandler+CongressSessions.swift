import MinqingCore
import MinqingOpenAPI
import MinqingRules
import OpenAPIRuntime

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

extension APIHandler {
    func getSessionReport(_ input: Operations.GetSessionReport.Input) async throws -> Operations.GetSessionReport.Output {
        let (caller, id) = (try self.caller, try pathID(input.path.id, "Session"))
        var v = FieldValidator()
        if let version = input.query.version { v.range(version, "version", 1...Int(Int32.max)) }
        try v.check()
        guard let session = try await sessions.find(id) else { throw DomainError.notFound("Session \(input.path.id)") }
        let snapshot = try await scopedReport(
            SessionReport.self, id.text, region: session.regionID, version: input.query.version, caller: caller, department: nil)
        if wantsCSV(input.headers.accept.map { ($0.contentType.rawValue, $0.quality.doubleValue) }) {
            return .ok(.init(body: .csv(HTTPBody(ReportCSV.render(snapshot.data)))))
        }
        return .ok(.init(body: .json(try .init(snapshot))))
    }

    func writeSessionReport(_ input: Operations.WriteSessionReport.Input) async throws -> Operations.WriteSessionReport.Output {
        let (caller, id) = (try self.caller, try pathID(input.path.id, "Session"))
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        let reason = v.optional(body.reason, "reason", min: 1, max: 500, multiline: true)
        try v.check()
        try await sessions.writeReport(id, reason: reason, now: now)
        guard let session = try await sessions.find(id) else { throw DomainError.notFound("Session \(input.path.id)") }
        let snapshot = try await scopedReport(
            SessionReport.self, id.text, region: session.regionID, version: nil, caller: caller, department: nil)
        return .created(.init(body: .json(try .init(snapshot))))
    }
}

extension Components.Schemas.CongressSession {
    init(_ s: CongressSession) {
        self.init(
            id: s.id.text, regionId: s.regionID.text, name: s.name, opensOn: s.opensOn, closesOn: s.closesOn, createdAt: s.createdAt,
            updatedAt: s.updatedAt)
    }
}
