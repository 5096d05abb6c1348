import Foundation
import HummingbirdBcrypt
import HummingbirdTesting
import MinqingCore
import MinqingRules
import TestSupport

@testable import MinqingAPI

/// A small registry with one signed-in user per role, built through the stores (not the API under test):
/// a district with two streets; the hub in the district, station A in street A, station B in street B;
/// the staff and leader users of ``tokens`` are the district's, ``streetStaffA`` and ``streetStaffB`` the
/// streets'.
struct RegistryFixture: Sendable {
    let district: Region
    let streetA: Region
    let streetB: Region
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
    let streetStaffA: String
    let streetStaffB: String
    let streetLeaderA: String

    func token(_ role: Role) -> String { tokens[role]! }

    static func make(_ services: APIServices) async throws -> RegistryFixture {
        let db = services.database
        let logger = services.logger
        let now = Date()
        let regions = RegionStore(database: db, logger: logger)
        let district = try await regions.create(.init(name: "滨江区", level: .county, divisionCode: "330108"), now: now)
        let streetA = try await regions.create(.init(name: "西兴街道", level: .township, parentID: district.id), now: now)
        let streetB = try await regions.create(.init(name: "长河街道", level: .township, parentID: district.id), now: now)
        let stations = StationStore(database: db, logger: logger)
        let hub = try await stations.create(.init(name: "总站", level: .hub, category: .community, regionID: district.id), now: now)
        let a = try await stations.create(
            .init(
                name: "江南社区联络站", level: .station, parentID: hub.id, category: .livelihood,
                phone: "0571-1111", regionID: streetA.id), now: now)
        let b = try await stations.create(
            .init(name: "物联网小镇联络站", level: .station, parentID: hub.id, category: .industry, regionID: streetB.id), now: now)
        let reps = RepresentativeStore(database: db, logger: logger)
        let repA = try await reps.create(
            .init(
                name: "王芳", level: .county, sector: "教育", homeStationID: a.id,
                bio: "关注学位供给", phone: "13800001111", regionID: streetA.id), now: now)
        let repB = try await reps.create(
            .init(name: "李强", level: .city, homeStationID: b.id, phone: "13900002222", regionID: streetB.id), now: now)
        let observers = ObserverStore(database: db, logger: logger)
        let obsA = try await observers.create(.init(name: "张网格", roleText: "网格长", representativeID: repA.id, stationID: a.id), now: now)
        let obsB = try await observers.create(.init(name: "赵骑手", roleText: "外卖骑手", representativeID: repB.id, stationID: b.id), now: now)
        let departments = DepartmentStore(database: db, logger: logger)
        let city = try await departments.create(.init(name: "市住建局", level: .city, regionID: district.id), now: now)
        let county = try await departments.create(
            .init(name: "区住建局", level: .county, parentID: city.id, regionID: district.id), now: now)

        let users = UserStore(database: db, logger: logger)
        let tokenStore = TokenStore(database: db, logger: logger)
        let hash = Bcrypt.hash("correct-horse", cost: 4)
        var tokens: [Role: String] = [:]
        let accounts: [UserStore.NewUser] = [
            .init(username: "admin", passwordHash: hash, role: .admin),
            .init(username: "rep-a", passwordHash: hash, role: .representative, representativeID: repA.id),
            .init(username: "obs-a", passwordHash: hash, role: .observer, observerID: obsA.id),
            .init(username: "dept-county", passwordHash: hash, role: .department, departmentID: county.id),
            .init(username: "staff-district", passwordHash: hash, role: .staff, regionID: district.id),
            .init(username: "leader-district", passwordHash: hash, role: .leader, regionID: district.id),
        ]
        for account in accounts {
            let user = try await users.create(account, now: now)
            tokens[account.role] = try await tokenStore.issue(for: user.id, now: now, lifetime: 3600).token
        }
        var streetStaff: [String] = []
        for (name, role, street) in [("staff-a", Role.staff, streetA), ("staff-b", .staff, streetB), ("leader-a", .leader, streetA)] {
            let user = try await users.create(.init(username: name, passwordHash: hash, role: role, regionID: street.id), now: now)
            streetStaff.append(try await tokenStore.issue(for: user.id, now: now, lifetime: 3600).token)
        }
        let other = try await users.create(
            .init(
                username: "rep-b", passwordHash: hash, role: .representative,
                representativeID: repB.id), now: now)
        let otherToken = try await tokenStore.issue(for: other.id, now: now, lifetime: 3600).token
        return RegistryFixture(
            district: district, streetA: streetA, streetB: streetB, hub: hub, stationA: a, stationB: b, representativeA: repA,
            representativeB: repB, observerA: obsA, observerB: obsB,
            cityDepartment: city, countyDepartment: county, tokens: tokens, otherRepresentativeToken: otherToken,
            streetStaffA: streetStaff[0], streetStaffB: streetStaff[1], streetLeaderA: streetStaff[2]
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
