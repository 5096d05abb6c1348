import Foundation
import MinqingCore
import PostgresNIO
import TestSupport
import Testing

/// Migration 0009 gives every existing station, department, representative and submission one region it
/// creates, so an upgraded database keeps working; a fresh database starts without regions.
@Suite(.timeLimit(.minutes(1))) struct RegionMigrationTests {
    let logger = TestDatabase.logger

    @Test func anUpgradedDatabasePutsEveryRowIntoOneNewRegion() async throws {
        let all = try MigrationCatalog.bundled()
        try await TestDatabase.withEmptyDatabase { url in
            try await TestDatabase.withClient(url) { database in
                _ = try await Migrator(database: database, migrations: all.filter { $0.version <= 8 }, logger: logger).migrate()
                try await database.query(
                    """
                    WITH st AS (INSERT INTO stations (name, level, category) VALUES ('江南社区联络站', 'station', 'livelihood') RETURNING id),
                         rep AS (INSERT INTO representatives (name, level, home_station_id) SELECT '王芳', 'county', id FROM st RETURNING id),
                         dept AS (INSERT INTO departments (name, level) VALUES ('区住建局', 'county') RETURNING id)
                    INSERT INTO submissions (receipt_no, tracking_token_hash, channel, representative_id, station_id, kind, category,
                                             content, anonymous, status, created_at, updated_at)
                    SELECT 'MQ2026-000001', '\\x00', 'code', rep.id, st.id, 'opinion', 'other', '路灯坏了', false, 'submitted', now(), now()
                    FROM st, rep
                    """,
                    logger: logger)
                let applied = try await Migrator(database: database, migrations: all.filter { $0.version <= 9 }, logger: logger).migrate()
                #expect(applied.map(\.version) == [9])
                let regions = try await database.query("SELECT id, level, parent_id, path FROM regions", logger: logger)
                    .map { try $0.decode((UUID, String, UUID?, [UUID]).self) }
                #expect(regions.count == 1)
                let region = try #require(regions.first)
                #expect(region.1 == "county" && region.2 == nil && region.3 == [region.0])
                let placed = try await database.query(
                    """
                    SELECT (SELECT array_agg(DISTINCT region_id) FROM stations), (SELECT array_agg(DISTINCT region_id) FROM departments),
                           (SELECT array_agg(DISTINCT region_id) FROM representatives),
                           (SELECT array_agg(DISTINCT region_id) || array_agg(DISTINCT origin_region_id) FROM submissions)
                    """,
                    logger: logger
                ).first!.decode(([UUID], [UUID], [UUID], [UUID]).self)
                #expect(placed.0 == [region.0] && placed.1 == [region.0] && placed.2 == [region.0] && placed.3 == [region.0, region.0])
            }
        }
    }

    @Test func aFreshDatabaseStartsWithoutRegions() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let count = try await database.query("SELECT count(*)::int FROM regions", logger: logger).first!.decode(Int.self)
            #expect(count == 0)
        }
    }
}
