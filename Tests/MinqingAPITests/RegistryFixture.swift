import Foundation
import HummingbirdBcrypt
import HummingbirdTesting
import MinqingCore
import MinqingRules
import TestSupport

@testable import MinqingAPI

/// A small registry with one signed-in user per role, built through the stores (not the API under test).
struct RegistryFixture: Sendable {
    let hub: Station
    let stationA: Station
    let stationB: Station
    let representativeA: Representative
    let representativeB: Representative
    let observerA: Observer
    let observerB: Observer
    let cityDepartment: Department
    let countyDepartment: Department
    let tokens: [Role: String]
    let otherRepresentativeToken: String

    func token(_ role: Role) -> String { tokens[role]! }

    static func make(_ services: APIServices) async throws -> RegistryFixture {
        let db = services.database
        let logger = services.logger
        let now = Date()
        let stations = StationStore(database: db, logger: logger)
        let hub = try await stations.create(.init(name: "总站", level: .hub, category: .community), now: now)
        let a = try await stations.create(
            .init(
                name: "江南社区联络站", level: .station, parentID: hub.id, category: .livelihood,
                phone: "0571-1111"), now: now)
        let b = try await stations.create(.init(name: "物联网小镇联络站", level: .station, parentID: hub.id, category: .industry), now: now)
        let reps = RepresentativeStore(database: db, logger: logger)
        let repA = try await reps.create(
            .init(
                name: "王芳", level: .county, sector: "教育", homeStationID: a.id,
                bio: "关注学位供给", phone: "13800001111"), now: now)
        let repB = try await reps.create(.init(name: "李强", level: .city, homeStationID: b.id, phone: "13900002222"), now: now)
        let observers = ObserverStore(database: db, logger: logger)
        let obsA = try await observers.create(.init(name: "张网格", roleText: "网格长", representativeID: repA.id, stationID: a.id), now: now)
        let obsB = try await observers.create(.init(name: "赵骑手", roleText: "外卖骑手", representativeID: repB.id, stationID: b.id), now: now)
        let departments = DepartmentStore(database: db, logger: logger)
        let city = try await departments.create(.init(name: "市住建局", level: .city), now: now)
        let county = try await departments.create(.init(name: "区住建局", level: .county, parentID: city.id), now: now)

        let users = UserStore(database: db, logger: logger)
        let tokenStore = TokenStore(database: db, logger: logger)
        let hash = Bcrypt.hash("correct-horse", cost: 4)
        var tokens: [Role: String] = [:]
        let accounts: [(Role, String, UUID?, UUID?, UUID?)] = [
            (.admin, "admin", nil, nil, nil), (.representative, "rep-a", repA.id, nil, nil),
            (.observer, "obs-a", nil, obsA.id, nil), (.department, "dept-county", nil, nil, county.id),
        ]
        for (role, name, rep, obs, dept) in accounts {
            let user = try await users.create(
                .init(
                    username: name, passwordHash: hash, role: role, representativeID: rep,
                    observerID: obs, departmentID: dept), now: now)
            tokens[role] = try await tokenStore.issue(for: user.id, now: now, lifetime: 3600).token
        }
        let other = try await users.create(
            .init(
                username: "rep-b", passwordHash: hash, role: .representative,
                representativeID: repB.id), now: now)
        let otherToken = try await tokenStore.issue(for: other.id, now: now, lifetime: 3600).token
        return RegistryFixture(
            hub: hub, stationA: a, stationB: b, representativeA: repA, representativeB: repB, observerA: obsA, observerB: obsB,
            cityDepartment: city, countyDepartment: county, tokens: tokens, otherRepresentativeToken: otherToken
        )
    }
}

extension APITestHarness {
    /// The app on a fresh database with a ``RegistryFixture``.
    static func withRegistry<T: Sendable>(
        configure: (inout AppConfig) -> Void = { _ in },
        _ body: @Sendable (any TestClientProtocol, RegistryFixture, APIServices) async throws -> T
    ) async throws -> T {
        try await withApp(configure: configure) { client, services in
            let fixture: RegistryFixture
            do { fixture = try await RegistryFixture.make(services) } catch {
                print("fixture failed: \(String(reflecting: error))")
                throw error
            }
            return try await body(client, fixture, services)
        }
    }
}
