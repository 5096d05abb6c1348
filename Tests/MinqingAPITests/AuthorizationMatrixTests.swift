import Foundation
import HTTPTypes
import MinqingCore
import Testing

@testable import MinqingAPI

/// Every registry endpoint × every kind of caller: anonymous and forged tokens get 401, roles that may not
/// get 403, roles that may get neither.
@Suite(.timeLimit(.minutes(3))) struct AuthorizationMatrixTests {
    enum Caller: String, CaseIterable, Sendable {
        case anonymous, forged, admin, staff, leader, representative, observer, department
    }

    struct Case: Sendable {
        let method: HTTPRequest.Method
        let path: String
        let body: [String: any Sendable]?
        let allowed: Set<Caller>
    }

    static let signedIn: Set<Caller> = [.admin, .staff, .leader, .representative, .observer, .department]
    /// The congress's registry work: admins, and staff within their region (the fixture's staff are the district's).
    static let congress: Set<Caller> = [.admin, .staff]
    static let everyone: Set<Caller> = Set(Caller.allCases)

    func cases(_ f: RegistryFixture, code: String) -> [Case] {
        let station = f.stationA.id.text, rep = f.representativeA.id.text, obs = f.observerA.id.text
        let dept = f.countyDepartment.id.text
        return [
            Case(method: .get, path: "/v1/stations", body: nil, allowed: Self.signedIn),
            Case(
                method: .post, path: "/v1/stations",
                body: ["name": "n", "level": "point", "category": "other", "region_id": f.district.id.text], allowed: Self.congress),
            Case(method: .get, path: "/v1/stations/\(station)", body: nil, allowed: Self.signedIn),
            Case(method: .patch, path: "/v1/stations/\(station)", body: ["phone": "0571-1"], allowed: Self.congress),
            Case(method: .get, path: "/v1/representatives", body: nil, allowed: Self.signedIn),
            Case(
                method: .post, path: "/v1/representatives",
                body: ["name": "n", "level": "county", "home_station_id": station, "region_id": f.district.id.text],
                allowed: Self.congress),
            Case(method: .get, path: "/v1/representatives/\(rep)", body: nil, allowed: Self.signedIn),
            Case(method: .patch, path: "/v1/representatives/\(rep)", body: ["sector": "教育"], allowed: Self.congress),
            Case(method: .get, path: "/v1/observers", body: nil, allowed: [.admin, .staff, .leader, .representative, .observer]),
            Case(
                method: .post, path: "/v1/observers", body: ["name": "n", "representative_id": rep, "station_id": station],
                allowed: Self.congress),
            Case(method: .get, path: "/v1/observers/\(obs)", body: nil, allowed: [.admin, .staff, .leader, .representative, .observer]),
            Case(method: .patch, path: "/v1/observers/\(obs)", body: ["role_text": "楼道长"], allowed: Self.congress),
            Case(method: .get, path: "/v1/departments", body: nil, allowed: Self.signedIn),
            Case(
                method: .post, path: "/v1/departments", body: ["name": "n", "level": "village", "region_id": f.district.id.text],
                allowed: Self.congress),
            Case(method: .get, path: "/v1/departments/\(dept)", body: nil, allowed: Self.signedIn),
            Case(method: .patch, path: "/v1/departments/\(dept)", body: ["contact_person": "x"], allowed: Self.congress),
            Case(method: .get, path: "/v1/categories", body: nil, allowed: Self.everyone),
            Case(
                method: .post, path: "/v1/categories",
                body: ["code": "c_\(UUID().uuidString.prefix(6).lowercased())", "name": "类别" + UUID().uuidString.prefix(8)],
                allowed: [.admin]),
            Case(method: .patch, path: "/v1/categories/other", body: ["position": 28], allowed: [.admin]),
            Case(method: .get, path: "/v1/me", body: nil, allowed: Self.signedIn),
            Case(method: .get, path: "/v1/users", body: nil, allowed: Self.congress),
            Case(
                method: .post, path: "/v1/users",
                body: ["username": "u\(UUID().uuidString.prefix(8))", "password": "long-enough", "role": "admin"], allowed: [.admin]),
            Case(method: .get, path: "/v1/codes?target_id=\(rep)", body: nil, allowed: [.admin, .staff, .leader, .representative]),
            Case(method: .post, path: "/v1/codes", body: ["kind": "station", "target_id": f.stationB.id.text], allowed: Self.congress),
            Case(method: .get, path: "/v1/codes/\(code)", body: nil, allowed: Self.everyone),
            Case(method: .get, path: "/v1/codes/\(code)/stats", body: nil, allowed: [.admin, .staff, .leader, .representative]),
            Case(method: .get, path: "/v1/codes/\(code)/qr.svg", body: nil, allowed: Self.everyone),
            Case(method: .get, path: "/v1/codes/\(code)/qr.png?size=128", body: nil, allowed: Self.everyone),
            Case(method: .get, path: "/v1/codes/\(code)/poster.svg", body: nil, allowed: Self.everyone),
            Case(method: .get, path: "/healthz", body: nil, allowed: Self.everyone),
        ]
    }

    func token(_ caller: Caller, _ fixture: RegistryFixture) -> String? {
        switch caller {
        case .anonymous: nil
        case .forged: "mq_" + String(repeating: "x", count: 43)
        case .admin: fixture.token(.admin)
        case .staff: fixture.token(.staff)
        case .leader: fixture.token(.leader)
        case .representative: fixture.token(.representative)
        case .observer: fixture.token(.observer)
        case .department: fixture.token(.department)
        }
    }

    @Test func everyEndpointAnswersEveryCallerAsItsRulesSay() async throws {
        try await APITestHarness.withRegistry { client, fixture, services in
            let code = try await CodeStore(database: services.database, logger: services.logger)
                .issue(kind: .representative, targetID: fixture.representativeA.id, now: Date()).code
            for testCase in cases(fixture, code: code) {
                for caller in Caller.allCases {
                    let result = try await client.call(
                        testCase.method, testCase.path, token: token(caller, fixture),
                        json: testCase.body.map { $0.mapValues { $0 as Any } }
                    )
                    let label = "\(testCase.method) \(testCase.path) as \(caller)"
                    if testCase.allowed.contains(caller) {
                        #expect(result.status.kind == .successful, "\(label) → \(result.status.code) \(result.text)")
                    } else if caller == .anonymous || caller == .forged {
                        #expect(result.status == .unauthorized, "\(label) → \(result.status.code)")
                    } else {
                        #expect(result.status == .forbidden, "\(label) → \(result.status.code)")
                    }
                }
            }
        }
    }

    /// Another's object answers exactly like an unknown one (404), another's list filter lists nothing.
    @Test func aCallerReachingForAnothersDataIsRefused() async throws {
        try await APITestHarness.withRegistry { client, fixture, services in
            let codes = CodeStore(database: services.database, logger: services.logger)
            let theirCode = try await codes.issue(kind: .representative, targetID: fixture.representativeB.id, now: Date()).code
            let rep = fixture.token(.representative)
            #expect(try await client.call(.get, "/v1/codes?target_id=\(fixture.representativeB.id.text)", token: rep).items.isEmpty)
            #expect(try await client.call(.get, "/v1/codes/\(theirCode)/stats", token: rep).status == .notFound)
            #expect(try await client.call(.get, "/v1/observers/\(fixture.observerB.id.text)", token: rep).status == .notFound)
            #expect(
                try await client.call(.get, "/v1/observers/\(fixture.observerB.id.text)", token: fixture.token(.observer)).status
                    == .notFound)
            #expect(
                try await client.call(.get, "/v1/observers/\(fixture.observerA.id.text)", token: fixture.token(.department)).status
                    == .forbidden)
            #expect(try await client.call(.get, "/v1/codes/\(theirCode)/stats", token: fixture.otherRepresentativeToken).status == .ok)
        }
    }
}
