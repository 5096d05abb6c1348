import MinqingCore
import MinqingOpenAPI
import MinqingRules

extension APIHandler {
    func login(_ input: Operations.Login.Input) async throws -> Operations.Login.Output {
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        let username = v.required(body.username, "username", max: 64)
        _ = v.required(body.password, "password", max: 128)  // refuses control characters too
        try v.check()
        let address = RequestScope.current.clientAddress
        let throttle = LoginThrottle(database: services.database, logger: logger)
        try await throttle.check(username: username, address: address, now: now)
        let found = try await users.credentials(username: username)
        let valid = try await passwords.verify(body.password, hash: found?.1 ?? passwords.decoy)
        guard let (user, _) = found, valid else {
            try await throttle.recordFailure(username: username, address: address, now: now)
            throw DomainError.unauthenticated("The username or password is wrong.")
        }
        let issued = try await tokens.issue(for: user.id, now: now, lifetime: services.config.tokenLifetime)
        logger.info("signed in", metadata: ["user.id": "\(user.id.text)", "user.role": "\(user.role.rawValue)"])
        return .ok(
            .init(
                body: .json(
                    .init(
                        token: issued.token, tokenType: .bearer, expiresAt: issued.expiresAt,
                        role: .init(rawValue: user.role.rawValue)!, user: .init(user)
                    ))))
    }

    func logout(_ input: Operations.Logout.Input) async throws -> Operations.Logout.Output {
        if let token = bearerToken() { try await tokens.revoke(token, now: now) }
        return .noContent(.init())
    }

    func getMe(_ input: Operations.GetMe.Input) async throws -> Operations.GetMe.Output {
        .ok(.init(body: .json(.init(try caller))))
    }

    func listUsers(_ input: Operations.ListUsers.Input) async throws -> Operations.ListUsers.Output {
        let page = try PageRequest(limit: input.query.limit, cursor: input.query.cursor)
        let query = input.query
        let result = try await users.list(
            role: query.role.flatMap { Role(rawValue: $0.rawValue) }, region: try regionFilter(query.regionId, query.within),
            active: query.active, scope: try scope, page: page)
        return .ok(.init(body: .json(.init(items: result.items.map(Components.Schemas.User.init), nextCursor: result.nextCursor))))
    }

    func createUser(_ input: Operations.CreateUser.Input) async throws -> Operations.CreateUser.Output {
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        let role = Role(rawValue: body.role.rawValue)!
        // who may create which role is decided before the rest of the body is judged
        guard AccessPolicy.mayCreateUser(of: role, by: try caller) else {
            throw DomainError.forbidden("The \(try caller.role.rawValue) role may not create \(role.rawValue) users.")
        }
        var v = FieldValidator()
        let username = v.required(body.username, "username", min: 3, max: 64)
        if username.range(of: "^[A-Za-z0-9_.@-]+$", options: .regularExpression) == nil {
            v.add("username", "may contain only letters, digits and _ . @ -")
        }
        if let refusal = PasswordRule.refusal(body.password, username: body.username) { v.add("password", refusal) }
        let given: [(Role.BindingField, String?)] = [
            (.representative, body.representativeId), (.observer, body.observerId), (.department, body.departmentId),
            (.region, body.regionId),
        ]
        for problem in role.bindingProblems(bound: Set(given.filter { $0.1 != nil }.map(\.0))) { v.add(problem.field, problem.message) }
        let representativeID = v.id(body.representativeId, "representative_id")
        let observerID = v.id(body.observerId, "observer_id")
        let departmentID = v.id(body.departmentId, "department_id")
        let regionID = v.id(body.regionId, "region_id")
        try v.check()
        let user = try await users.create(
            .init(
                username: username, passwordHash: try await passwords.hash(body.password), role: role,
                representativeID: representativeID, observerID: observerID, departmentID: departmentID, regionID: regionID),
            within: try scope, now: now
        )
        return .created(.init(body: .json(.init(user))))
    }
}
