import Foundation
import HTTPTypes
import HummingbirdTesting
import MinqingCore
import MinqingRules
import TestSupport
import Testing

@testable import MinqingAPI

/// The dashboard, its charts, the representatives' records, the ranking and the 民情专报 through the API:
/// each caller's slice, the formats, the refusals.
@Suite(.timeLimit(.minutes(3))) struct DashboardEndpointTests {
    func received(_ result: APIResult) -> Int? {
        ((result["intake"] as? [String: Any])?["kinds"] as? [[String: Any]])?.first { $0["kind"] as? String == "submission" }?["received"]
            as? Int
    }

    @Test func eachCallerSeesHisSliceOfTheDashboard() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let r = f.registry
            for content in ["老旧小区加装电梯审批慢。", "加装电梯没有补贴。", "小区停车难。"] {
                var body = f.submission(content: content)
                body["title"] = nil
                #expect(try await client.call(.post, "/v1/submissions", json: body).status == .created)
            }
            let staff = try await client.call(.get, "/v1/dashboard", token: r.streetStaffA)
            #expect(staff.status == .ok, "\(staff.text)")
            #expect(received(staff) == 3 && staff["region_id"] as? String == r.streetA.id.text, "\(staff.text)")
            #expect(staff["handling"] != nil && staff["stations"] != nil && staff["suggestions"] != nil)
            #expect((staff["hot_words"] as? [[String: Any]])?.first?["term"] as? String == "加装电梯")
            let representatives = staff["representatives"] as? [[String: Any]] ?? []
            #expect(representatives.first?["name"] as? String == "王芳", "\(staff.text)")
            #expect(((representatives.first?["counts"] as? [String: Any])?["items_received"] as? Int) == 3)
            // the district's leader and the admin (the top region by default) see the street's items; street B's staff none
            #expect(received(try await client.call(.get, "/v1/dashboard", token: r.token(.leader))) == 3)
            #expect(received(try await client.call(.get, "/v1/dashboard", token: f.admin)) == 3)
            #expect(received(try await client.call(.get, "/v1/dashboard", token: r.streetStaffB)) == 0)
            // a representative what came through him, without the departments' handling
            let mine = try await client.call(.get, "/v1/dashboard", token: f.representative)
            #expect(received(mine) == 3 && mine["handling"] == nil, "\(mine.text)")
            #expect((mine["representatives"] as? [[String: Any]])?.map { $0["name"] as? String } == ["王芳"])
            #expect(received(try await client.call(.get, "/v1/dashboard", token: r.otherRepresentativeToken)) == 0)
            // a department its own handling only
            let department = try await client.call(.get, "/v1/dashboard", token: f.county)
            #expect(department.status == .ok && department["handling"] != nil, "\(department.text)")
            #expect(department["intake"] == nil && department["hot_words"] == nil && department["representatives"] == nil)
            #expect(try await client.call(.get, "/v1/dashboard", token: r.token(.observer)).status == .forbidden)
            // an empty period answers zero counts
            let empty = try await client.call(
                .get, "/v1/dashboard?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z", token: r.streetStaffA)
            #expect(empty.status == .ok && received(empty) == 0 && (empty["hot_words"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func theChartsArePrintableSVG() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let r = f.registry
            #expect(try await client.call(.post, "/v1/submissions", json: f.submission(content: "小区停车难。")).status == .created)
            for (name, title) in [
                ("intake.svg", "每周收到群众意见"), ("on-time.svg", "按时答复率"), ("satisfaction.svg", "满意率"), ("categories.svg", "各类别收到件数"),
            ] {
                let chart = try await client.call(.get, "/v1/dashboard/charts/\(name)", token: r.streetStaffA)
                #expect(chart.status == .ok && chart.headers[.contentType] == "image/svg+xml", "\(name): \(chart.text)")
                #expect(chart.text.hasPrefix("<svg") && chart.text.contains(title) && chart.text.contains("西兴街道"), "\(name)")
                #expect(!chart.text.contains("<script") && !chart.text.contains("href"), "\(name)")
                // black, white and greys only
                let colours = Set(chart.text.matches(of: /#[0-9a-fA-F]{3,6}\b/).map { String($0.output) })
                #expect(colours.allSatisfy { Self.isGrey($0) }, "\(name): \(colours)")
            }
            let intake = try await client.call(.get, "/v1/dashboard/charts/intake.svg", token: r.streetStaffA)
            #expect(intake.text.contains("<polyline"))
            let categories = try await client.call(.get, "/v1/dashboard/charts/categories.svg", token: r.streetStaffA)
            #expect(categories.text.contains("1 件"))
            // nothing replied yet: the rate charts say so
            #expect(try await client.call(.get, "/v1/dashboard/charts/on-time.svg", token: r.streetStaffA).text.contains("本期没有数据"))
            let unknown = try await client.call(.get, "/v1/dashboard/charts/pie.svg", token: r.streetStaffA)
            #expect(unknown.status == .badRequest, "\(unknown.text)")
        }
    }

    @Test func theLineChartsAxisHasFourWholeSteps() {
        for (maximum, ceiling) in [(0.0, 4.0), (3, 4), (4, 4), (5, 8), (37, 40), (41, 60), (97, 100), (1234, 1600)] {
            #expect(LineChart.niceCeiling(maximum) == ceiling, "\(maximum)")
        }
        let chart = LineChart(title: "t", subtitle: "s", points: (1...20).map { .init(label: "w\($0)", value: Double($0)) }).render()
        #expect(chart.contains(">w20<") && !chart.contains(">w19<"))  // labels counted from the newest
        #expect(LineChart(title: "t", subtitle: "s", points: []).render().contains("本期没有数据"))
    }

    static func isGrey(_ hex: String) -> Bool {
        let digits = Array(hex.dropFirst())
        if digits.count == 3 { return digits[0] == digits[1] && digits[1] == digits[2] }
        return digits.count == 6 && digits[0...1] == digits[2...3] && digits[2...3] == digits[4...5]
    }

    @Test func badParametersAreNamed() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let r = f.registry
            for (query, field) in [
                ("from=2026-06-01T00:00:00Z&to=2026-05-01T00:00:00Z", "from"), ("from=2025-01-01T00:00:00Z&to=2026-05-01T00:00:00Z", "to"),
                ("region_id=\(r.streetB.id.text)", "region_id"), ("region_id=\(UUID().uuidString)", "region_id"),
                ("region_id=nope", "region_id"),
            ] {
                for path in ["/v1/dashboard", "/v1/dashboard/charts/intake.svg"] {
                    let result = try await client.call(.get, "\(path)?\(query)", token: r.streetStaffA)
                    #expect(result.status == .unprocessableContent && result.errorFields == [field], "\(path)?\(query): \(result.text)")
                }
            }
            // a department's slice is its own department's region's
            let other = try await client.call(.get, "/v1/dashboard?region_id=\(r.streetA.id.text)", token: f.county)
            #expect(other.status == .unprocessableContent && other.errorFields == ["region_id"], "\(other.text)")
            #expect(try await client.call(.get, "/v1/dashboard?region_id=\(r.district.id.text)", token: f.county).status == .ok)
            // a lower region is in reach
            #expect(try await client.call(.get, "/v1/dashboard?region_id=\(r.streetA.id.text)", token: r.token(.staff)).status == .ok)
        }
    }

    @Test func aRecordIsReadByTheRepresentativeAndHisRegionsStaffAndLeaders() async throws {
        try await APITestHarness.withLoop { client, f, services in
            let r = f.registry
            #expect(try await client.call(.post, "/v1/submissions", json: f.submission()).status == .created)
            let path = "/v1/representatives/\(r.representativeA.id.text)/record"
            for token in [f.representative, r.streetStaffA, r.streetLeaderA, r.token(.leader), f.admin] {
                let record = try await client.call(.get, path, token: token)
                #expect(record.status == .ok, "\(record.text)")
                let body = record["record"] as? [String: Any] ?? [:]
                #expect((body["counts"] as? [String: Any])?["items_received"] as? Int == 1, "\(record.text)")
                #expect(body["score"] as? Double == 1 && (record["weights"] as? [String: Any])?["suggestion_led"] as? Double == 5)
                #expect(record["year"] as? Int == services.calendar.ymd(Date()).year)  // the local year
            }
            // another representative and another street's staff find nothing; a department may not ask
            for token in [r.otherRepresentativeToken, r.streetStaffB] {
                #expect(try await client.call(.get, path, token: token).status == .notFound)
            }
            #expect(try await client.call(.get, "/v1/representatives/\(UUID().uuidString)/record", token: f.admin).status == .notFound)
            #expect(try await client.call(.get, path, token: f.county).status == .forbidden)
            let past = try await client.call(.get, "\(path)?year=2020", token: r.streetStaffA)
            #expect(((past["record"] as? [String: Any])?["counts"] as? [String: Any])?["items_received"] as? Int == 0)
            let bad = try await client.call(.get, "\(path)?year=1999", token: r.streetStaffA)
            #expect(bad.status == .unprocessableContent && bad.errorFields == ["year"], "\(bad.text)")
        }
    }

    @Test func theRankingAndTheDigestAreServedAsJSONCSVAndHTML() async throws {
        try await APITestHarness.withLoop { client, f, services in
            let r = f.registry
            var body = f.submission()
            body["title"] = "<b>路灯</b>不亮"
            #expect(try await client.call(.post, "/v1/submissions", json: body).status == .created)
            let now = Date()
            let month = Period.month(containing: now, in: services.calendar)
            try await services.database.withConnection { connection in
                let records = try await RecordStore.records(
                    .region(r.streetA.id), period: month.interval(in: services.calendar), asOf: now, weights: RecordWeights(),
                    on: connection, logger: services.logger)
                _ = try await ReportStore.writeFirst(
                    RepresentativeRanking(year: 2026, weights: RecordWeights(), records: records), region: r.streetA.id, period: "2026",
                    now: now, on: connection, logger: services.logger)
                let board = try await DashboardStore.dashboard(
                    .init(
                        region: r.streetA.id, regionName: r.streetA.name, period: month.interval(in: services.calendar), now: now,
                        local: services.calendar, policy: RhythmPolicy()),
                    within: .everything, on: connection, logger: services.logger)
                let digest = MonthlyDigest(
                    period: "2026-11", from: now, to: now, figures: .init(board), hotWords: [.init(term: "路灯", items: 1, change: 1)],
                    clusters: [], keyItems: [.init(receiptNo: "MQ-1", title: "<b>路灯</b>不亮", status: "assigned")],
                    departments: [.init(departmentID: r.countyDepartment.id, departmentName: "区住建局", overdue: 2)], referredUp: [])
                _ = try await ReportStore.writeFirst(
                    digest, region: r.streetA.id, period: "2026-11", now: now, on: connection, logger: services.logger)
            }
            let ranking = try await client.call(.get, "/v1/reports/representatives/2026", token: r.streetStaffA)
            #expect(ranking.status == .ok && ranking["kind"] as? String == "ranking", "\(ranking.text)")
            let entries = (ranking["data"] as? [String: Any])?["representatives"] as? [[String: Any]] ?? []
            #expect(entries.first?["rank"] as? Int == 1 && (entries.first?["record"] as? [String: Any])?["name"] as? String == "王芳")
            let csv = try await client.call(
                .get, "/v1/reports/representatives/2026", token: r.streetLeaderA, headers: [.accept: "text/csv"])
            #expect(csv.status == .ok && csv.text.hasPrefix("\u{FEFF}排名,代表,得分") && csv.text.contains("1,王芳,"), "\(csv.text)")

            let digest = try await client.call(.get, "/v1/reports/digest/2026-11", token: r.streetLeaderA)
            #expect(digest.status == .ok && digest["kind"] as? String == "digest", "\(digest.text)")
            #expect(((digest["data"] as? [String: Any])?["figures"] as? [String: Any])?["submissions"] as? Int == 1)
            let sheet = try await client.call(.get, "/v1/reports/digest/2026-11", token: r.streetStaffA, headers: [.accept: "text/csv"])
            #expect(sheet.text.hasPrefix("\u{FEFF}栏目,名称,数值,备注") && sheet.text.contains("逾期单位,区住建局,2,"), "\(sheet.text)")
            let page = try await client.call(
                .get, "/v1/reports/digest/2026-11", token: r.streetLeaderA, headers: [.accept: "text/html, application/json;q=0.5"])
            #expect(page.status == .ok && page.headers[.contentType]?.hasPrefix("text/html") == true, "\(page.text)")
            #expect(page.text.contains("民情专报") && page.text.contains("西兴街道") && page.text.contains("区住建局"))
            #expect(page.text.contains("&lt;b&gt;路灯&lt;/b&gt;") && !page.text.contains("<b>路灯"))
            #expect(!page.text.contains("<script") && !page.text.contains("<link"))

            // another street's staff find nothing; departments may not read them; an unknown month is 404
            #expect(
                try await client.call(.get, "/v1/reports/digest/2026-11?region_id=\(r.streetA.id.text)", token: r.streetStaffB).status
                    == .notFound)
            #expect(try await client.call(.get, "/v1/reports/digest/2026-11", token: f.county).status == .forbidden)
            #expect(try await client.call(.get, "/v1/reports/digest/2026-10", token: r.streetStaffA).status == .notFound)
            let badMonth = try await client.call(.get, "/v1/reports/digest/2026-13", token: r.streetStaffA)
            #expect(badMonth.status == .unprocessableContent && badMonth.errorFields == ["month"], "\(badMonth.text)")
            #expect(try await client.call(.get, "/v1/reports/representatives/2025", token: r.streetStaffA).status == .notFound)
        }
    }
}
