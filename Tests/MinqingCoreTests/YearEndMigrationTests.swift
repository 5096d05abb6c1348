import Foundation
import MinqingCore
import PostgresNIO
import TestSupport
import Testing

/// Migration 0006 on a database that already holds a year: the lead department, the round ratings and the
/// spot checks are carried over.
@Suite(.timeLimit(.minutes(1))) struct YearEndMigrationTests {
    let logger = TestDatabase.logger

    @Test func existingRowsAreBackfilledAndSpotChecksRegrouped() async throws {
        let all = try MigrationCatalog.bundled()
        try await TestDatabase.withEmptyDatabase { url in
            try await TestDatabase.withClient(url) { database in
                _ = try await Migrator(database: database, migrations: all.filter { $0.version <= 5 }, logger: logger).migrate()
                try await database.withTransaction(logger: logger) { connection in
                    for statement in Self.yearOnVersion5 { try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
                }
                // UTC, so that a reply at 20:00 UTC on a Thursday counts as Thursday (in Shanghai it is Friday)
                let applied = try await Migrator(
                    database: database, migrations: all.filter { $0.version <= 6 }, timeZone: "UTC", logger: logger
                ).migrate()
                #expect(applied.map(\.version) == [6])

                let leads = try await database.query(
                    "SELECT receipt_no, lead_department_id::text FROM submissions ORDER BY receipt_no", logger: logger
                ).map { try $0.decode((String, String?).self) }
                #expect(leads.map(\.0) == ["A", "B", "C"])
                #expect(leads.map(\.1) == [Self.county, Self.city, nil])  // B: the round-2 lead; C: never assigned

                let ratings = try await database.query(
                    """
                    SELECT round, role, rating, reply_working_days FROM assignments WHERE submission_id = \(UUID(uuidString: Self.b)!)
                    ORDER BY round, role
                    """,
                    logger: logger
                ).map { try $0.decode((Int, String, String?, Int?).self) }
                #expect(ratings.map(\.2) == [nil, "unsatisfied", nil])  // round 1 co, round 1 lead, round 2 lead (unrated)
                // Monday → Thursday: 3 working days; the round-2 lead has not replied
                #expect(ratings.map(\.3) == [3, 3, nil])

                let keys = try await database.query("SELECT sample_key FROM submissions", logger: logger).map { try $0.decode(Double.self) }
                #expect(keys.allSatisfy { $0 >= 0 && $0 < 1 } && Set(keys).count == 3)

                let samples = try await database.query(
                    "SELECT department_id::text, seed, submission_ids FROM spot_check_samples WHERE year = 2026", logger: logger
                ).map { try $0.decode((String, Int64, [UUID]).self) }
                #expect(samples.count == 1)
                #expect(samples.first?.0 == Self.county && samples.first?.1 == 99)
                #expect(samples.first?.2 == [UUID(uuidString: Self.a)!])
                let verdicts = try await database.query(
                    "SELECT submission_id::text, verdict, note FROM spot_check_verdicts", logger: logger
                ).map { try $0.decode((String, String, String?).self) }
                #expect(verdicts.count == 1 && verdicts.first?.0 == Self.a && verdicts.first?.1 == "confirmed")
                let figures = try await database.query(
                    """
                    SELECT department_id::text, assigned, replied, satisfied, unsatisfied, lead_replies, rated_lead_replies,
                           reply_working_days::int, replies_timed
                    FROM department_year_figures WHERE year = 2026 ORDER BY assigned DESC, department_id
                    """,
                    logger: logger
                ).map { try $0.decode((String, Int, Int, Int, Int, Int, Int, Int, Int).self) }
                #expect(figures.count == 2)
                let countyFigures = try #require(figures.first { $0.0 == Self.county })
                let cityFigures = try #require(figures.first { $0.0 == Self.city })
                #expect(countyFigures.1 == 2 && countyFigures.2 == 2 && countyFigures.3 == 1 && countyFigures.4 == 1)
                #expect(countyFigures.5 == 2 && countyFigures.6 == 2 && countyFigures.7 == 6 && countyFigures.8 == 2)
                #expect(cityFigures.1 == 2 && cityFigures.2 == 1 && cityFigures.5 == 0 && cityFigures.7 == 3)
                let old = try await database.query("SELECT to_regclass('spot_checks') IS NULL", logger: logger)
                #expect(try old[0].decode(Bool.self))
            }
        }
    }

    static let county = "00000000-0000-4000-8000-00000000000c"
    static let city = "00000000-0000-4000-8000-0000000000c1"
    static let a = "00000000-0000-4000-8000-00000000000a"
    static let b = "00000000-0000-4000-8000-00000000000b"
    static let c = "00000000-0000-4000-8000-0000000000cc"

    /// A: closed (satisfied) by the county, spot-checked and confirmed. B: rated unsatisfied in round 1 (county
    /// lead, city co-handler), reassigned to the city as lead in round 2. C: submitted, never assigned.
    static let yearOnVersion5: [String] = [
        """
        INSERT INTO departments (id, name, level) VALUES ('\(county)', '区住建局', 'county'), ('\(city)', '市住建局', 'city')
        """,
        """
        INSERT INTO submissions (id, receipt_no, tracking_token_hash, channel, kind, category, content, status, round,
                                 close_reason, closed_at, created_at, updated_at)
        SELECT v.id::uuid, v.no, decode(md5(v.no), 'hex'), 'reception', 'opinion', (SELECT code FROM categories LIMIT 1), '内容',
               v.status, v.round, v.reason, v.closed::timestamptz, '2026-03-01 09:00+08', '2026-03-01 09:00+08'
        FROM (VALUES ('\(a)', 'A', 'closed', 1, 'satisfied', '2026-03-10 09:00+08'), ('\(b)', 'B', 'assigned', 2, NULL, NULL),
                     ('\(c)', 'C', 'submitted', 1, NULL, NULL)) AS v(id, no, status, round, reason, closed)
        """,
        """
        INSERT INTO assignments (submission_id, round, department_id, role, status, working_days, assigned_at, due_at,
                                 replied_at, created_at, updated_at)
        VALUES ('\(a)', 1, '\(county)', 'lead', 'replied', 5, '2026-03-02 09:00+08', '2026-03-09 23:59+08', '2026-03-05 09:00+08', now(), now()),
               ('\(b)', 1, '\(county)', 'lead', 'replied', 5, '2026-03-02 09:00+08', '2026-03-09 23:59+08', '2026-03-05 09:00+08', now(), now()),
               ('\(b)', 1, '\(city)', 'co', 'replied', 5, '2026-03-02 09:00+08', '2026-03-09 23:59+08', '2026-03-05 20:00+00', now(), now()),
               ('\(b)', 2, '\(city)', 'lead', 'pending', 5, '2026-03-12 09:00+08', '2026-03-19 23:59+08', NULL, now(), now())
        """,
        """
        INSERT INTO evaluations (submission_id, round, evaluator, rating, created_at)
        VALUES ('\(a)', 1, 'resident', 'satisfied', '2026-03-10 09:00+08'), ('\(b)', 1, 'resident', 'unsatisfied', '2026-03-11 09:00+08')
        """,
        """
        INSERT INTO spot_checks (year, department_id, submission_id, seed, verdict, note, decided_at, created_at)
        VALUES (2026, '\(county)', '\(a)', 99, 'confirmed', '回访属实', '2027-01-05 10:00+08', '2027-01-01 02:00+08')
        """,
    ]
}
