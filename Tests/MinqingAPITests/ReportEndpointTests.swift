import Foundation
import HTTPTypes
import HummingbirdTesting
import MinqingCore
import MinqingRules
import PostgresNIO
import TestSupport
import Testing

@testable import MinqingAPI

@Suite(.timeLimit(.minutes(2))) struct ReportEndpointTests {
    /// Stores a report of `region` as the worker would.
    func store<Content: ReportData>(_ report: Content, _ period: String, _ services: APIServices, region: Region) async throws {
        try await services.database.withTransaction(logger: services.logger) { connection in
            try await ReportStore.writeFirst(
                report, region: region.id, period: period, now: Date(), on: connection, logger: services.logger)
        }
    }

    func monthly(_ f: RegistryFixture) -> MonthlySheet {
        func sheet(_ d: Department, _ receipt: String) -> MonthlySheet.Department {
            var totals = MonthlySheet.Totals()
            totals.received = 1
            return .init(
                departmentID: d.id, departmentName: d.name,
                items: [
                    .init(
                        receiptNo: receipt, title: "路灯, \"坏了\"", category: "urban_rural_construction",
                        assignedAt: TestConfig.instant("2026-10-12T01:00:00Z"), dueAt: TestConfig.instant("2026-10-19T15:59:59Z"),
                        stateAtMonthEnd: .pending, workingDaysOverdue: 3, remindersSent: 2, latestProgress: "已勘查")
                ], totals: totals)
        }
        return MonthlySheet(
            period: "2026-10", from: TestConfig.instant("2026-09-30T16:00:00Z"), to: TestConfig.instant("2026-10-31T16:00:00Z"),
            departments: [sheet(f.countyDepartment, "MQ2026-000001"), sheet(f.cityDepartment, "MQ2026-000002")],
            intake: .init(received: 2, directFromResidents: 2, byCategory: [], byStation: [], byChannel: [])
        )
    }

    /// A year's report with these departments, best first: (department, score, grade).
    func annual(_ rows: [(Department, Double?, Grade)]) -> AnnualReport {
        var figures = DepartmentYearFigures.Increment()
        figures.assigned = 1
        return AnnualReport(
            year: 2026,
            departments: rows.enumerated().map { index, row in
                .init(departmentID: row.0.id, departmentName: row.0.name, figures: figures, score: row.1, grade: row.2, rank: index + 1)
            },
            spotCheckSeed: 42, spotChecks: 0, spotCheckShare: 0.1, spotCheckMinimum: 3,
            weights: .init(onTime: 0.4, satisfaction: 0.4, reopen: 0.2)
        )
    }

    @Test func departmentsSeeOnlyTheirOwnSheetAndAdminsEverything() async throws {
        try await APITestHarness.withRegistry { client, f, services in
            try await store(monthly(f), "2026-10", services, region: f.district)
            let admin = try await client.call(.get, "/v1/reports/monthly/2026-10", token: f.token(.admin))
            #expect(admin.status == .ok)
            #expect(((admin["data"] as? [String: Any])?["departments"] as? [Any])?.count == 2)
            #expect((admin["data"] as? [String: Any])?["intake"] != nil)
            #expect(admin["version"] as? Int == 1)
            let dept = try await client.call(.get, "/v1/reports/monthly/2026-10", token: f.token(.department))
            let sheets = (dept["data"] as? [String: Any])?["departments"] as? [[String: Any]]
            #expect(sheets?.map { $0["department_name"] as? String } == ["区住建局"])
            #expect((dept["data"] as? [String: Any])?["intake"] == nil)
            let another = try await client.call(
                .get, "/v1/reports/monthly/2026-10?department_id=\(f.cityDepartment.id.text)",
                token: f.token(.department))
            #expect(((another["data"] as? [String: Any])?["departments"] as? [Any])?.isEmpty == true)
            let filtered = try await client.call(
                .get, "/v1/reports/monthly/2026-10?department_id=\(f.cityDepartment.id.text)", token: f.token(.admin))
            #expect(((filtered["data"] as? [String: Any])?["departments"] as? [Any])?.count == 1)
            #expect(try await client.call(.get, "/v1/reports/monthly/2026-10", token: f.token(.representative)).status == .forbidden)
            #expect(try await client.call(.get, "/v1/reports/monthly/2026-09", token: f.token(.admin)).status == .notFound)
            #expect(try await client.call(.get, "/v1/reports/monthly/2026-13", token: f.token(.admin)).errorFields == ["month"])
        }
    }

    @Test func aCorrectionIsTheNewestVersionAndEveryEarlierOneStaysReadable() async throws {
        try await APITestHarness.withRegistry { client, f, services in
            try await store(
                annual([(f.countyDepartment, 91.5, .green), (f.cityDepartment, 62, .red)]), "2026", services, region: f.district)
            let admin = f.token(.admin)
            _ = try await client.call(.post, "/v1/reports/annual/2026/publish", token: admin)
            var corrected = annual([(f.countyDepartment, 93, .green), (f.cityDepartment, 64, .red)])
            corrected.spotChecks = 7
            try await services.database.withTransaction(logger: services.logger) { connection in
                _ = try await ReportStore.writeCorrection(
                    corrected, region: f.district.id, period: "2026", reason: "满意度回访数据补录", now: Date(),
                    on: connection, logger: services.logger)
            }
            let newest = try await client.call(.get, "/v1/reports/annual/2026", token: admin)
            #expect(newest["version"] as? Int == 2 && newest["newest_version"] as? Int == 2)
            #expect(newest.string("reason") == "满意度回访数据补录" && newest["published_at"] == nil)
            let first = try await client.call(.get, "/v1/reports/annual/2026?version=1", token: admin)
            #expect(first["version"] as? Int == 1 && first["newest_version"] as? Int == 2 && first["reason"] == nil)
            #expect(((first["data"] as? [String: Any])?["departments"] as? [[String: Any]])?.first?["score"] as? Double == 91.5)
            // a department reads its own row of either version
            let own = try await client.call(.get, "/v1/reports/annual/2026?version=1", token: f.token(.department))
            #expect(
                ((own["data"] as? [String: Any])?["departments"] as? [[String: Any]])?.map { $0["department_name"] as? String }
                    == ["区住建局"])
            #expect(try await client.call(.get, "/v1/reports/annual/2026?version=3", token: admin).status == .notFound)
            #expect(try await client.call(.get, "/v1/reports/annual/2026?version=0", token: admin).errorFields == ["version"])
            #expect(try await client.call(.get, "/v1/reports/monthly/2026-10?version=0", token: admin).errorFields == ["version"])
            // the public board stays on the published version until the correction is published too
            #expect(try await client.call(.get, "/v1/reports/annual/2026/board.svg").text.contains("91.5 分"))
            #expect(try await client.call(.get, "/v1/reports/annual/2026/board.svg", token: admin).text.contains("93 分"))
            _ = try await client.call(.post, "/v1/reports/annual/2026/publish", token: admin)
            #expect(try await client.call(.get, "/v1/reports/annual/2026/board.svg").text.contains("93 分"))
        }
    }

    @Test func theCSVHasABOMChineseHeadersAndQuotedFields() async throws {
        try await APITestHarness.withRegistry { client, f, services in
            try await store(monthly(f), "2026-10", services, region: f.district)
            let csv = try await client.call(
                .get, "/v1/reports/monthly/2026-10", token: f.token(.admin),
                headers: [.accept: "text/csv"])
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(Array(csv.body.prefix(3)) == [0xEF, 0xBB, 0xBF])
            let lines = String(decoding: csv.body.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.first == "承办单位,回执编号,标题,类别,交办时间,办理期限,月末状态,逾期工作日,催办次数,最新进展")
            #expect(lines.count == 3)
            #expect(lines[1].hasPrefix("区住建局,MQ2026-000001,\"路灯, \"\"坏了\"\"\",urban_rural_construction,"))
            #expect(lines[1].hasSuffix(",待签收,3,2,已勘查"))
        }
    }

    @Test func twoSimultaneousFirstPublishesNotifyOnce() async throws {
        try await APITestHarness.withRegistry { client, f, services in
            try await store(annual([(f.countyDepartment, nil, .none)]), "2026", services, region: f.district)
            async let first = client.call(.post, "/v1/reports/annual/2026/publish", token: f.token(.admin))
            async let second = client.call(.post, "/v1/reports/annual/2026/publish", token: f.token(.admin))
            let both = try await [first, second]
            #expect(both.allSatisfy { $0.status == .ok })
            #expect(Set(both.compactMap { $0.string("published_at") }).count == 1)
            let notices = try await services.database.query(
                "SELECT count(*)::int FROM notifications WHERE type = 'report.annual_published'", logger: services.logger
            )
            #expect(try notices.first?.decode(Int.self) == 3)  // the admin, the district's staff and the county department user, once
        }
    }

    @Test func theBoardIsPublicOnlyOncePublished() async throws {
        try await APITestHarness.withRegistry { client, f, services in
            try await store(
                annual([(f.countyDepartment, 91.5, .green), (f.cityDepartment, 62, .red)]), "2026", services, region: f.district)
            #expect(try await client.call(.get, "/v1/reports/annual/2026/board.svg").status == .notFound)
            #expect(try await client.call(.get, "/v1/reports/annual/2026/board.svg", token: f.token(.department)).status == .notFound)
            let draft = try await client.call(.get, "/v1/reports/annual/2026/board.svg", token: f.token(.admin))
            #expect(draft.status == .ok)
            #expect(draft.text.contains("区住建局") && draft.text.contains("91.5 分 · 绿榜") && draft.text.contains("红榜"))
            #expect(try await client.call(.post, "/v1/reports/annual/2026/publish", token: f.token(.department)).status == .forbidden)
            let published = try await client.call(.post, "/v1/reports/annual/2026/publish", token: f.token(.admin))
            #expect(published["published_at"] != nil)
            #expect(try await client.call(.get, "/v1/reports/annual/2026/board.svg").status == .ok)
            // published again, twice at once: still one notice each
            async let again1 = client.call(.post, "/v1/reports/annual/2026/publish", token: f.token(.admin))
            async let again2 = client.call(.post, "/v1/reports/annual/2026/publish", token: f.token(.admin))
            let agains = try await [again1, again2]
            #expect(agains.allSatisfy { $0.status == .ok && $0.string("published_at") == published.string("published_at") })
            let notices = try await services.database.query(
                "SELECT count(*)::int FROM notifications WHERE type = 'report.annual_published'", logger: services.logger
            )
            #expect(try notices.first?.decode(Int.self) == 3)  // the admin, the district's staff and the county department user, once
            let csv = try await client.call(.get, "/v1/reports/annual/2026", token: f.token(.admin), headers: [.accept: "text/csv"])
            #expect(csv.text.contains("排名,承办单位,交办件数"))
            #expect(csv.text.contains("1,区住建局"))
        }
    }
}

@Suite(.timeLimit(.minutes(2))) struct SpotCheckEndpointTests {
    @Test func aProblemFoundReopensTheClosedSubmissionOnce() async throws {
        try await APITestHarness.withLoop { client, f, services in
            let id = try await closedAndSampled(client, f, services)
            let check = "2026-\(id)"
            let listed = try await client.call(.get, "/v1/spot-checks?year=2026", token: f.admin)
            #expect(listed.items.count == 1)
            #expect(listed.items.first?["id"] as? String == check)
            #expect(try await client.call(.get, "/v1/spot-checks?year=2025", token: f.admin).items.isEmpty)
            let city = try await client.call(
                .get, "/v1/spot-checks?year=2026&department_id=\(f.registry.cityDepartment.id)",
                token: f.admin)
            #expect(city.items.isEmpty)
            #expect(
                try await client.call(.get, "/v1/spot-checks?year=2026&department_id=x", token: f.admin).errorFields == ["department_id"])
            #expect(try await client.call(.get, "/v1/spot-checks?year=2026", token: f.county).status == .forbidden)
            for unknown in ["2025-\(id)", "2026-\(UUID())", "\(id)", "2026-nonsense"] {
                let missing = try await client.call(
                    .post, "/v1/spot-checks/\(unknown)/verdict", token: f.admin, json: ["verdict": "confirmed"])
                #expect(missing.status == .notFound, "\(unknown)")
            }
            let decided = try await client.call(
                .post, "/v1/spot-checks/\(check)/verdict", token: f.admin,
                json: ["verdict": "problem_found", "note": "回访发现路灯又坏了"])
            #expect(decided.string("verdict") == "problem_found")
            let submission = try await client.call(.get, "/v1/submissions/\(id)", token: f.admin)
            #expect(submission.string("status") == "reopened")
            #expect(submission["round"] as? Int == 2)
            let again = try await client.call(.post, "/v1/spot-checks/\(check)/verdict", token: f.admin, json: ["verdict": "confirmed"])
            #expect(again.code == "invalid_transition")
        }
    }

    @Test func aStreetsStaffNeitherListsNorDecidesTheDistrictsSamples() async throws {
        try await APITestHarness.withLoop { client, f, services in
            let id = try await closedAndSampled(client, f, services)  // the county bureau's, a district department
            let (street, district) = (f.registry.streetStaffA, f.registry.token(.staff))
            let listed = try await client.call(.get, "/v1/spot-checks?year=2026", token: street)
            #expect((listed["items"] as? [Any])?.isEmpty == true)
            #expect((try await client.call(.get, "/v1/spot-checks?year=2026", token: district)["items"] as? [Any])?.count == 1)
            let byStreet = try await client.call(.get, "/v1/spot-checks?year=2026&region_id=\(f.registry.streetA.id.text)", token: f.admin)
            #expect((byStreet["items"] as? [Any])?.isEmpty == true)
            let refused = try await client.call(
                .post, "/v1/spot-checks/2026-\(id)/verdict", token: street, json: ["verdict": "problem_found"])
            #expect(refused.status == .notFound)
            let decided = try await client.call(
                .post, "/v1/spot-checks/2026-\(id)/verdict", token: district, json: ["verdict": "confirmed"])
            #expect(decided.string("verdict") == "confirmed")
        }
    }

    @Test func twoSimultaneousVerdictsRecordOne() async throws {
        try await APITestHarness.withLoop { client, f, services in
            let id = try await closedAndSampled(client, f, services)
            async let first = client.call(.post, "/v1/spot-checks/2026-\(id)/verdict", token: f.admin, json: ["verdict": "confirmed"])
            async let second = client.call(
                .post, "/v1/spot-checks/2026-\(id)/verdict", token: f.admin,
                json: ["verdict": "problem_found"])
            let statuses = try await [first.status.code, second.status.code].sorted()
            #expect(statuses == [200, 409])
            let verdicts = try await services.database.query(
                "SELECT count(*)::int FROM spot_check_verdicts WHERE submission_id = \(UUID(uuidString: id)!)", logger: services.logger
            )
            #expect(try verdicts[0].decode(Int.self) == 1)
        }
    }

    @Test func theListIsPagedByDepartmentNameThenReceiptNumber() async throws {
        try await APITestHarness.withLoop { client, f, services in
            var ids: [String] = []
            for _ in 0..<3 { ids.append(try await closedAndSampled(client, f, services)) }
            // two in the county's sample, the third in the city's; the expected order is PostgreSQL's (names
            // sort by the database collation)
            try await services.database.query(
                "UPDATE spot_check_samples SET submission_ids = ARRAY[\(UUID(uuidString: ids[0])!), \(UUID(uuidString: ids[1])!)]",
                logger: services.logger
            )
            try await services.database.query(
                """
                INSERT INTO spot_check_samples (year, department_id, seed, submission_ids, created_at)
                VALUES (2026, \(f.registry.cityDepartment.id), 42, ARRAY[\(UUID(uuidString: ids[2])!)], now())
                """,
                logger: services.logger
            )
            // by department name in the database's collation, then receipt number (filing order here)
            let countyFirst = try await services.database.query(
                "SELECT \(f.registry.countyDepartment.name)::text < \(f.registry.cityDepartment.name)::text", logger: services.logger
            ).first!.decode(Bool.self)
            let expected = countyFirst ? ids : [ids[2], ids[0], ids[1]]
            let first = try await client.call(.get, "/v1/spot-checks?year=2026&limit=2", token: f.admin)
            #expect(first.items.compactMap { $0["submission_id"] as? String } == Array(expected.prefix(2)))
            let cursor = try #require(first["next_cursor"] as? String)
            let second = try await client.call(.get, "/v1/spot-checks?year=2026&limit=2&cursor=\(cursor)", token: f.admin)
            #expect(second.items.compactMap { $0["submission_id"] as? String } == [expected[2]])
            #expect(second["next_cursor"] == nil)
            #expect(try await client.call(.get, "/v1/spot-checks?year=2026&cursor=bm9wZQ", token: f.admin).errorFields == ["cursor"])
            #expect(try await client.call(.get, "/v1/spot-checks?year=2026&limit=0", token: f.admin).errorFields == ["limit"])
        }
    }

    /// Files a submission, closes it (resolved on the spot, rated satisfied) and puts it in the county's 2026 sample.
    func closedAndSampled(_ client: any TestClientProtocol, _ f: LoopFixture, _ services: APIServices) async throws -> String {
        let (id, token) = try await client.file(f)
        _ = try await client.call(.post, "/v1/submissions/\(id)/resolve", token: f.admin, json: ["reply": "已处理"])
        _ = try await client.call(.post, "/v1/tracking/\(token)/evaluation", json: ["rating": "satisfied"])
        _ = try await client.call(.post, "/v1/submissions/\(id)/evaluation", token: f.representative, json: ["rating": "satisfied"])
        try await services.database.query(
            """
            INSERT INTO spot_check_samples (year, department_id, seed, submission_ids, created_at)
            VALUES (2026, \(f.registry.countyDepartment.id), 42, ARRAY[\(UUID(uuidString: id)!)], now())
            ON CONFLICT (year, department_id) DO UPDATE SET submission_ids = spot_check_samples.submission_ids || excluded.submission_ids
            """,
            logger: services.logger
        )
        return id
    }

    @Test func oversightMeetingsTakeNotesAndDecisions() async throws {
        try await APITestHarness.withRegistry { client, f, services in
            try await services.database.query(
                """
                INSERT INTO oversight_meetings (region_id, quarter, meeting_date, updated_at)
                VALUES (\(f.district.id), '2026-Q4', '2026-12-15', now())
                """,
                logger: services.logger
            )
            let patched = try await client.call(
                .patch, "/v1/oversight/2026-Q4", token: f.token(.admin),
                json: ["notes": "到会12人", "decisions": "区住建局限期两周办结"])
            #expect(patched.string("decisions") == "区住建局限期两周办结")
            #expect(try await client.call(.get, "/v1/oversight/2026-Q4", token: f.token(.admin)).string("notes") == "到会12人")
            #expect(try await client.call(.get, "/v1/oversight/2026-Q3", token: f.token(.admin)).status == .notFound)
            // the district's meeting: its staff and leaders read it, a street's staff does not
            #expect(try await client.call(.get, "/v1/oversight/2026-Q4", token: f.token(.leader)).string("notes") == "到会12人")
            #expect(try await client.call(.get, "/v1/oversight/2026-Q4", token: f.streetStaffA).status == .notFound)
            let above = try await client.call(
                .patch, "/v1/oversight/2026-Q4?region_id=\(f.district.id.text)", token: f.streetStaffA, json: ["notes": "改"])
            #expect(above.status == .notFound)
            #expect(try await client.call(.get, "/v1/oversight/2026-Q4", token: f.token(.department)).status == .forbidden)
        }
    }
}
