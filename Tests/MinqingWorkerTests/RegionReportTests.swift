import Foundation
import MinqingCore
import MinqingRules
import PostgresNIO
import TestSupport
import Testing

@testable import MinqingWorker

/// The periodic reports are written per region that has departments, each ranking its own departments and
/// counting graded handling over its subtree.
@Suite(.timeLimit(.minutes(2))) struct RegionReportTests {
    @Test func eachRegionGetsItsOwnSheetWithItsDepartmentsAndItsSubtreesHandling() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            let now = TestConfig.instant("2026-10-01T00:00:00+08:00")
            let street = try await RegionStore(database: database, logger: world.logger)
                .create(.init(name: "西兴街道", level: .township, parentID: world.region.id), now: now)
            let streetOffice = try await DepartmentStore(database: database, logger: world.logger)
                .create(.init(name: "西兴街道办", level: .township, regionID: street.id), now: now)
            let empty = try await RegionStore(database: database, logger: world.logger)
                .create(.init(name: "长河街道", level: .township, parentID: world.region.id), now: now)
            func fromStreet(_ id: UUID) async throws {  // as if filed at a station of the street
                try await database.query(
                    "UPDATE submissions SET region_id = \(street.id), origin_region_id = \(street.id) WHERE id = \(id)",
                    logger: world.logger)
            }
            // the district closes one of its own; the street has one assigned to its office and refers one up
            let (own, ownAssignment) = try await world.assigned(at: "2026-10-12T09:00:00+08:00", to: world.county, days: 5)
            try await world.reply(ownAssignment, at: "2026-10-13T09:00:00+08:00", user: world.countyUser)
            try await world.rate(own, .satisfied, at: "2026-10-14T09:00:00+08:00")
            let (kept, _) = try await world.assigned(at: "2026-10-15T09:00:00+08:00", to: streetOffice, days: 5)
            try await fromStreet(kept)
            let referred = try await world.accepted(at: "2026-10-16T09:00:00+08:00").id
            try await fromStreet(referred)
            try await world.loop.refer(
                referred, note: "需区级协调", by: Actor(user: world.admin), now: TestConfig.instant("2026-10-16T10:00:00+08:00"))

            try await database.query(
                "INSERT INTO job_cursors (kind, last_nominal_at) VALUES ('monthly_tracking', '2026-10-01T08:00:00+08:00')",
                logger: world.logger)
            _ = try await world.worker(at: "2026-11-01T08:00:00+08:00").pass()
            #expect(try await world.count("SELECT count(*)::int FROM reports WHERE kind = 'monthly' AND period_key = '2026-10'") == 2)
            #expect(try await world.snapshot(MonthlySheet.self, "2026-10", region: empty.id) == nil)  // no departments, no sheet

            let district = try #require(try await world.snapshot(MonthlySheet.self, "2026-10"))
            #expect(district.departments.map(\.departmentName) == ["区住建局"])
            #expect(district.intake?.received == 3)  // its own and the street's
            #expect(district.regions?.map(\.regionName) == ["滨江区", "西兴街道"])
            let districtRow = try #require(district.regions?.first)
            #expect(districtRow.received == 1 && districtRow.closedAtOwnLevel == 1 && districtRow.referredUp == 0)
            let streetRow = try #require(district.regions?.last)
            #expect(streetRow.received == 2 && streetRow.referredUp == 1 && streetRow.closedAtOwnLevel == 0)

            let streetSheet = try #require(try await world.snapshot(MonthlySheet.self, "2026-10", region: street.id))
            #expect(streetSheet.departments.map(\.departmentName) == ["西兴街道办"])
            #expect(streetSheet.intake?.received == 2)
            #expect(streetSheet.regions == [streetRow])
            #expect(
                try await world.count(
                    "SELECT count(*)::int FROM submission_referrals WHERE from_region_id = \(street.id) AND to_region_id = \(world.region.id)"
                ) == 1)
        }
    }
}
