import Foundation
import HummingbirdBcrypt
import HummingbirdTesting
import MinqingCore
import MinqingRules
import TestSupport

@testable import MinqingAPI

/// The registry fixture plus a code for representative A and a user of the city department.
struct LoopFixture: Sendable {
    let registry: RegistryFixture
    let code: String
    let cityToken: String

    var admin: String { registry.token(.admin) }
    var representative: String { registry.token(.representative) }
    var county: String { registry.token(.department) }

    static func make(_ services: APIServices) async throws -> LoopFixture {
        let registry = try await RegistryFixture.make(services)
        let code = try await CodeStore(database: services.database, logger: services.logger)
            .issue(kind: .representative, targetID: registry.representativeA.id, now: Date()).code
        let user = try await UserStore(database: services.database, logger: services.logger).create(
            .init(
                username: "dept-city", passwordHash: Bcrypt.hash("x", cost: 4), role: .department,
                departmentID: registry.cityDepartment.id),
            now: Date()
        )
        let token = try await TokenStore(database: services.database, logger: services.logger)
            .issue(for: user.id, now: Date(), lifetime: 3600).token
        return LoopFixture(registry: registry, code: code, cityToken: token)
    }

    func submission(
        kind: String = "complaint", content: String = "小区门口路灯坏了三个月，晚上出行很不安全。",
        phone: String? = "13812345678", name: String? = "张三"
    ) -> [String: Any] {
        var body: [String: Any] = [
            "code": code, "kind": kind, "category": "urban_rural_construction", "content": content,
            "title": "路灯坏了", "location": ["address": "江南大道100号"],
        ]
        var contact: [String: Any] = [:]
        if let phone { contact["phone"] = phone }
        if let name { contact["name"] = name }
        if !contact.isEmpty { body["contact"] = contact }
        return body
    }
}

extension APITestHarness {
    static func withLoop<T: Sendable>(
        policy: LoopPolicy = LoopPolicy(intakePerAddressPerMinute: 0, intakePerCodePerMinute: 0),
        _ body: @Sendable (any TestClientProtocol, LoopFixture, APIServices) async throws -> T
    ) async throws -> T {
        try await withApp(policy: policy) { client, services in
            try await body(client, try await LoopFixture.make(services), services)
        }
    }
}

extension TestClientProtocol {
    /// Files a submission through the fixture's code and returns (id, tracking token).
    func file(_ fixture: LoopFixture, _ body: [String: Any]? = nil) async throws -> (id: String, token: String) {
        let result = try await call(.post, "/v1/submissions", json: body ?? fixture.submission())
        guard result.status == .created, let id = result.string("id"), let token = result.string("tracking_token") else {
            throw TestFailure("filing failed: \(result.status.code) \(result.text)")
        }
        return (id, token)
    }
}
