import Foundation
import HTTPTypes
import HummingbirdTesting
import MinqingCore
import MinqingRules
import TestSupport
import Testing

@testable import MinqingAPI

/// Activities at the stations through the API: planning, the state machine's refusals, who runs them,
/// who sees them, and the residents' public list.
@Suite(.timeLimit(.minutes(3))) struct ActivityEndpointTests {
    static func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    /// A consultation at station A with the county department's director and representative A.
    static func consultation(_ f: LoopFixture, startsIn hours: Double, extra: [String: Any] = [:]) -> [String: Any] {
        let r = f.registry
        var body: [String: Any] = [
            "kind": "consultation", "title": "局长·代表面对面：加装电梯", "topic": "老旧小区加装电梯审批",
            "region_id": r.streetA.id.text, "station_id": r.stationA.id.text,
            "starts_at": iso(Date().addingTimeInterval(hours * 3600)), "ends_at": iso(Date().addingTimeInterval((hours + 2) * 3600)),
            "place": "江南社区联络站二楼",
            "officials": [["name": "周建国", "title": "局长", "department_id": r.countyDepartment.id.text]],
            "representative_ids": [r.representativeA.id.text], "organiser": "西兴街道人大工委",
        ]
        body.merge(extra) { $1 }
        return body
    }

    @Test func aConsultationIsPlannedHeldAndClosedWithItsRefusals() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let r = f.registry
            let future = try await client.call(.post, "/v1/activities", token: r.streetStaffA, json: Self.consultation(f, startsIn: 48))
            #expect(future.status == .created, "\(future.text)")
            let planned = try #require(future["activity"] as? [String: Any])
            #expect(planned["status"] as? String == "planned" && planned["allowed_actions"] as? [String] == ["hold", "cancel"])
            let futureID = try #require(planned["id"] as? String)
            // not held before it starts
            let early = try await client.call(.post, "/v1/activities/\(futureID)/hold", token: r.streetStaffA, json: [:])
            #expect(early.status == .conflict && early.code == "activity_not_started", "\(early.text)")

            let started = try await client.call(.post, "/v1/activities", token: r.streetStaffA, json: Self.consultation(f, startsIn: -1))
            let id = try #require((started["activity"] as? [String: Any])?["id"] as? String)
            let held = try await client.call(.post, "/v1/activities/\(id)/hold", token: r.streetStaffA, json: ["visitors": 36])
            #expect(held.status == .ok, "\(held.text)")
            let heldState = held["activity"] as? [String: Any]
            #expect(heldState?["status"] as? String == "held" && heldState?["visitors"] as? Int == 36)
            #expect(heldState?["allowed_actions"] as? [String] == ["close"])
            // a held activity is not cancelled; a consultation needs its minutes to close
            let cancel = try await client.call(.post, "/v1/activities/\(id)/cancel", token: r.streetStaffA, json: ["reason": "改期"])
            #expect(cancel.status == .conflict && cancel.code == "invalid_transition", "\(cancel.text)")
            let bare = try await client.call(.post, "/v1/activities/\(id)/close", token: r.streetStaffA, json: [:])
            #expect(bare.status == .unprocessableContent && bare.errorFields == ["minutes"], "\(bare.text)")
            let closed = try await client.call(
                .post, "/v1/activities/\(id)/close", token: r.streetStaffA, json: ["minutes": "会商形成三项共识。"])
            #expect(closed.status == .ok, "\(closed.text)")
            #expect((closed["activity"] as? [String: Any])?["status"] as? String == "closed")
            // read-only once closed
            let late = try await client.call(.patch, "/v1/activities/\(id)", token: r.streetStaffA, json: ["title": "改名"])
            #expect(late.status == .conflict && late.code == "invalid_transition" && late.text.contains("read-only"), "\(late.text)")

            let called = try await client.call(
                .post, "/v1/activities/\(futureID)/cancel", token: r.streetStaffA, json: ["reason": "局长出差，改期"])
            let cancelled = called["activity"] as? [String: Any]
            #expect(cancelled?["status"] as? String == "cancelled" && cancelled?["minutes"] as? String == "局长出差，改期")
        }
    }

    @Test func badInputNamesTheField() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let r = f.registry
            let cases: [([String: Any], String)] = [
                (["ends_at": Self.iso(Date().addingTimeInterval(-3600))], "ends_at"),
                (["station_id": r.stationB.id.text], "station_id"),
                (["officials": [["name": "周建国"], ["name": "  ", "title": "副局长"]]], "officials[1].name"),
                (["officials": [["name": "周建国", "department_id": UUID().uuidString]]], "officials[0].department_id"),
                (["representative_ids": [r.representativeB.id.text]], "representative_ids[0]"),
                (["region_id": r.streetB.id.text, "station_id": r.stationB.id.text], "region_id"),
            ]
            for (change, field) in cases {
                let result = try await client.call(
                    .post, "/v1/activities", token: r.streetStaffA, json: Self.consultation(f, startsIn: 24, extra: change))
                #expect(result.status == .unprocessableContent && result.errorFields == [field], "\(field): \(result.text)")
            }
            // nothing was written
            let listed = try await client.call(.get, "/v1/activities", token: f.admin)
            #expect(listed.status == .ok && listed.items.isEmpty, "\(listed.text)")
        }
    }

    @Test func eachCallerSeesAndRunsOnlyHisOwn() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let r = f.registry
            let created = try await client.call(.post, "/v1/activities", token: r.streetStaffA, json: Self.consultation(f, startsIn: 48))
            let id = try #require((created["activity"] as? [String: Any])?["id"] as? String)
            // the representative taking part and the department whose director attends read it; street B does not
            for token in [f.representative, f.county, r.streetLeaderA, f.admin] {
                let seen = try await client.call(.get, "/v1/activities/\(id)", token: token)
                #expect(seen.status == .ok, "\(seen.text)")
                #expect(try await client.call(.get, "/v1/activities", token: token).items.count == 1)
            }
            let foreign = try await client.call(.get, "/v1/activities/\(id)", token: r.streetStaffB)
            #expect(foreign.status == .notFound)
            #expect(try await client.call(.get, "/v1/activities", token: r.streetStaffB).items.isEmpty)
            #expect(try await client.call(.get, "/v1/activities", token: f.cityToken).items.isEmpty)
            // taking part is not running it
            let notHis = try await client.call(.patch, "/v1/activities/\(id)", token: f.representative, json: ["title": "改名"])
            #expect(notHis.status == .forbidden, "\(notHis.text)")

            // a representative organises a reception at his own station, not a consultation, not elsewhere
            let reception: [String: Any] = [
                "kind": "reception", "title": "代表接待日", "station_id": r.stationA.id.text,
                "starts_at": Self.iso(Date().addingTimeInterval(86400)), "ends_at": Self.iso(Date().addingTimeInterval(90000)),
            ]
            let own = try await client.call(.post, "/v1/activities", token: f.representative, json: reception)
            #expect(own.status == .created, "\(own.text)")
            let ownActivity = own["activity"] as? [String: Any]
            #expect(ownActivity?["region_id"] as? String == r.streetA.id.text)
            #expect(ownActivity?["organiser_representative_id"] as? String == r.representativeA.id.text)
            #expect(ownActivity?["representative_ids"] as? [String] == [r.representativeA.id.text])
            let ownID = try #require(ownActivity?["id"] as? String)
            let renamed = try await client.call(.patch, "/v1/activities/\(ownID)", token: f.representative, json: ["place": "一楼接待室"])
            #expect(renamed.status == .ok && (renamed["activity"] as? [String: Any])?["place"] as? String == "一楼接待室")
            var consultation = reception
            consultation["kind"] = "consultation"
            let refused = try await client.call(.post, "/v1/activities", token: f.representative, json: consultation)
            #expect(refused.status == .forbidden, "\(refused.text)")
            var elsewhere = reception
            elsewhere["station_id"] = r.stationB.id.text
            let away = try await client.call(.post, "/v1/activities", token: f.representative, json: elsewhere)
            #expect(away.status == .unprocessableContent && away.errorFields == ["station_id"], "\(away.text)")
            // filters
            let receptions = try await client.call(.get, "/v1/activities?kind=reception", token: r.streetStaffA)
            #expect(receptions.items.map { $0["id"] as? String } == [ownID])
            let byStation = try await client.call(
                .get, "/v1/activities?station_id=\(r.stationA.id.text)&status=planned&region_id=\(r.district.id.text)&within=true",
                token: f.admin)
            #expect(byStation.items.count == 2, "\(byStation.text)")
            let window = "from=\(Self.iso(Date().addingTimeInterval(80000)))&to=\(Self.iso(Date().addingTimeInterval(30 * 3600)))"
            let tomorrow = try await client.call(.get, "/v1/activities?\(window)", token: f.admin)
            #expect(tomorrow.items.map { $0["id"] as? String } == [ownID], "\(tomorrow.text)")
            let later = try await client.call(.get, "/v1/activities?from=\(Self.iso(Date().addingTimeInterval(30 * 3600)))", token: f.admin)
            #expect(later.items.map { $0["id"] as? String } == [id])
        }
    }

    @Test func residentsSeeAStationsUpcomingActivitiesWithoutPrivateFields() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let r = f.registry
            let created = try await client.call(.post, "/v1/activities", token: r.streetStaffA, json: Self.consultation(f, startsIn: 24))
            let id = try #require((created["activity"] as? [String: Any])?["id"] as? String)
            _ = try await client.call(.patch, "/v1/activities/\(id)", token: r.streetStaffA, json: ["minutes": "内部纪要"])
            let past = try await client.call(.post, "/v1/activities", token: r.streetStaffA, json: Self.consultation(f, startsIn: -5))
            let pastID = try #require((past["activity"] as? [String: Any])?["id"] as? String)
            _ = try await client.call(.post, "/v1/activities/\(pastID)/hold", token: r.streetStaffA, json: ["visitors": 12])

            let upcoming = try await client.call(.get, "/v1/stations/\(r.stationA.id.text)/activities?upcoming=true")
            #expect(upcoming.status == .ok, "\(upcoming.text)")
            #expect(upcoming.items.map { $0["id"] as? String } == [id])
            let card = try #require(upcoming.items.first)
            #expect(card["kind_name"] as? String == "协商议事" && card["minutes"] == nil && card["visitors"] == nil)
            #expect((card["representatives"] as? [[String: Any]])?.first?["name"] as? String == "王芳")
            #expect(!upcoming.text.contains("内部纪要") && !upcoming.text.contains("department_id"))
            let recent = try await client.call(.get, "/v1/stations/\(r.stationA.id.text)/activities?upcoming=false")
            #expect(recent.items.map { $0["id"] as? String } == [pastID])
            let unknown = try await client.call(.get, "/v1/stations/\(UUID().uuidString)/activities")
            #expect(unknown.status == .notFound)
        }
    }
}
