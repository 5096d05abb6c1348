import Foundation
import HTTPTypes
import HummingbirdTesting
import MinqingCore
import MinqingRules
import PostgresNIO
import TestSupport
import Testing

@testable import MinqingAPI

/// Reports are read per region: the caller's own by default, any in his subtree by `region_id`, a sibling's
/// or a region above as unknown (404); a region's board is public once that region's report is published.
@Suite(.timeLimit(.minutes(2))) struct RegionReportEndpointTests {
    func store(_ f: RegistryFixture, _ services: APIServices, _ region: Region, department: Department) async throws {
        var figures = DepartmentYearFigures.Increment()
        figures.assigned = 1
        let report = AnnualReport(
            year: 2026,
            departments: [
                .init(departmentID: department.id, departmentName: department.name, figures: figures, score: 88, grade: .green, rank: 1)
            ],
            spotCheckSeed: 1, spotChecks: 0, spotCheckShare: 0.1, spotCheckMinimum: 3,
            weights: .init(onTime: 0.4, satisfaction: 0.4, reopen: 0.2),
            regions: [.init(regionID: region.id, regionName: region.name, received: 4)])
        try await services.database.withTransaction(logger: services.logger) { connection in
            try await ReportStore.writeFirst(
                report, region: region.id, period: "2026", now: Date(), on: connection, logger: services.logger)
        }
    }

    /// 2026 annual reports of the district (its county bureau) and of street A (a new street office).
    func districtAndStreetReports(_ f: RegistryFixture, _ services: APIServices) async throws {
        let streetOffice = try await DepartmentStore(database: services.database, logger: services.logger)
            .create(.init(name: "西兴街道办", level: .township, regionID: f.streetA.id), now: Date())
        try await store(f, services, f.district, department: f.countyDepartment)
        try await store(f, services, f.streetA, department: streetOffice)
    }

    @Test func eachCallerReadsTheReportsOfHisSubtreeOnly() async throws {
        try await APITestHarness.withRegistry { client, f, services in
            try await districtAndStreetReports(f, services)
            func read(_ token: String, _ query: String = "") async throws -> APIResult {
                try await client.call(.get, "/v1/reports/annual/2026\(query)", token: token)
            }
            // without region_id: the caller's own region; admins the top region
            #expect(try await read(f.streetStaffA).string("region_id") == f.streetA.id.text)
            #expect(try await read(f.streetLeaderA).string("region_name") == "西兴街道")
            #expect(try await read(f.token(.staff)).string("region_id") == f.district.id.text)
            #expect(try await read(f.token(.admin)).string("region_id") == f.district.id.text)
            #expect(try await read(f.token(.department)).string("region_id") == f.district.id.text)
            // the district reads its street's; the street neither the district's nor its sibling's
            let below = try await read(f.token(.staff), "?region_id=\(f.streetA.id.text)")
            #expect(
                ((below["data"] as? [String: Any])?["departments"] as? [[String: Any]])?.map { $0["department_name"] as? String } == [
                    "西兴街道办"
                ])
            #expect(try await read(f.streetStaffA, "?region_id=\(f.district.id.text)").status == .notFound)
            #expect(try await read(f.streetStaffB, "?region_id=\(f.streetA.id.text)").status == .notFound)
            #expect(try await read(f.streetStaffB).status == .notFound)  // its own region has no report
            #expect(try await read(f.token(.department), "?region_id=\(f.streetA.id.text)").status == .notFound)
            #expect(try await read(f.token(.admin), "?region_id=\(UUID().uuidString)").status == .notFound)
            #expect(try await read(f.token(.admin), "?region_id=abc").errorFields == ["region_id"])
            // graded handling is for staff, not for departments
            #expect((try await read(f.token(.leader))["data"] as? [String: Any])?["regions"] != nil)
            #expect((try await read(f.token(.department))["data"] as? [String: Any])?["regions"] == nil)
        }
    }

    @Test func aRegionsBoardIsPublicOnceItsOwnReportIsPublished() async throws {
        try await APITestHarness.withRegistry { client, f, services in
            try await districtAndStreetReports(f, services)
            let streetBoard = "/v1/reports/annual/2026/board.svg?region_id=\(f.streetA.id.text)"
            #expect(try await client.call(.get, streetBoard).status == .notFound)
            #expect(try await client.call(.get, streetBoard, token: f.streetStaffB).status == .notFound)
            #expect(try await client.call(.get, streetBoard, token: f.streetStaffA).text.contains("西兴街道办"))
            // a sibling street's staff cannot publish it; its own can
            #expect(
                try await client.call(.post, "/v1/reports/annual/2026/publish?region_id=\(f.streetA.id.text)", token: f.streetStaffB).status
                    == .notFound)
            #expect(try await client.call(.post, "/v1/reports/annual/2026/publish", token: f.streetStaffA).string("published_at") != nil)
            #expect(try await client.call(.get, streetBoard).text.contains("西兴街道办"))
            #expect(try await client.call(.get, "/v1/reports/annual/2026/board.svg").status == .notFound)  // the district's is not
            let notified = try await services.database.query(
                "SELECT count(*)::int FROM notifications WHERE type = 'report.annual_published'", logger: services.logger)
            #expect(try notified.first?.decode(Int.self) == 1)  // the street's staff (its office has no user; no admins below the top)
        }
    }
}
