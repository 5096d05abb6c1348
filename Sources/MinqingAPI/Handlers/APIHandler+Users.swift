import Foundation
import MinqingCore
import MinqingOpenAPI
import MinqingRules

/// User management: one user, its changes, password resets, and a user's own password.
extension APIHandler {
    func getUser(_ input: Operations.GetUser.Input) async throws -> Operations.GetUser.Output {
        .ok(.init(body: .json(.init(try await managedUser(input.path.id, changingTo: nil)))))
    }

    func updateUser(_ input: Operations.UpdateUser.Input) async throws -> Operations.UpdateUser.Output {
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        let role = body.role.map { Role(rawValue: $0.rawValue)! }
        let user = try await managedUser(input.path.id, changingTo: role)
        var v = FieldValidator()
        let changes = UserStore.Changes(
            active: body.active, role: role, representativeID: v.id(body.representativeId, "representative_id"),
            observerID: v.id(body.observerId, "observer_id"), departmentID: v.id(body.departmentId, "department_id"),
            regionID: v.id(body.regionId, "region_id"))
        try v.check()
        if user.id == (try caller).id && (changes.active == false || changes.changesRole(of: user)) {
            throw DomainError.conflict(code: "own_account", detail: "Ask another administrator to deactivate or re-role your own account.")
        }
        return .ok(.init(body: .json(.init(try await users.update(user.id, changes, within: try scope, now: now)))))
    }

    func resetUserPassword(_ input: Operations.ResetUserPassword.Input) async throws -> Operations.ResetUserPassword.Output {
        let user = try await managedUser(input.path.id, changingTo: nil)
        if user.id == (try caller).id {
            throw DomainError.conflict(code: "own_account", detail: "Change your own password with POST /v1/me/password.")
        }
        // one-time: shown once, and every session of the user ends with it
        let password = SecretToken.make(bytes: 12)
        try await users.setPassword(user.id, hash: try await passwords.hash(password), now: now)
        return .ok(.init(body: .json(.init(password: password))))
    }

    func changeMyPassword(_ input: Operations.ChangeMyPassword.Input) async throws -> Operations.ChangeMyPassword.Output {
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        let me = try caller
        var v = FieldValidator()
        _ = v.required(body.current, "current", max: 128)
        if let refusal = PasswordRule.refusal(body.new, username: me.username) { v.add("new", refusal) }
        try v.check()
        let hash = try await users.passwordHash(me.id) ?? passwords.decoy
        guard try await passwords.verify(body.current, hash: hash) else {
            throw DomainError.invalid("current", "is not your current password")
        }
        // the session that changed it stays; every other one ends
        try await users.setPassword(me.id, hash: try await passwords.hash(body.new), keeping: bearerToken(), now: now)
        return .noContent(.init())
    }

    /// The user the path names, which the middleware found within the caller's reach; staff manage only the
    /// roles they may create, before and after a change (403 otherwise).
    private func managedUser(_ text: String, changingTo role: Role?) async throws -> User {
        let id = try pathID(text, "User")
        guard let user = try await users.find(id) else { throw DomainError.notFound("User \(text)") }
        let me = try caller
        if me.role != .admin {
            for target in [user.role] + (role.map { [$0] } ?? []) where !AccessPolicy.mayCreateUser(of: target, by: me) {
                throw DomainError.forbidden("The \(me.role.rawValue) role may not manage \(target.rawValue) users.")
            }
        }
        return user
    }
}

extension UserStore.Changes {
    func changesRole(of user: User) -> Bool { role.map { $0 != user.role } ?? false }
}
