import Foundation
import MinqingCore
import MinqingRules
import TestSupport
import Testing

@testable import MinqingAPI

@Suite(.timeLimit(.minutes(3))) struct DemoDistrictTests {
    @Test func theDemoDistrictFillsAnEmptyDatabaseOnce() async throws {
        try await TestDatabase.withMigratedDatabase { database, url in
            let seeder = DemoDistrict(database: database, config: TestConfig.make(database: url), logger: TestDatabase.logger)
            let summary = try await seeder.seed()
            #expect(summary.stations == 72)
            #expect(summary.representatives == 200)
            #expect(summary.departments == 40)
            #expect(summary.observers == 300)
            #expect(Set(summary.credentials.map(\.role)) == Set(Role.allCases))
            let counts = try await database.query(
                """
                SELECT (SELECT count(*) FROM stations WHERE level = 'hub')::int, (SELECT count(*) FROM stations WHERE level = 'centre')::int,
                       (SELECT count(*) FROM codes WHERE status = 'active')::int,
                       (SELECT count(DISTINCT level) FROM departments)::int
                """,
                logger: TestDatabase.logger
            )
            let (hubs, centres, codes, levels) = try counts.first!.decode((Int, Int, Int, Int).self)
            #expect(hubs == 1 && centres == 3)
            #expect(codes == 272)
            #expect(levels == 3)
            await #expect(throws: DemoDistrict.NotEmpty.self) { try await seeder.seed() }
        }
    }
}
