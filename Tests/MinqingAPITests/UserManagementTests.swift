import Foundation
import HTTPTypes
import HummingbirdTesting
import MinqingCore
import MinqingRules
import TestSupport
import Testing

@testable import MinqingAPI

/// Users are managed within the caller's reach; deactivating or re-roling a user ends his sessions at once;
/// passwords follow the rules and a reset is shown once.
@Suite(.timeLimit(.minutes(2))) struct UserManagementTests {
    func userID(_ client: any TestClientProtocol, _ token: String) async throws -> String {
        try #require(try await client.call(.get, "/v1/me", token: token).string("id"))
    }

    func login(_ client: any TestClientProtocol, _ username: String, _ password: String) async throws -> APIResult {
        try await client.call(.post, "/v1/auth/login", json: ["username": username, "password": password])
    }

    @Test func deactivatingOrReRolingAUserEndsHisSessionsAtOnce() async throws {
        try await APITestHarness.withRegistry { client, f, _ in
            let admin = f.token(.admin)
            let observer = f.token(.observer)
            let observerID = try await userID(client, observer)
            #expect(try await client.call(.get, "/v1/me", token: observer).status == .ok)
            let off = try await client.call(.patch, "/v1/users/\(observerID)", token: admin, json: ["active": false])
            #expect(off.status == .ok && off["active"] as? Bool == false)
            #expect(try await client.call(.get, "/v1/me", token: observer).status == .unauthorized)
            // switched on again, the old token stays revoked
            _ = try await client.call(.patch, "/v1/users/\(observerID)", token: admin, json: ["active": true])
            #expect(try await client.call(.get, "/v1/me", token: observer).status == .unauthorized)

            let department = f.token(.department)
            let departmentID = try await userID(client, department)
            let missingBinding = try await client.call(.patch, "/v1/users/\(departmentID)", token: admin, json: ["role": "staff"])
            #expect(missingBinding.errorFields == ["region_id"])
            #expect(try await client.call(.get, "/v1/me", token: department).status == .ok)  // nothing changed
            let reRoled = try await client.call(
                .patch, "/v1/users/\(departmentID)", token: admin, json: ["role": "staff", "region_id": f.streetA.id.text])
            #expect(reRoled.status == .ok && reRoled.string("role") == "staff" && reRoled["department_id"] == nil, "\(reRoled.text)")
            #expect(try await client.call(.get, "/v1/me", token: department).status == .unauthorized)
            // one's own account is not switched off
            let own = try await client.call(.patch, "/v1/users/\(try await userID(client, admin))", token: admin, json: ["active": false])
            #expect(own.status == .conflict && own.code == "own_account")
            // nor reset: one's own password is changed with the current one
            let ownReset = try await client.call(.post, "/v1/users/\(try await userID(client, admin))/reset-password", token: admin)
            #expect(ownReset.status == .conflict && ownReset.code == "own_account")
        }
    }

    @Test func staffManageOnlyTheirRegionsUsersOfTheRolesTheyCreate() async throws {
        try await APITestHarness.withRegistry { client, f, _ in
            let staffA = f.streetStaffA
            let observerID = try await userID(client, f.token(.observer))  // observer A, at street A's station
            let leaderID = try await userID(client, f.streetLeaderA)
            let staffBID = try await userID(client, f.streetStaffB)
            #expect(try await client.call(.get, "/v1/users/\(observerID)", token: staffA).status == .ok)
            #expect(try await client.call(.get, "/v1/users/\(staffBID)", token: staffA).status == .notFound)
            #expect(try await client.call(.post, "/v1/users/\(staffBID)/reset-password", token: staffA).status == .notFound)
            // a leader of the street is in reach but not staff's to manage; nor is an admin role to hand out
            #expect(try await client.call(.post, "/v1/users/\(leaderID)/reset-password", token: staffA).status == .forbidden)
            #expect(try await client.call(.patch, "/v1/users/\(observerID)", token: staffA, json: ["role": "admin"]).status == .forbidden)
            // a binding moved outside the street is refused
            let away = try await client.call(
                .patch, "/v1/users/\(observerID)", token: staffA, json: ["observer_id": f.observerB.id.text])
            #expect(away.status == .forbidden)

            let reset = try await client.call(.post, "/v1/users/\(observerID)/reset-password", token: staffA)
            #expect(reset.status == .ok)
            let password = try #require(reset.string("password"))
            #expect(try await client.call(.get, "/v1/me", token: f.token(.observer)).status == .unauthorized)
            #expect(try await login(client, "obs-a", password).status == .ok)
            #expect(try await login(client, "obs-a", "correct-horse").status == .unauthorized)
        }
    }

    @Test func aUserChangesHisOwnPasswordWithinTheRules() async throws {
        try await APITestHarness.withRegistry { client, f, _ in
            let first = try #require(try await login(client, "rep-a", "correct-horse").string("token"))
            let second = try #require(try await login(client, "rep-a", "correct-horse").string("token"))
            func change(_ current: String, _ new: String) async throws -> APIResult {
                try await client.call(.post, "/v1/me/password", token: first, json: ["current": current, "new": new])
            }
            let wrong = try await change("wrong-password", "a-new-long-secret")
            let short = try await change("correct-horse", "short")
            let named = try await change("correct-horse", "REP-A-is-my-name")
            let common = try await change("correct-horse", "1234567890")
            #expect(wrong.errorFields == ["current"] && short.errorFields == ["new"])
            #expect(named.errorFields == ["new"] && common.errorFields == ["new"])
            let changed = try await change("correct-horse", "Xiangshan-lu-88")
            #expect(changed.status == .noContent, "\(changed.text)")
            // the session that changed it stays, the other ends, and the new password signs in
            #expect(try await client.call(.get, "/v1/me", token: first).status == .ok)
            #expect(try await client.call(.get, "/v1/me", token: second).status == .unauthorized)
            #expect(try await login(client, "rep-a", "Xiangshan-lu-88").status == .ok)
            #expect(try await login(client, "rep-a", "correct-horse").status == .unauthorized)
        }
    }

    @Test func newUsersGetPasswordsWithinTheRules() async throws {
        try await APITestHarness.withRegistry { client, f, _ in
            func create(_ username: String, _ password: String) async throws -> APIResult {
                try await client.call(
                    .post, "/v1/users", token: f.token(.admin), json: ["username": username, "password": password, "role": "admin"])
            }
            let short = try await create("zhangsan", "nine-char")
            let named = try await create("zhangsan", "Zhangsan-2026")
            let common = try await create("zhangsan", "qwertyuiop")
            let fine = try await create("zhangsan", "ten-chars!")
            #expect(short.errorFields == ["password"] && named.errorFields == ["password"] && common.errorFields == ["password"])
            #expect(fine.status == .created)
        }
    }
}
