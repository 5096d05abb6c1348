import Foundation
import HTTPTypes
import HummingbirdTesting
import MinqingCore
import MinqingRules
import TestSupport
import Testing

@testable import MinqingAPI

/// Staff and leaders work their region's subtree: a street's staff neither see nor touch a sibling street's
/// items (404, absent from lists), the district's staff do; assigning stays within the subtree; leaders read
/// without contact data and never triage; users and registry rows are created within the subtree only.
@Suite(.timeLimit(.minutes(2))) struct RegionScopeTests {
    /// One submission through each street's station: A's through representative A's code, B's through B's.
    func fileInBothStreets(_ client: any TestClientProtocol, _ f: LoopFixture, _ services: APIServices) async throws -> (
        a: String, b: String
    ) {
        let codeB = try await CodeStore(database: services.database, logger: services.logger)
            .issue(kind: .representative, targetID: f.registry.representativeB.id, now: Date()).code
        var body = f.submission()
        body["code"] = codeB
        return (try await client.file(f).id, try await client.file(f, body).id)
    }

    @Test func aStreetsStaffWorkOnlyTheirStreetWhileTheDistrictsSeeBoth() async throws {
        try await APITestHarness.withLoop { client, f, services in
            let r = f.registry
            let (a, b) = try await fileInBothStreets(client, f, services)
            let streetA = r.streetStaffA
            let detail = try await client.call(.get, "/v1/submissions/\(a)", token: streetA)
            #expect(detail.status == .ok && detail.string("region_id") == r.streetA.id.text)
            #expect(detail.string("origin_region_id") == r.streetA.id.text)
            // B's is unknown to A's staff, for reading and every action alike
            #expect(try await client.call(.get, "/v1/submissions/\(b)", token: streetA).status == .notFound)
            #expect(try await client.call(.post, "/v1/submissions/\(b)/accept", token: streetA).status == .notFound)
            let assignB = try await client.call(
                .post, "/v1/submissions/\(b)/assign", token: streetA,
                json: ["assignments": [["department_id": r.countyDepartment.id.text, "role": "lead"]]])
            #expect(assignB.status == .notFound)
            let listed = try await client.call(.get, "/v1/submissions", token: streetA)
            #expect(listed.items.compactMap { $0["id"] as? String } == [a])
            #expect(try await client.call(.get, "/v1/submissions", token: r.streetStaffB).items.compactMap { $0["id"] as? String } == [b])
            // the district's staff reach both, and filter by street
            let district = r.token(.staff)
            #expect(
                Set(try await client.call(.get, "/v1/submissions", token: district).items.compactMap { $0["id"] as? String }) == [a, b])
            let onlyB = try await client.call(.get, "/v1/submissions?region_id=\(r.streetB.id.text)", token: district)
            #expect(onlyB.items.compactMap { $0["id"] as? String } == [b])
            let subtree = try await client.call(.get, "/v1/submissions?region_id=\(r.district.id.text)&within=true", token: district)
            #expect(subtree.items.count == 2)
            #expect(try await client.call(.post, "/v1/submissions/\(b)/accept", token: district).status == .ok)
        }
    }

    @Test func assigningStaysWithinTheSubtree() async throws {
        try await APITestHarness.withLoop { client, f, services in
            let r = f.registry
            let (a, _) = try await fileInBothStreets(client, f, services)
            let streetDepartment = try await DepartmentStore(database: services.database, logger: services.logger)
                .create(.init(name: "西兴街道城建办", level: .township, regionID: r.streetA.id), now: Date())
            #expect(try await client.call(.post, "/v1/submissions/\(a)/accept", token: r.streetStaffA).status == .ok)
            // the district's department lies above street A: A's staff cannot assign to it, naming the field
            let outside = try await client.call(
                .post, "/v1/submissions/\(a)/assign", token: r.streetStaffA,
                json: ["assignments": [["department_id": r.countyDepartment.id.text, "role": "lead"]]])
            #expect(outside.status == .unprocessableContent && outside.errorFields == ["assignments[0].department_id"], "\(outside.text)")
            let unknown = try await client.call(
                .post, "/v1/submissions/\(a)/assign", token: r.streetStaffA,
                json: ["assignments": [["department_id": UUID().uuidString, "role": "lead"]]])
            #expect(
                (outside.json["errors"] as? [[String: Any]])?.first?["message"] as? String
                    == (unknown.json["errors"] as? [[String: Any]])?.first?["message"] as? String)
            let inside = try await client.call(
                .post, "/v1/submissions/\(a)/assign", token: r.streetStaffA,
                json: ["assignments": [["department_id": streetDepartment.id.text, "role": "lead"]]])
            #expect(inside.status == .ok, "\(inside.text)")
            // the district's staff may assign to the district's departments
            let (second, _) = try await client.file(f)
            _ = try await client.call(.post, "/v1/submissions/\(second)/accept", token: r.token(.staff))
            let byDistrict = try await client.call(
                .post, "/v1/submissions/\(second)/assign", token: r.token(.staff),
                json: ["assignments": [["department_id": r.countyDepartment.id.text, "role": "lead"]]])
            #expect(byDistrict.status == .ok, "\(byDistrict.text)")
            // the timeline names the staff member's role
            let timeline = byDistrict["timeline"] as? [[String: Any]] ?? []
            #expect(timeline.contains { $0["actor_role"] as? String == "staff" })
        }
    }

    @Test func leadersReadWithoutContactDataAndNeverTriage() async throws {
        try await APITestHarness.withLoop { client, f, services in
            let r = f.registry
            let (a, b) = try await fileInBothStreets(client, f, services)
            let leader = r.streetLeaderA
            let detail = try await client.call(.get, "/v1/submissions/\(a)", token: leader)
            #expect(detail.status == .ok)
            #expect(detail["contact"] == nil)
            #expect(try await client.call(.get, "/v1/submissions/\(b)", token: leader).status == .notFound)
            for action in ["accept", "assign", "reveal"] {
                let path = action == "reveal" ? "/v1/submissions/\(a)/contact/reveal" : "/v1/submissions/\(a)/\(action)"
                #expect(try await client.call(.post, path, token: leader, json: [:]).status == .forbidden, "\(action)")
            }
            // staff see the masked contact, as admins do
            let asStaff = try await client.call(.get, "/v1/submissions/\(a)", token: r.streetStaffA)
            #expect((asStaff["contact"] as? [String: Any])?["phone"] as? String == "138****5678")
            // leaders cannot file on a resident's behalf
            var body = f.submission()
            body["code"] = nil
            body["channel"] = "reception"
            #expect(try await client.call(.post, "/v1/submissions", token: leader, json: body).status == .forbidden)
        }
    }

    @Test func filingsWithoutACodeBelongToTheStationOrTheStaffMembersRegion() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let r = f.registry
            var body = f.submission()
            body["code"] = nil
            body["channel"] = "reception"
            let byStaff = try await client.call(.post, "/v1/submissions", token: r.streetStaffB, json: body)
            #expect(byStaff.status == .created, "\(byStaff.text)")
            let id = try #require(byStaff.string("id"))
            #expect(try await client.call(.get, "/v1/submissions/\(id)", token: r.streetStaffB).string("region_id") == r.streetB.id.text)
            // an admin belongs to no region: he names the station
            let noStation = try await client.call(.post, "/v1/submissions", token: f.admin, json: body)
            #expect(noStation.status == .unprocessableContent && noStation.errorFields == ["station_id"])
            body["station_id"] = r.stationA.id.text
            let atStation = try await client.call(.post, "/v1/submissions", token: f.admin, json: body)
            let atStationID = try #require(atStation.string("id"))
            #expect(try await client.call(.get, "/v1/submissions/\(atStationID)", token: f.admin).string("region_id") == r.streetA.id.text)
            // staff name stations of their own region only
            let foreign = try await client.call(.post, "/v1/submissions", token: r.streetStaffB, json: body)
            #expect(foreign.status == .unprocessableContent && foreign.errorFields == ["station_id"])
        }
    }

    @Test func staffCreateUsersAndRegistryRowsWithinTheirRegionOnly() async throws {
        try await APITestHarness.withRegistry { client, f, _ in
            let staff = f.streetStaffA
            // a role staff may never create is refused before the rest of the body is judged
            let admin = try await client.call(
                .post, "/v1/users", token: staff, json: ["username": "x", "password": "short", "role": "admin"])
            #expect(admin.status == .forbidden)
            let leader = try await client.call(
                .post, "/v1/users", token: staff,
                json: ["username": "leader-x", "password": "a-long-password", "role": "leader", "region_id": f.streetA.id.text])
            #expect(leader.status == .forbidden)
            // a binding outside the subtree is refused
            let foreign = try await client.call(
                .post, "/v1/users", token: staff,
                json: [
                    "username": "rep-x", "password": "a-long-password", "role": "representative",
                    "representative_id": f.representativeB.id.text,
                ])
            #expect(foreign.status == .forbidden)
            let aboveItself = try await client.call(
                .post, "/v1/users", token: staff,
                json: ["username": "staff-x", "password": "a-long-password", "role": "staff", "region_id": f.district.id.text])
            #expect(aboveItself.status == .forbidden)
            let missingRegion = try await client.call(
                .post, "/v1/users", token: staff, json: ["username": "staff-y", "password": "a-long-password", "role": "staff"])
            #expect(missingRegion.status == .unprocessableContent && missingRegion.errorFields == ["region_id"])
            let colleague = try await client.call(
                .post, "/v1/users", token: staff,
                json: ["username": "staff-z", "password": "a-long-password", "role": "staff", "region_id": f.streetA.id.text])
            #expect(colleague.status == .created && colleague.string("region_id") == f.streetA.id.text, "\(colleague.text)")
            let own = try await client.call(
                .post, "/v1/users", token: staff,
                json: [
                    "username": "rep-own", "password": "a-long-password", "role": "representative",
                    "representative_id": f.representativeA.id.text,
                ])
            #expect(own.status == .created)
            // the user list shows the subtree's users only
            let names = Set(try await client.call(.get, "/v1/users?limit=200", token: staff).items.compactMap { $0["username"] as? String })
            #expect(names.isSuperset(of: ["staff-a", "leader-a", "staff-z", "rep-own", "rep-a", "obs-a"]))
            #expect(names.isDisjoint(with: ["admin", "staff-b", "rep-b", "staff-district", "dept-county"]))

            // registry rows: street B's station is unknown to A's staff; a new one goes into A's street only
            let changeB = try await client.call(.patch, "/v1/stations/\(f.stationB.id.text)", token: staff, json: ["phone": "0571-2"])
            #expect(changeB.status == .notFound)
            let intoB = try await client.call(
                .post, "/v1/stations", token: staff,
                json: ["name": "新站", "level": "point", "category": "other", "region_id": f.streetB.id.text])
            #expect(intoB.status == .unprocessableContent && intoB.errorFields == ["region_id"])
            let intoA = try await client.call(
                .post, "/v1/stations", token: staff,
                json: [
                    "name": "新站", "level": "point", "category": "other", "region_id": f.streetA.id.text,
                    "parent_id": f.stationA.id.text,
                ])
            #expect(intoA.status == .created, "\(intoA.text)")
            let codeForB = try await client.call(
                .post, "/v1/codes", token: staff, json: ["kind": "station", "target_id": f.stationB.id.text])
            #expect(codeForB.status == .unprocessableContent && codeForB.errorFields == ["target_id"])
        }
    }
}
