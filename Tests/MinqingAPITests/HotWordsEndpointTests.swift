import Foundation
import HTTPTypes
import HummingbirdTesting
import MinqingCore
import MinqingRules
import TestSupport
import Testing

@testable import MinqingAPI

/// Hot words through the API: the period's terms in the caller's reach, the chart, the refusals.
@Suite(.timeLimit(.minutes(3))) struct HotWordsEndpointTests {
    @Test func hotWordsAreCountedInTheCallersReachAndDrawn() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let r = f.registry
            for content in ["老旧小区加装电梯审批慢。", "加装电梯没有补贴。", "小区停车难。"] {
                var body = f.submission(content: content)
                body["title"] = nil
                #expect(try await client.call(.post, "/v1/submissions", json: body).status == .created)
            }
            let words = try await client.call(.get, "/v1/insights/hot-words", token: r.streetStaffA)
            #expect(words.status == .ok, "\(words.text)")
            let items = words["items"] as? [[String: Any]] ?? []
            #expect(items.first?["term"] as? String == "加装电梯" && items.first?["items"] as? Int == 2, "\(words.text)")
            #expect(items.first?["previous_items"] as? Int == 0 && items.first?["change"] as? Int == 2)
            #expect((items.first?["examples"] as? [[String: Any]])?.count == 2)
            #expect(words["from"] != nil && words["previous_from"] != nil)
            // another street's staff, and the other representative, see none of it; a department is not admitted
            #expect((try await client.call(.get, "/v1/insights/hot-words", token: r.streetStaffB)["items"] as? [Any])?.isEmpty == true)
            #expect(
                (try await client.call(.get, "/v1/insights/hot-words", token: r.otherRepresentativeToken)["items"] as? [Any])?.isEmpty
                    == true)
            #expect(try await client.call(.get, "/v1/insights/hot-words", token: f.county).status == .forbidden)
            let mine = try await client.call(.get, "/v1/insights/hot-words?limit=1", token: f.representative)
            #expect((mine["items"] as? [[String: Any]])?.map { $0["term"] as? String } == ["加装电梯"], "\(mine.text)")

            let chart = try await client.call(.get, "/v1/insights/hot-words.svg?limit=5", token: r.streetStaffA)
            #expect(chart.status == .ok && chart.headers[.contentType] == "image/svg+xml")
            #expect(chart.text.hasPrefix("<svg") && chart.text.contains("加装电梯") && chart.text.contains("2 件 · 较上期 ↑2"))
            #expect(!chart.text.contains("<script"))
            let empty = try await client.call(
                .get, "/v1/insights/hot-words.svg?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z", token: r.streetStaffA)
            #expect(empty.status == .ok && empty.text.contains("本期没有数据"))
        }
    }

    @Test func similarItemsAreMergeCandidatesInReach() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let r = f.registry
            var ids: [String] = []
            for content in ["老旧小区加装电梯审批三个月没有进展。", "老旧小区加装电梯的审批太慢了。", "晚上停车难，车没地方停。"] {
                var body = f.submission(content: content)
                body["title"] = nil
                ids.append(try #require(try await client.call(.post, "/v1/submissions", json: body).string("id")))
            }
            let similar = try await client.call(.get, "/v1/submissions/\(ids[0])/similar", token: r.streetStaffA)
            #expect(similar.status == .ok, "\(similar.text)")
            let items = similar.items
            #expect(items.map { $0["id"] as? String } == [ids[1]], "\(similar.text)")
            #expect(items.first?["kind"] as? String == "submission" && (items.first?["score"] as? Double ?? 0) > 0.5)
            #expect((items.first?["shared_terms"] as? [String])?.contains("加装电梯") == true)
            // out of reach looks unknown; the limit is checked
            let foreign = try await client.call(.get, "/v1/submissions/\(ids[0])/similar", token: r.streetStaffB)
            #expect(foreign.status == .notFound, "\(foreign.text)")
            let limit = try await client.call(.get, "/v1/submissions/\(ids[0])/similar?limit=51", token: r.streetStaffA)
            #expect(limit.status == .unprocessableContent && limit.errorFields == ["limit"], "\(limit.text)")
            // merging the candidate keeps working
            let merged = try await client.call(
                .post, "/v1/submissions/\(ids[1])/merge", token: r.streetStaffA, json: ["into_id": ids[0]])
            #expect(merged.status == .ok, "\(merged.text)")
        }
    }

    @Test func badParametersAreNamed() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let r = f.registry
            let cases = [
                ("from=2026-06-01T00:00:00Z&to=2026-05-01T00:00:00Z", "from"), ("from=2025-01-01T00:00:00Z&to=2026-05-01T00:00:00Z", "to"),
                ("limit=0", "limit"), ("limit=201", "limit"), ("region_id=\(r.streetB.id.text)", "region_id"),
                ("region_id=\(UUID().uuidString)", "region_id"), ("region_id=nope", "region_id"), ("station_id=nope", "station_id"),
            ]
            for (query, field) in cases {
                for path in ["/v1/insights/hot-words", "/v1/insights/hot-words.svg"] {
                    let result = try await client.call(.get, "\(path)?\(query)", token: r.streetStaffA)
                    #expect(result.status == .unprocessableContent && result.errorFields == [field], "\(path)?\(query): \(result.text)")
                }
            }
            for (query, field) in [
                ("min_size=1", "min_size"), ("min_size=101", "min_size"), ("region_id=\(r.streetB.id.text)", "region_id"),
                ("from=2026-06-01T00:00:00Z&to=2026-05-01T00:00:00Z", "from"),
            ] {
                let result = try await client.call(.get, "/v1/insights/clusters?\(query)", token: r.streetStaffA)
                #expect(result.status == .unprocessableContent && result.errorFields == [field], "clusters?\(query): \(result.text)")
            }
            let clusters = try await client.call(.get, "/v1/insights/clusters", token: r.streetStaffA)
            #expect(clusters.status == .ok && (clusters["items"] as? [Any])?.isEmpty == true, "\(clusters.text)")
            let empty = try await client.call(
                .get, "/v1/insights/hot-words?from=2020-01-01T00:00:00Z&to=2020-12-31T00:00:00Z", token: r.streetStaffA)
            #expect(empty.status == .ok && (empty["items"] as? [Any])?.isEmpty == true)
        }
    }
}
