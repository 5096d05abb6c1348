import Foundation
import HTTPTypes
import HummingbirdTesting
import MinqingCore
import MinqingRules
import TestSupport
import Testing

@testable import MinqingAPI

/// Items go up the levels when a region cannot settle them (分级办理), and leaders mark key items (重点件).
@Suite(.timeLimit(.minutes(2))) struct GradedHandlingTests {
    @Test func referringHandsTheItemToTheParentRegionWhileTheOriginKeepsReading() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let r = f.registry
            let (id, tracking) = try await client.file(f)
            let referred = try await client.call(
                .post, "/v1/submissions/\(id)/refer", token: r.streetStaffA, json: ["note": "涉及多个街道，需区里统筹"])
            #expect(referred.status == .ok, "\(referred.text)")
            #expect(referred.string("region_id") == r.district.id.text)
            #expect(referred.string("origin_region_id") == r.streetA.id.text)
            #expect(referred.string("status") == "submitted")
            let timeline = referred["timeline"] as? [[String: Any]] ?? []
            #expect(timeline.contains { $0["action"] as? String == "referred" && $0["note"] as? String == "涉及多个街道，需区里统筹" })

            // the street still reads it and lists it, but no longer acts on it
            #expect(try await client.call(.get, "/v1/submissions/\(id)", token: r.streetStaffA).status == .ok)
            #expect(try await client.call(.get, "/v1/submissions", token: r.streetStaffA).items.compactMap { $0["id"] as? String } == [id])
            #expect(try await client.call(.post, "/v1/submissions/\(id)/accept", token: r.streetStaffA).status == .notFound)
            let again = try await client.call(.post, "/v1/submissions/\(id)/refer", token: r.streetStaffA, json: ["note": "再报"])
            #expect(again.status == .notFound)
            // the district acts on it
            #expect(try await client.call(.post, "/v1/submissions/\(id)/accept", token: r.token(.staff)).status == .ok)

            // the resident sees that it went up, not the staff's note
            let page = try await client.call(.get, "/v1/tracking/\(tracking)")
            let events = page["timeline"] as? [[String: Any]] ?? []
            let up = try #require(events.first { $0["action"] as? String == "referred" })
            #expect(up["note"] == nil)
        }
    }

    @Test func theTopOfTheTreeAndTheWrongStateRefuseAReferral() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let r = f.registry
            let (id, _) = try await client.file(f)
            _ = try await client.call(.post, "/v1/submissions/\(id)/refer", token: r.streetStaffA, json: ["note": "上报"])
            // the district has no region above it in this tree
            let top = try await client.call(.post, "/v1/submissions/\(id)/refer", token: r.token(.staff), json: ["note": "再上报"])
            #expect(top.status == .conflict && top.code == "no_higher_region", "\(top.text)")
            let detail = try await client.call(.get, "/v1/submissions/\(id)", token: f.admin)
            #expect(detail.string("region_id") == r.district.id.text)
            // an assigned item is not referred
            let (second, _) = try await client.file(f)
            _ = try await client.call(.post, "/v1/submissions/\(second)/accept", token: f.admin)
            _ = try await client.call(
                .post, "/v1/submissions/\(second)/assign", token: f.admin,
                json: ["assignments": [["department_id": r.countyDepartment.id.text, "role": "lead"]]])
            let assigned = try await client.call(.post, "/v1/submissions/\(second)/refer", token: f.admin, json: ["note": "x"])
            #expect(assigned.status == .conflict && assigned.code == "invalid_transition")
            let empty = try await client.call(.post, "/v1/submissions/\(id)/refer", token: f.admin, json: ["note": " "])
            #expect(empty.errorFields == ["note"])
        }
    }

    @Test func aLeaderMarksAKeyItemAndItsRegionsStaffAndLeadDepartmentAreTold() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let r = f.registry
            let (id, _) = try await client.file(f)
            _ = try await client.call(.post, "/v1/submissions/\(id)/accept", token: f.admin)
            _ = try await client.call(
                .post, "/v1/submissions/\(id)/assign", token: f.admin,
                json: ["assignments": [["department_id": r.countyDepartment.id.text, "role": "lead"]]])
            let marked = try await client.call(
                .post, "/v1/submissions/\(id)/key-item", token: r.streetLeaderA,
                json: ["key_item": true, "instruction": "请住建局一周内拿出方案"])
            #expect(marked.status == .ok, "\(marked.text)")
            #expect(marked["key_item"] as? Bool == true)
            let timeline = marked["timeline"] as? [[String: Any]] ?? []
            #expect(timeline.contains { $0["action"] as? String == "key_item_marked" && $0["note"] as? String == "请住建局一周内拿出方案" })

            func notices(_ token: String) async throws -> [String] {
                try await client.call(.get, "/v1/notifications", token: token).items.compactMap { $0["type"] as? String }
                    .filter { $0 == "submission.key_item" }
            }
            #expect(try await notices(r.streetStaffA).count == 1)
            #expect(try await notices(f.county).count == 1)
            #expect(try await notices(r.streetStaffB).isEmpty)
            #expect(try await notices(r.token(.staff)).isEmpty)  // the district's staff: not the item's region

            // staff do not mark key items; another street's leader does not see the item
            #expect(
                try await client.call(.post, "/v1/submissions/\(id)/key-item", token: r.streetStaffA, json: ["key_item": false]).status
                    == .forbidden)
            let unmarked = try await client.call(.post, "/v1/submissions/\(id)/key-item", token: f.admin, json: ["key_item": false])
            #expect(unmarked["key_item"] as? Bool == false)
        }
    }
}
