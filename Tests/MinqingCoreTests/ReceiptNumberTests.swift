import Foundation
import MinqingCore
import PostgresNIO
import TestSupport
import Testing

/// Receipt numbers come from one sequence per year (migration 0008): unique and increasing, starting at 1
/// each year, with a gap where a filing rolled back — and no row that every filing locks.
@Suite(.timeLimit(.minutes(1))) struct ReceiptNumberTests {
    let logger = TestDatabase.logger

    @Test func anUpgradedDatabaseContinuesEachYearAfterItsLastNumber() async throws {
        let all = try MigrationCatalog.bundled()
        try await TestDatabase.withEmptyDatabase { url in
            try await TestDatabase.withClient(url) { database in
                _ = try await Migrator(database: database, migrations: all.filter { $0.version <= 7 }, logger: logger).migrate()
                try await database.query("INSERT INTO receipt_counters (year, last) VALUES (2025, 9120), (2026, 41)", logger: logger)
                let applied = try await Migrator(database: database, migrations: all.filter { $0.version <= 8 }, logger: logger).migrate()
                #expect(applied.map(\.version) == [8])

                #expect(try await nextNumber(2026, database) == 42)
                #expect(try await nextNumber(2026, database) == 43)
                #expect(try await nextNumber(2025, database) == 9121)
                #expect(try await nextNumber(2027, database) == 1)  // a year nobody counted yet starts at 1
                let formatted = try await database.query("SELECT next_receipt_no(2027), next_receipt_no(2025)", logger: logger)
                    .first!.decode((String, String).self)
                #expect(formatted == ("MQ2027-000002", "MQ2025-009122"))
                try await database.query("SELECT setval('receipt_numbers_2027', 999999)", logger: logger)
                let long = try await database.query("SELECT next_receipt_no(2027)", logger: logger).first!.decode(String.self)
                #expect(long == "MQ2027-1000000")  // more digits, never cut to six
                let table = try await database.query("SELECT to_regclass('receipt_counters')::text", logger: logger)
                    .first?.decode(String?.self)
                #expect(table == .some(nil))
            }
        }
    }

    @Test func aRolledBackFilingLeavesAGap() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let first = try await nextNumber(2026, database)
            #expect(first == 1)
            await #expect(throws: TestFailure.self) {
                try await database.withTransaction(logger: logger) { connection in
                    _ = try await connection.query("SELECT next_receipt_number(2026)", logger: logger).collect()
                    throw TestFailure("the filing fails after taking number 2")
                }
            }
            let after = try await nextNumber(2026, database)
            #expect(after == 3)
        }
    }

    /// The first filings of a new year race to create its sequence: each gets its own number, none fails,
    /// and a creator that rolls back does not take the sequence away from the others for good.
    @Test func concurrentFirstFilingsOfAYearGetDistinctNumbers() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let numbers = try await withThrowingTaskGroup(of: Int?.self) { group in
                for index in 0..<24 {
                    group.addTask {
                        do {
                            return try await database.withTransaction(logger: logger) { connection in
                                let number = try await connection.query("SELECT next_receipt_number(2031)", logger: logger)
                                    .collect()[0].decode(Int.self)
                                try await Task.sleep(for: .milliseconds(20))  // hold the transaction open: the race window
                                if index % 6 == 0 { throw TestFailure("rolled back") }
                                return number
                            }
                        } catch is TestFailure {
                            return nil
                        }
                    }
                }
                return try await group.reduce(into: [Int]()) { if let number = $1 { $0.append(number) } }
            }
            #expect(numbers.count == 20)
            #expect(Set(numbers).count == numbers.count)
            #expect(numbers.allSatisfy { $0 >= 1 })
            #expect(try await nextNumber(2031, database) > numbers.max()!)
        }
    }

    private func nextNumber(_ year: Int, _ database: Database) async throws -> Int {
        try await database.query("SELECT next_receipt_number(\(year)::integer)", logger: logger).first!.decode(Int.self)
    }
}
