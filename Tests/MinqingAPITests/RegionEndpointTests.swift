import Foundation
import HummingbirdTesting
import MinqingCore
import MinqingRules
import TestSupport
import Testing

@testable import MinqingAPI

/// The region tree: admins write it, everyone signed in reads it; levels go down the tree, no region gets
/// below itself, a division code is well-formed and unique, and a move takes the subtree along.
@Suite(.timeLimit(.minutes(2))) struct RegionEndpointTests {
    @Test func theTreeKeepsItsLevelsAndHasNoCycles() async throws {
        try await APITestHarness.withRegistry { client, f, _ in
            let admin = f.token(.admin)
            let province = try await client.call(
                .post, "/v1/regions", token: admin, json: ["name": "浙江省", "level": "province", "division_code": "330000"])
            #expect(province.status == .created, "\(province.text)")
            let provinceID = try #require(province.string("id"))
            let city = try await client.call(
                .post, "/v1/regions", token: admin,
                json: ["name": "杭州市", "level": "city", "parent_id": provinceID, "division_code": "330100"])
            let cityID = try #require(city.string("id"))
            #expect(city["path"] as? [String] == [provinceID, cityID])

            // a child's level below its parent's
            let flat = try await client.call(
                .post, "/v1/regions", token: admin, json: ["name": "宁波市", "level": "city", "parent_id": cityID])
            #expect(flat.status == .unprocessableContent && flat.errorFields == ["level"])
            // division codes: 6 or 9 digits, unique
            let malformed = try await client.call(
                .post, "/v1/regions", token: admin, json: ["name": "x", "level": "county", "division_code": "33010"])
            #expect(malformed.errorFields == ["division_code"])
            let duplicate = try await client.call(
                .post, "/v1/regions", token: admin, json: ["name": "y", "level": "county", "parent_id": cityID, "division_code": "330100"])
            #expect(duplicate.status == .unprocessableContent && duplicate.errorFields == ["division_code"])
            let unknownParent = try await client.call(
                .post, "/v1/regions", token: admin, json: ["name": "z", "level": "county", "parent_id": UUID().uuidString])
            #expect(unknownParent.errorFields == ["parent_id"])

            // the fixture's district moves under the city, and its streets with it
            let moved = try await client.call(.patch, "/v1/regions/\(f.district.id.text)", token: admin, json: ["parent_id": cityID])
            #expect(moved.status == .ok, "\(moved.text)")
            #expect(moved["path"] as? [String] == [provinceID, cityID, f.district.id.text])
            let street = try await client.call(.get, "/v1/regions/\(f.streetA.id.text)", token: f.token(.department))
            #expect(street["path"] as? [String] == [provinceID, cityID, f.district.id.text, f.streetA.id.text])
            // no region below itself, and a level must stay above its children's
            let cycle = try await client.call(.patch, "/v1/regions/\(provinceID)", token: admin, json: ["parent_id": f.streetA.id.text])
            #expect(cycle.status == .unprocessableContent && cycle.errorFields == ["parent_id"])
            let selfParent = try await client.call(.patch, "/v1/regions/\(cityID)", token: admin, json: ["parent_id": cityID])
            #expect(selfParent.errorFields == ["parent_id"])
            let tooLow = try await client.call(.patch, "/v1/regions/\(f.district.id.text)", token: admin, json: ["level": "township"])
            #expect(tooLow.errorFields == ["level"])

            // the subtree filter
            let within = try await client.call(.get, "/v1/regions?region_id=\(cityID)&within=true", token: f.token(.observer))
            #expect(
                Set(within.items.compactMap { $0["id"] as? String }) == [cityID, f.district.id.text, f.streetA.id.text, f.streetB.id.text])
            let children = try await client.call(.get, "/v1/regions?parent_id=\(f.district.id.text)", token: admin)
            #expect(Set(children.items.compactMap { $0["name"] as? String }) == ["西兴街道", "长河街道"])
        }
    }

    @Test func onlyAdminsWriteRegions() async throws {
        try await APITestHarness.withRegistry { client, f, _ in
            for token in [f.token(.staff), f.token(.leader), f.token(.representative)] {
                let created = try await client.call(.post, "/v1/regions", token: token, json: ["name": "x", "level": "province"])
                #expect(created.status == .forbidden)
                let changed = try await client.call(.patch, "/v1/regions/\(f.streetA.id.text)", token: token, json: ["name": "x"])
                #expect(changed.status == .forbidden)
            }
            #expect(try await client.call(.get, "/v1/regions/\(f.streetA.id.text)", token: f.token(.department)).status == .ok)
            #expect(try await client.call(.get, "/v1/regions").status == .unauthorized)
            #expect(try await client.call(.get, "/v1/regions/\(UUID().uuidString)", token: f.token(.admin)).status == .notFound)
        }
    }

    @Test func registryRowsBelongToARegionAndFilterBySubtree() async throws {
        try await APITestHarness.withRegistry { client, f, _ in
            let admin = f.token(.admin)
            let missing = try await client.call(
                .post, "/v1/departments", token: admin, json: ["name": "区民政局", "level": "county"])
            #expect(missing.status == .unprocessableContent && missing.errorFields == ["region_id"])
            let unknown = try await client.call(
                .post, "/v1/departments", token: admin, json: ["name": "区民政局", "level": "county", "region_id": UUID().uuidString])
            #expect(unknown.errorFields == ["region_id"])
            let created = try await client.call(
                .post, "/v1/departments", token: admin, json: ["name": "长河街道城建办", "level": "township", "region_id": f.streetB.id.text])
            #expect(created.status == .created && created.string("region_id") == f.streetB.id.text)

            let exact = try await client.call(.get, "/v1/stations?region_id=\(f.district.id.text)", token: admin)
            #expect(exact.items.compactMap { $0["id"] as? String } == [f.hub.id.text])
            let subtree = try await client.call(.get, "/v1/stations?region_id=\(f.district.id.text)&within=true", token: admin)
            #expect(subtree.items.count == 3)
            let reps = try await client.call(.get, "/v1/representatives?region_id=\(f.streetB.id.text)", token: admin)
            #expect(reps.items.compactMap { $0["id"] as? String } == [f.representativeB.id.text])
            let departments = try await client.call(.get, "/v1/departments?region_id=\(f.district.id.text)&within=true", token: admin)
            #expect(departments.items.count == 3)
            let malformed = try await client.call(.get, "/v1/stations?region_id=nope", token: admin)
            #expect(malformed.errorFields == ["region_id"])
        }
    }
}
