import Foundation
import HTTPTypes
import MinqingCore
import Testing

@testable import MinqingAPI

@Suite(.timeLimit(.minutes(2))) struct AuthEndpointTests {
    @Test func aUserSignsInSeesHimselfAndSignsOut() async throws {
        try await APITestHarness.withRegistry { client, fixture, _ in
            let login = try await client.call(.post, "/v1/auth/login", json: ["username": "REP-A", "password": "correct-horse"])
            #expect(login.status == .ok)
            #expect(login.string("role") == "representative")
            #expect(login.string("token_type") == "bearer")
            let token = try #require(login.string("token"))
            #expect(token.hasPrefix("mq_") && token.count > 40)
            let me = try await client.call(.get, "/v1/me", token: token)
            #expect(me.string("username") == "rep-a")
            #expect(me.string("representative_id") == fixture.representativeA.id.text)
            #expect(try await client.call(.post, "/v1/auth/logout", token: token).status == .noContent)
            let after = try await client.call(.get, "/v1/me", token: token)
            #expect(after.status == .unauthorized)
            #expect(after.headers[.wwwAuthenticate] == "Bearer")
        }
    }

    @Test func tokensAreStoredOnlyAsHashesAndExpire() async throws {
        try await APITestHarness.withRegistry { client, fixture, services in
            let login = try await client.call(.post, "/v1/auth/login", json: ["username": "admin", "password": "correct-horse"])
            let token = try #require(login.string("token"))
            let stored = try await services.database.query(
                "SELECT count(*)::int FROM auth_tokens WHERE encode(token_hash, 'escape') LIKE \("%" + token + "%")",
                logger: services.logger
            )
            #expect(try stored.first?.decode(Int.self) == 0)
            let users = UserStore(database: services.database, logger: services.logger)
            let admin = try #require(try await users.credentials(username: "admin")?.0)
            let old = try await TokenStore(database: services.database, logger: services.logger)
                .issue(for: admin.id, now: Date().addingTimeInterval(-7200), lifetime: 3600)
            #expect(try await client.call(.get, "/v1/me", token: old.token).status == .unauthorized)
            #expect(try await client.call(.get, "/v1/me", token: "mq_forged").status == .unauthorized)
            #expect(try await client.call(.get, "/v1/me", headers: [.authorization: "Basic YWRtaW46eA=="]).status == .unauthorized)
        }
    }

    @Test func wrongPasswordsAreRefusedAndThenRateLimited() async throws {
        try await APITestHarness.withRegistry { client, _, _ in
            for _ in 0..<5 {
                let wrong = try await client.call(.post, "/v1/auth/login", json: ["username": "obs-a", "password": "nope-nope"])
                #expect(wrong.status == .unauthorized)
                #expect(wrong.code == "unauthenticated")
            }
            let limited = try await client.call(.post, "/v1/auth/login", json: ["username": "obs-a", "password": "correct-horse"])
            #expect(limited.status == .tooManyRequests)
            #expect(limited.code == "rate_limited")
            let retry = try #require(limited.headers[.retryAfter].flatMap(Int.init))
            #expect((1...900).contains(retry))
            // Another username from the same address is not yet limited (20 per address).
            #expect(try await client.call(.post, "/v1/auth/login", json: ["username": "admin", "password": "correct-horse"]).status == .ok)
            // An unknown user costs the same and is refused the same way.
            #expect(
                try await client.call(.post, "/v1/auth/login", json: ["username": "ghost", "password": "whatever1"]).status == .unauthorized
            )
        }
    }

    @Test func theAddressLimitCoversManyUsernames() async throws {
        try await APITestHarness.withRegistry { client, _, _ in
            for index in 0..<20 {
                _ = try await client.call(.post, "/v1/auth/login", json: ["username": "guess\(index)", "password": "wrong-pass"])
            }
            let limited = try await client.call(.post, "/v1/auth/login", json: ["username": "admin", "password": "correct-horse"])
            #expect(limited.status == .tooManyRequests)
        }
    }

    @Test func adminsCreateUsersWithTheBindingTheirRoleNeeds() async throws {
        try await APITestHarness.withRegistry { client, fixture, _ in
            let admin = fixture.token(.admin)
            let created = try await client.call(
                .post, "/v1/users", token: admin,
                json: [
                    "username": "dept-city", "password": "long-enough", "role": "department",
                    "department_id": fixture.cityDepartment.id.text,
                ])
            #expect(created.status == .created)
            #expect(created["password"] == nil && created["password_hash"] == nil)
            let login = try await client.call(.post, "/v1/auth/login", json: ["username": "dept-city", "password": "long-enough"])
            #expect(login.string("role") == "department")

            let duplicate = try await client.call(
                .post, "/v1/users", token: admin,
                json: [
                    "username": "DEPT-CITY", "password": "long-enough", "role": "admin",
                ])
            #expect(duplicate.status == .conflict)
            let missingBinding = try await client.call(
                .post, "/v1/users", token: admin,
                json: [
                    "username": "rep-x", "password": "long-enough", "role": "representative",
                ])
            #expect(missingBinding.errorFields == ["representative_id"])
            let wrongBinding = try await client.call(
                .post, "/v1/users", token: admin,
                json: [
                    "username": "adm-x", "password": "short", "role": "admin", "department_id": fixture.cityDepartment.id.text,
                ])
            #expect(Set(wrongBinding.errorFields) == ["password", "department_id"])
            let unknownBinding = try await client.call(
                .post, "/v1/users", token: admin,
                json: [
                    "username": "obs-x", "password": "long-enough", "role": "observer", "observer_id": UUID().uuidString,
                ])
            #expect(unknownBinding.errorFields == ["observer_id"])
            let listed = try await client.call(.get, "/v1/users?role=department", token: admin)
            #expect(Set(listed.items.compactMap { $0["username"] as? String }) == ["dept-county", "dept-city"])
        }
    }
}
