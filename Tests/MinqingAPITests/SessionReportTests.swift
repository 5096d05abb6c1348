import Foundation
import HTTPTypes
import HummingbirdTesting
import MinqingCore
import MinqingRules
import TestSupport
import Testing

@testable import MinqingAPI

/// The session's handling report (办理情况报告) for a hand-built set of suggestions.
@Suite(.timeLimit(.minutes(3))) struct SessionReportTests {
    @Test func theReportCountsTheSessionsSuggestionsAndTheirHandling() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let r = f.registry
            let created = try await client.call(
                .post, "/v1/sessions", token: r.streetStaffA,
                json: ["region_id": r.streetA.id.text, "name": "西兴街道人大第三次会议", "opens_on": "2026-03-01", "closes_on": "2026-03-02"])
            let session = try #require(created.string("id"))
            let at = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-600))

            /// A suggestion of the session, submitted, accepted and assigned to `lead`; returns (id, assignment).
            func assigned(_ type: String, lead: String, token: String) async throws -> (String, String) {
                let id = try await SuggestionEndpointTests.submitted(client, f, ["type": type, "session_id": session])
                _ = try await client.call(.post, "/v1/suggestions/\(id)/accept", token: f.admin)
                let done = try await client.call(
                    .post, "/v1/suggestions/\(id)/assign", token: f.admin, json: ["assignments": [["department_id": lead, "role": "lead"]]])
                let assignment = try #require((done["assignments"] as? [[String: Any]])?.first?["id"] as? String)
                return (id, assignment)
            }
            func rate(_ id: String, _ rating: String, contacted: Bool) async throws {
                let rated = try await client.call(
                    .post, "/v1/suggestions/\(id)/rating", token: f.representative, json: ["rating": rating, "contacted_before": contacted])
                #expect(rated.status == .ok, "\(rated.text)")
            }
            let county = r.countyDepartment.id.text, city = r.cityDepartment.id.text
            // 1: A, contacted before, satisfied → done
            let (one, a1) = try await assigned("suggestion", lead: county, token: f.county)
            _ = try await client.call(
                .post, "/v1/assignments/\(a1)/contacts", token: f.county,
                json: ["stage": "before", "method": "phone", "note": "电话沟通", "at": at])
            _ = try await client.call(.post, "/v1/assignments/\(a1)/reply", token: f.county, json: ["outcome": "solved", "text": "已解决"])
            try await rate(one, "satisfied", contacted: true)
            // 2: B, not contacted, basically satisfied → in follow-up
            let (two, a2) = try await assigned("proposal", lead: county, token: f.county)
            _ = try await client.call(
                .post, "/v1/assignments/\(a2)/reply", token: f.county,
                json: ["outcome": "planned", "text": "列入计划", "promised_on": "2027-12-31"])
            try await rate(two, "basically_satisfied", contacted: false)
            // 3: C by the city, unsatisfied → round 2 at the city, not yet answered
            let (three, a3) = try await assigned("criticism", lead: city, token: f.cityToken)
            _ = try await client.call(
                .post, "/v1/assignments/\(a3)/reply", token: f.cityToken, json: ["outcome": "explained", "text": "暂不具备条件"])
            try await rate(three, "unsatisfied", contacted: false)
            // 4: submitted only; a draft of the session and a suggestion between sessions are not counted
            _ = try await SuggestionEndpointTests.submitted(client, f, ["type": "opinion", "session_id": session])
            _ = try await client.call(
                .post, "/v1/suggestions", token: f.representative, json: SuggestionEndpointTests.draft(["session_id": session]))
            _ = try await SuggestionEndpointTests.submitted(client, f)

            #expect(try await client.call(.get, "/v1/sessions/\(session)/report", token: r.streetStaffA).status == .notFound)
            let written = try await client.call(.post, "/v1/sessions/\(session)/report", token: r.streetStaffA, json: [:])
            #expect(written.status == .created, "\(written.text)")
            #expect(written.string("kind") == "session" && written["version"] as? Int == 1)
            let data = try #require(written["data"] as? [String: Any])
            #expect(data["by_type"] as? [String: Int] == ["suggestion": 1, "proposal": 1, "criticism": 1, "opinion": 1])
            #expect(data["by_status"] as? [String: Int] == ["done": 1, "in_follow_up": 1, "assigned": 1, "submitted": 1])
            let totals = try #require(data["totals"] as? [String: Int])
            let expectedTotals: [String: Int] = [
                "suggestions": 4, "solved": 1, "planned": 1, "explained": 0, "lead_replies": 3, "lead_replies_on_time": 3,
                "lead_replies_contacted_before": 1, "satisfied": 1, "basically_satisfied": 1, "unsatisfied": 1,
                "rated_contacted_before": 1, "done": 1, "in_follow_up": 1,
            ]
            #expect(totals == expectedTotals)
            let rows = try #require(data["departments"] as? [[String: Any]])
            let countyRow = try #require(
                rows.first { ($0["department_id"] as? String)?.lowercased() == county }?["figures"] as? [String: Int])
            #expect(countyRow["suggestions"] == 2 && countyRow["lead_replies"] == 2 && countyRow["lead_replies_contacted_before"] == 1)
            #expect(countyRow["solved"] == 1 && countyRow["planned"] == 1 && countyRow["done"] == 1 && countyRow["in_follow_up"] == 1)
            let cityRow = try #require(rows.first { ($0["department_id"] as? String)?.lowercased() == city }?["figures"] as? [String: Int])
            #expect(cityRow["suggestions"] == 1 && cityRow["unsatisfied"] == 1 && cityRow["explained"] == 0 && cityRow["lead_replies"] == 1)

            // a further version; the department reads its own row; CSV with the totals row
            let again = try await client.call(.post, "/v1/sessions/\(session)/report", token: f.admin, json: ["reason": "补充第4号建议"])
            #expect(again["version"] as? Int == 2 && again.string("reason") == "补充第4号建议")
            let own = try await client.call(.get, "/v1/sessions/\(session)/report?version=1", token: f.county)
            #expect(own.status == .ok, "\(own.text)")
            let ownRows = (own["data"] as? [String: Any])?["departments"] as? [[String: Any]] ?? []
            #expect(ownRows.compactMap { ($0["department_id"] as? String)?.lowercased() } == [county])
            let csv = try await client.call(
                .get, "/v1/sessions/\(session)/report", token: r.streetStaffA, headers: [.accept: "text/csv"])
            #expect(csv.text.hasPrefix("\u{FEFF}承办单位,主办件数"))
            #expect(csv.text.contains("合计,4,1,1,0,3,3,1,1,1,1,1,1"), "\(csv.text)")
            // another street's staff do not reach the session
            #expect(try await client.call(.get, "/v1/sessions/\(session)/report", token: r.streetStaffB).status == .notFound)
        }
    }
}
