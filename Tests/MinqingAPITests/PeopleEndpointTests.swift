import Foundation
import MinqingCore
import Testing

@testable import MinqingAPI

@Suite(.timeLimit(.minutes(2))) struct PeopleEndpointTests {
    @Test func representativesKeepTheirContactFromOtherRoles() async throws {
        try await APITestHarness.withRegistry { client, fixture, _ in
            let uri = "/v1/representatives/\(fixture.representativeA.id.text)"
            #expect(try await client.call(.get, uri, token: fixture.token(.admin)).string("phone") == "13800001111")
            #expect(try await client.call(.get, uri, token: fixture.token(.representative)).string("phone") == "13800001111")
            #expect(try await client.call(.get, uri, token: fixture.otherRepresentativeToken).string("phone") == nil)
            #expect(try await client.call(.get, uri, token: fixture.token(.department)).string("phone") == nil)
            let list = try await client.call(.get, "/v1/representatives", token: fixture.token(.observer))
            #expect(list.items.count == 2)
            #expect(list.items.allSatisfy { $0["phone"] == nil })
        }
    }

    @Test func representativesBelongToFurtherStationsToo() async throws {
        try await APITestHarness.withRegistry { client, fixture, _ in
            let admin = fixture.token(.admin)
            let created = try await client.call(
                .post, "/v1/representatives", token: admin,
                json: [
                    "name": "陈敏", "level": "township", "home_station_id": fixture.stationA.id.text, "region_id": fixture.streetA.id.text,
                    "station_ids": [fixture.stationB.id.text, fixture.stationA.id.text], "term_ends_on": "2027-01-31",
                    "photo_url": "https://example.org/p.jpg",
                ])
            #expect(created.status == .created)
            #expect(created["station_ids"] as? [String] == [fixture.stationB.id.text])
            #expect(created.string("term_ends_on") == "2027-01-31")
            let atB = try await client.call(.get, "/v1/representatives?station_id=\(fixture.stationB.id.text)", token: admin)
            #expect(Set(atB.items.compactMap { $0["name"] as? String }) == ["李强", "陈敏"])

            let invalid = try await client.call(
                .post, "/v1/representatives", token: admin,
                json: [
                    "name": "x", "level": "county", "home_station_id": UUID().uuidString, "term_ends_on": "2027-02-30",
                    "region_id": fixture.district.id.text,
                    "photo_url": "javascript:alert(1)",
                ])
            #expect(invalid.status == .unprocessableContent)
            #expect(Set(invalid.errorFields) == ["term_ends_on", "photo_url"])
            let unknownHome = try await client.call(
                .post, "/v1/representatives", token: admin,
                json: [
                    "name": "x", "level": "county", "home_station_id": UUID().uuidString, "region_id": fixture.district.id.text,
                ])
            #expect(unknownHome.errorFields == ["home_station_id"])
        }
    }

    @Test func observersAreScopedToTheirRepresentative() async throws {
        try await APITestHarness.withRegistry { client, fixture, _ in
            let mine = try await client.call(.get, "/v1/observers", token: fixture.token(.representative))
            #expect(mine.items.compactMap { $0["id"] as? String } == [fixture.observerA.id.text])
            let theirs = try await client.call(
                .get, "/v1/observers?representative_id=\(fixture.representativeB.id.text)", token: fixture.token(.representative)
            )
            #expect(theirs.status == .ok && theirs.items.isEmpty)
            #expect(
                try await client.call(.get, "/v1/observers/\(fixture.observerB.id.text)", token: fixture.token(.representative)).status
                    == .notFound)
            #expect(
                try await client.call(.get, "/v1/observers/\(fixture.observerA.id.text)", token: fixture.token(.representative)).status
                    == .ok)
            let me = try await client.call(.get, "/v1/observers", token: fixture.token(.observer))
            #expect(me.items.compactMap { $0["id"] as? String } == [fixture.observerA.id.text])
            #expect(
                try await client.call(.get, "/v1/observers/\(fixture.observerB.id.text)", token: fixture.token(.observer)).status
                    == .notFound)
            #expect(try await client.call(.get, "/v1/observers", token: fixture.token(.department)).status == .forbidden)
            #expect(try await client.call(.get, "/v1/observers", token: fixture.token(.admin)).items.count == 2)
        }
    }

    @Test func departmentsFormATreeWithoutCycles() async throws {
        try await APITestHarness.withRegistry { client, fixture, _ in
            let admin = fixture.token(.admin)
            let township = try await client.call(
                .post, "/v1/departments", token: admin,
                json: [
                    "name": "西兴街道城建办", "level": "township", "parent_id": fixture.countyDepartment.id.text,
                    "contact_person": "刘科长", "phone": "0571-12345678", "region_id": fixture.streetA.id.text,
                ])
            #expect(township.status == .created)
            let id = try #require(township.string("id"))
            let cycle = try await client.call(
                .patch, "/v1/departments/\(fixture.cityDepartment.id.text)", token: admin, json: ["parent_id": id])
            #expect(cycle.errorFields == ["parent_id"])
            let children = try await client.call(
                .get, "/v1/departments?parent_id=\(fixture.countyDepartment.id.text)", token: fixture.token(.department))
            #expect(children.items.compactMap { $0["id"] as? String } == [id])
            let byLevel = try await client.call(.get, "/v1/departments?level=city", token: admin)
            #expect(byLevel.items.count == 1)
        }
    }

    @Test func categoriesArePublicAndManagedByAdmins() async throws {
        try await APITestHarness.withRegistry { client, fixture, _ in
            let list = try await client.call(.get, "/v1/categories")
            #expect(list.status == .ok)
            #expect(list.items.count == 28)
            #expect(list.items.first?["name"] as? String == "城乡建设")
            #expect(list.items.last?["code"] as? String == "other")
            let admin = fixture.token(.admin)
            let created = try await client.call(
                .post, "/v1/categories", token: admin, json: ["code": "digital_services", "name": "数字服务", "position": 29])
            #expect(created.status == .created)
            let duplicate = try await client.call(.post, "/v1/categories", token: admin, json: ["code": "digital_services", "name": "另一个"])
            #expect(duplicate.status == .conflict)
            let badCode = try await client.call(.post, "/v1/categories", token: admin, json: ["code": "Bad Code", "name": "x"])
            #expect(badCode.errorFields == ["code"])
            let renamed = try await client.call(.patch, "/v1/categories/digital_services", token: admin, json: ["active": false])
            #expect(renamed["active"] as? Bool == false)
            #expect(try await client.call(.patch, "/v1/categories/nope", token: admin, json: ["active": false]).status == .notFound)
        }
    }
}
