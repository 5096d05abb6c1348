import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// The quarterly oversight meetings and the year's spot checks, as staff read and annotate them.
public struct OversightStore: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Schedules a region's meeting of a quarter once (the quarterly job; a re-run keeps what staff wrote).
    public static func schedule(
        region: UUID, quarter: String, on date: String, now: Date, on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.query(
            """
            INSERT INTO oversight_meetings (region_id, quarter, meeting_date, updated_at)
            VALUES (\(region), \(quarter), \(date)::date, \(now))
            ON CONFLICT (region_id, quarter) DO NOTHING
            """,
            logger: logger
        )
    }

    public func meeting(region: UUID, _ quarter: String) async throws -> OversightMeeting {
        let rows = try await database.query(
            """
            SELECT \(unescaped: Self.meetingColumns) FROM oversight_meetings WHERE region_id = \(region) AND quarter = \(quarter)
            """,
            logger: logger
        )
        guard let row = rows.first else { throw DomainError.notFound("Oversight meeting \(quarter)") }
        return try Self.decodeMeeting(region, quarter, row)
    }

    /// Replaces the notes and decisions that are given, keeping the others.
    public func annotate(region: UUID, _ quarter: String, notes: String?, decisions: String?, now: Date) async throws
        -> OversightMeeting
    {
        let rows = try await database.write(
            """
            UPDATE oversight_meetings SET notes = COALESCE(\(notes), notes), decisions = COALESCE(\(decisions), decisions),
                   updated_at = \(now)
            WHERE region_id = \(region) AND quarter = \(quarter) RETURNING \(unescaped: Self.meetingColumns)
            """,
            logger: logger
        )
        guard let row = rows.first else { throw DomainError.notFound("Oversight meeting \(quarter)") }
        return try Self.decodeMeeting(region, quarter, row)
    }

    /// The order of spot checks: by department name, then department, then receipt number.
    static let spotCheckOrder = Keyset(.init("d.name", .text), .init("p.department_id", .uuid), .init("s.receipt_no", .text))

    /// A page of a year's spot checks, optionally of one department or of one region's departments, of the
    /// departments the scope reaches (a region's staff: those in its subtree).
    public func spotChecks(year: Int, department: UUID?, region: UUID?, within scope: AccessScope, page: PageRequest) async throws
        -> Page<SpotCheck>
    {
        var builder = QueryBuilder(Self.spotCheckSelect)
        builder.filter(year) { "p.year = \($0)" }
        builder.filter(department) { "p.department_id = \($0)" }
        builder.filter(region) { "d.region_id = \($0)" }
        scope.restrictDepartmentRows(&builder, department: "p.department_id", region: "d.region_id")
        let suffix = try builder.page(page, Self.spotCheckOrder)
        let rows = try await database.query(builder.query(suffix: suffix), logger: logger)
        return try Page(rows: rows, limit: page.limit, keyset: Self.spotCheckOrder, decode: Self.decodeSpotCheck)
    }

    /// One spot check; 404 when the submission was not sampled that year.
    public func spotCheck(_ id: SpotCheckID) async throws -> SpotCheck {
        var builder = QueryBuilder(Self.spotCheckSelect)
        builder.filter(id.year) { "p.year = \($0)" }
        builder.filter(id.submission) { "u.submission_id = \($0)" }
        let rows = try await database.query(builder.query(suffix: ""), logger: logger)
        guard let row = rows.first else { throw DomainError.notFound("Spot check \(id)") }
        return try Self.decodeSpotCheck(row)
    }

    static let meetingColumns = "meeting_date::text, notes, decisions, updated_at"

    static func decodeMeeting(_ region: UUID, _ quarter: String, _ row: PostgresRow) throws -> OversightMeeting {
        let (date, notes, decisions, updated) = try row.decode((String, String?, String?, Date).self)
        return OversightMeeting(
            regionID: region, quarter: quarter, meetingDate: date, notes: notes, decisions: decisions, updatedAt: updated)
    }

    static let spotCheckSelect = """
        SELECT p.year, p.department_id, d.name, u.submission_id, s.receipt_no, p.seed, v.verdict, v.note, v.decided_at,
               \(spotCheckOrder.columns)
        FROM spot_check_samples p CROSS JOIN LATERAL unnest(p.submission_ids) AS u(submission_id)
        JOIN departments d ON d.id = p.department_id JOIN submissions s ON s.id = u.submission_id
        LEFT JOIN spot_check_verdicts v ON v.year = p.year AND v.submission_id = u.submission_id
        """

    static func decodeSpotCheck(_ row: PostgresRow) throws -> SpotCheck {
        let (year, department, name, submission, receipt, seed, verdict, note, decided) =
            try row.decode((Int, UUID, String, UUID, String, Int64, String?, String?, Date?).self)
        return SpotCheck(
            id: SpotCheckID(year: year, submission: submission), departmentID: department, departmentName: name,
            receiptNo: receipt, seed: seed, verdict: verdict.flatMap(LoopService.SpotCheckVerdict.init(rawValue:)),
            note: note, decidedAt: decided)
    }
}
