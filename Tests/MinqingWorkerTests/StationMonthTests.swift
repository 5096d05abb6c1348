import Foundation
import MinqingCore
import MinqingRules
import PostgresNIO
import TestSupport
import Testing

@testable import MinqingWorker

/// The monthly sheet's stations at work: receptions against the target, duty slots kept and missed,
/// visitors and the items filed at receptions.
@Suite(.timeLimit(.minutes(2))) struct StationMonthTests {
    /// A hand-built October 2026 at the world's station: a kept slot on the 10th with its reception (12 visitors)
    /// and a filing linked to it, a missed slot on the 17th, a reception activity held on the 24th (5 visitors),
    /// one only planned, a staff member's reception filing without a slot; a kept slot on 30 September. A second
    /// station does nothing.
    @Test func aStationsMonthIsCountedFromItsSlotsReceptionsAndFilings() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            let logger = world.logger
            let idle = try await StationStore(database: database, logger: logger).create(
                .init(name: "白马湖联络站", level: .station, category: .livelihood, regionID: world.region.id),
                now: TestConfig.instant("2026-01-01T00:00:00+08:00"))
            let rota = RotaStore(database: database, logger: logger)
            let me = world.representative.id
            let setUp = TestConfig.instant("2026-09-01T09:00:00+08:00")
            let october = try await rota.replace(
                station: world.station.id, month: "2026-10",
                with: [
                    DutySlot(date: "2026-10-10", from: 9 * 60, to: 11 * 60, representativeIDs: [me]),
                    DutySlot(date: "2026-10-17", from: 9 * 60, to: 11 * 60, representativeIDs: [me]),
                ], calendar: TestConfig.calendar, now: setUp)
            let september = try await rota.replace(
                station: world.station.id, month: "2026-09",
                with: [DutySlot(date: "2026-09-30", from: 9 * 60, to: 11 * 60, representativeIDs: [me])],
                calendar: TestConfig.calendar, now: setUp)
            let kept = try #require(october.first { $0.date == "2026-10-10" }).id
            try await rota.checkIn(
                kept, representative: me, calendar: TestConfig.calendar, now: TestConfig.instant("2026-10-10T09:05:00+08:00"))
            try await rota.recordReception(
                kept, visitors: 12, note: nil, representative: me, now: TestConfig.instant("2026-10-10T11:30:00+08:00"))
            try await rota.checkIn(
                september[0].id, representative: me, calendar: TestConfig.calendar, now: TestConfig.instant("2026-09-30T09:05:00+08:00"))
            try await rota.recordReception(
                september[0].id, visitors: 30, note: nil, representative: me, now: TestConfig.instant("2026-09-30T11:30:00+08:00"))

            let users = UserStore(database: database, logger: logger)
            let repUser = try await users.create(
                .init(username: "rep", passwordHash: "x", role: .representative, representativeID: me), now: setUp)
            let staff = try await users.create(
                .init(username: "staff", passwordHash: "x", role: .staff, regionID: world.region.id), now: setUp)
            let filing = { (slot: String?, station: String?, filer: User, at: String) in
                _ = try await world.intake.file(
                    IntakeRequest(
                        channel: "reception", kind: "opinion", category: "urban_rural_construction", content: "接待日群众反映路灯不亮",
                        stationID: station, rotaSlotID: slot),
                    filer: filer, clientAddress: "test", idempotencyKey: nil, now: TestConfig.instant(at))
            }
            try await filing(kept.uuidString, nil, repUser, "2026-10-10T10:00:00+08:00")
            try await filing(nil, world.station.id.uuidString, staff, "2026-10-20T10:00:00+08:00")
            try await filing(nil, world.station.id.uuidString, staff, "2026-11-02T10:00:00+08:00")  // November's

            for (day, status, visitors) in [("2026-10-24", "held", 5), ("2026-10-27", "planned", 40)] {
                try await database.query(
                    """
                    INSERT INTO activities (region_id, station_id, kind, title, starts_at, ends_at, status, visitors, created_at, updated_at)
                    VALUES (\(world.region.id), \(world.station.id), 'reception', '代表接待日', \(TestConfig.instant("\(day)T09:00:00+08:00")),
                            \(TestConfig.instant("\(day)T11:00:00+08:00")), \(status), \(visitors), \(setUp), \(setUp))
                    """, logger: logger)
            }

            let sheets = try await database.withConnection { connection in
                try await MonthlyTracking.build(
                    Period(key: "2026-10")!, regions: try await ReportRegions.load(on: connection, logger: logger), policy: RhythmPolicy(),
                    calendar: TestConfig.calendar, on: connection, logger: logger)
            }
            let stations = try #require(sheets[world.region.id]?.stations)
            #expect(stations.map(\.stationName) == ["江南社区联络站", "白马湖联络站"].sorted())
            let busy = try #require(stations.first { $0.stationID == world.station.id })
            #expect(busy.receptions == 2 && busy.receptionTarget == 4 && !busy.meetsTarget)
            #expect(busy.slotsKept == 1 && busy.slotsMissed == 1)
            #expect(busy.visitors == 17)
            #expect(busy.itemsFiled == 2)
            let quiet = try #require(stations.first { $0.stationID == idle.id })
            #expect(
                quiet
                    == MonthlySheet.StationMonth(
                        stationID: idle.id, stationName: "白马湖联络站", receptions: 0, receptionTarget: 4, slotsKept: 0, slotsMissed: 0,
                        visitors: 0, itemsFiled: 0))

            // a lower target is met; departments do not see the stations
            var policy = RhythmPolicy()
            policy.receptionsPerMonth = 2
            let lower = try await database.withConnection { connection in
                try await MonthlyTracking.build(
                    Period(key: "2026-10")!, regions: try await ReportRegions.load(on: connection, logger: logger), policy: policy,
                    calendar: TestConfig.calendar, on: connection, logger: logger)
            }
            #expect(lower[world.region.id]?.stations?.first { $0.stationID == world.station.id }?.meetsTarget == true)
            #expect(lower[world.region.id]?.withoutStaffParts().stations == nil)
        }
    }
}
