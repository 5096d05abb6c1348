import Foundation
import MinqingCore
import Testing

@testable import MinqingAPI

@Suite(.timeLimit(.minutes(2))) struct StationEndpointTests {
    @Test func anAdminCreatesReadsAndChangesAStation() async throws {
        try await APITestHarness.withRegistry { client, fixture, _ in
            let admin = fixture.token(.admin)
            let created = try await client.call(
                .post, "/v1/stations", token: admin,
                json: [
                    "name": "  白马湖代表联络站 ", "level": "station", "parent_id": fixture.hub.id.text, "category": "talent",
                    "region_id": fixture.district.id.text,
                    "address": "白马湖路1号", "latitude": 30.19, "longitude": 120.2, "phone": "0571-86000000",
                    "reception_schedule": ["frequency": "weekly", "weekday": 3, "note": "下午"], "unknown_field": "ignored",
                ])
            #expect(created.status == .created)
            #expect(created.string("name") == "白马湖代表联络站")
            #expect(created.string("parent_id") == fixture.hub.id.text)
            #expect((created["reception_schedule"] as? [String: Any])?["weekday"] as? Int == 3)
            #expect(created["active"] as? Bool == true)
            let id = try #require(created.string("id"))
            #expect(created.string("created_at")?.hasSuffix("Z") == true)

            let read = try await client.call(.get, "/v1/stations/\(id)", token: fixture.token(.department))
            #expect(read.status == .ok)
            #expect(read.string("category") == "talent")

            let changed = try await client.call(.patch, "/v1/stations/\(id)", token: admin, json: ["active": false, "name": "白马湖站"])
            #expect(changed.status == .ok)
            #expect(changed["active"] as? Bool == false)
            #expect(changed.string("name") == "白马湖站")
            #expect(changed.string("address") == "白马湖路1号")
        }
    }

    @Test func invalidStationsAreRefusedNamingEachField() async throws {
        try await APITestHarness.withRegistry { client, fixture, _ in
            let admin = fixture.token(.admin)
            let invalid = try await client.call(
                .post, "/v1/stations", token: admin,
                json: [
                    "name": "   ", "level": "station", "category": "school", "region_id": fixture.district.id.text, "latitude": 91,
                    "longitude": 10,
                    "parent_id": UUID().uuidString, "phone": "call me", "reception_schedule": ["frequency": "monthly", "day_of_month": 32],
                ])
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.code == "validation_failed")
            #expect(Set(invalid.errorFields) == ["name", "latitude", "phone", "reception_schedule.day_of_month"])

            let unknownParent = try await client.call(
                .post, "/v1/stations", token: admin,
                json: [
                    "name": "x", "level": "station", "category": "school", "region_id": fixture.district.id.text,
                    "parent_id": UUID().uuidString,
                ])
            #expect(unknownParent.status == .unprocessableContent)
            #expect(unknownParent.errorFields == ["parent_id"])

            let missing = try await client.call(
                .post, "/v1/stations", token: admin,
                json: ["level": "station", "category": "school", "region_id": fixture.district.id.text])
            #expect(missing.status == .unprocessableContent)
            #expect(missing.errorFields == ["name"])

            let badEnum = try await client.call(
                .post, "/v1/stations", token: admin,
                json: ["name": "x", "level": "castle", "category": "school", "region_id": fixture.district.id.text])
            #expect(badEnum.status == .unprocessableContent)
            #expect(badEnum.errorFields == ["level"])

            let wrongType = try await client.call(
                .post, "/v1/stations", token: admin,
                json: ["name": 5, "level": "station", "category": "school", "region_id": fixture.district.id.text])
            #expect(wrongType.status == .badRequest)
            #expect(wrongType.code == "invalid_type")
            #expect(wrongType.errorFields == ["name"])

            let control = try await client.call(
                .post, "/v1/stations", token: admin,
                json: ["name": "a\u{07}b", "level": "station", "category": "school", "region_id": fixture.district.id.text])
            #expect(control.errorFields == ["name"])
        }
    }

    @Test func aStationCannotBecomeItsOwnAncestor() async throws {
        try await APITestHarness.withRegistry { client, fixture, _ in
            let admin = fixture.token(.admin)
            // hub → stationA; make hub a child of stationA.
            let cycle = try await client.call(
                .patch, "/v1/stations/\(fixture.hub.id.text)", token: admin,
                json: ["parent_id": fixture.stationA.id.text])
            #expect(cycle.status == .unprocessableContent)
            #expect(cycle.errorFields == ["parent_id"])
            let selfParent = try await client.call(
                .patch, "/v1/stations/\(fixture.stationA.id.text)", token: admin,
                json: ["parent_id": fixture.stationA.id.text])
            #expect(selfParent.errorFields == ["parent_id"])
            // a station's region lies within its parent station's: B (street B) cannot go under A (street A)…
            let outside = try await client.call(
                .patch, "/v1/stations/\(fixture.stationB.id.text)", token: admin,
                json: ["parent_id": fixture.stationA.id.text])
            #expect(outside.status == .unprocessableContent && outside.errorFields == ["region_id"], "\(outside.text)")
            // …unless it moves into A's street with it
            let fine = try await client.call(
                .patch, "/v1/stations/\(fixture.stationB.id.text)", token: admin,
                json: ["parent_id": fixture.stationA.id.text, "region_id": fixture.streetA.id.text])
            #expect(fine.status == .ok && fine.string("region_id") == fixture.streetA.id.text)
        }
    }

    @Test func listsFilterAndPageInAStableOrder() async throws {
        try await APITestHarness.withRegistry { client, fixture, _ in
            let admin = fixture.token(.admin)
            for index in 0..<5 {
                _ = try await client.call(
                    .post, "/v1/stations", token: admin,
                    json: [
                        "name": "学校站\(index)", "level": "point", "category": "school", "parent_id": fixture.stationA.id.text,
                        "region_id": fixture.streetA.id.text,
                        "active": index != 4,
                    ])
            }
            var seen: [String] = []
            var cursor: String?
            repeat {
                let uri = "/v1/stations?limit=3" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try await client.call(.get, uri, token: admin)
                #expect(page.status == .ok)
                #expect(page.items.count <= 3)
                seen += page.items.compactMap { $0["id"] as? String }
                cursor = page.json["next_cursor"] as? String
            } while cursor != nil
            #expect(seen.count == 8)
            #expect(Set(seen).count == 8)

            let children = try await client.call(.get, "/v1/stations?parent_id=\(fixture.stationA.id.text)&active=true", token: admin)
            #expect(children.items.count == 4)
            let schools = try await client.call(.get, "/v1/stations?category=school&level=point", token: admin)
            #expect(schools.items.count == 5)
            let named = try await client.call(.get, "/v1/stations?q=%E7%89%A9%E8%81%94%E7%BD%91", token: admin)  // 物联网
            #expect(named.items.map { $0["id"] as? String } == [fixture.stationB.id.text])
            let literal = try await client.call(.get, "/v1/stations?q=%25", token: admin)  // "%" matches literally
            #expect(literal.items.isEmpty)

            #expect(try await client.call(.get, "/v1/stations?limit=0", token: admin).errorFields == ["limit"])
            #expect(try await client.call(.get, "/v1/stations?limit=201", token: admin).errorFields == ["limit"])
            #expect(try await client.call(.get, "/v1/stations?cursor=garbage", token: admin).errorFields == ["cursor"])
            #expect(try await client.call(.get, "/v1/stations?parent_id=nope", token: admin).errorFields == ["parent_id"])
            #expect(try await client.call(.get, "/v1/stations/not-an-id", token: admin).status == .notFound)
            #expect(try await client.call(.get, "/v1/stations/\(UUID().uuidString)", token: admin).status == .notFound)
        }
    }

    @Test func aNonJSONBodyIsA415AndBrokenJSONA400WithThePosition() async throws {
        try await APITestHarness.withRegistry { client, fixture, _ in
            let admin = fixture.token(.admin)
            let text = try await client.call(.post, "/v1/stations", token: admin, raw: "name=x", contentType: "text/plain")
            #expect(text.status == .unsupportedMediaType)
            #expect(text.code == "unsupported_media_type")
            let broken = try await client.call(.post, "/v1/stations", token: admin, raw: #"{"name": "x",, }"#)
            #expect(broken.status == .badRequest)
            #expect(broken.code == "malformed_json")
            #expect(broken.string("detail")?.contains("byte 13") == true)
        }
    }
}
