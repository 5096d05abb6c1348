import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// The configured holidays and adjusted working days.
public struct CalendarStore: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// The working calendar with every configured day (a few hundred rows at most).
    public func workingCalendar(_ local: LocalCalendar) async throws -> WorkingCalendar {
        try await Self.workingCalendar(local, rows: database.query("SELECT day::text, kind FROM calendar_days", logger: logger))
    }

    public static func workingCalendar(_ local: LocalCalendar, on connection: PostgresConnection, logger: Logger) async throws
        -> WorkingCalendar
    {
        try await workingCalendar(local, rows: connection.query("SELECT day::text, kind FROM calendar_days", logger: logger).collect())
    }

    static func workingCalendar(_ local: LocalCalendar, rows: [PostgresRow]) throws -> WorkingCalendar {
        var holidays = Set<String>(), workdays = Set<String>()
        for row in rows {
            let (day, kind) = try row.decode((String, String).self)
            if kind == "holiday" { holidays.insert(day) } else { workdays.insert(day) }
        }
        return WorkingCalendar(local: local, holidays: holidays, workdays: workdays)
    }

    public func year(_ year: Int) async throws -> (holidays: [String], workdays: [String]) {
        let rows = try await database.query(
            "SELECT day::text, kind FROM calendar_days WHERE extract(year FROM day) = \(year) ORDER BY day", logger: logger
        )
        var holidays: [String] = [], workdays: [String] = []
        for row in rows {
            let (day, kind) = try row.decode((String, String).self)
            if kind == "holiday" { holidays.append(day) } else { workdays.append(day) }
        }
        return (holidays, workdays)
    }

    /// Replaces a year's configured days in one transaction.
    public func replace(year: Int, holidays: [String], workdays: [String]) async throws {
        try await database.withTransaction(logger: logger) { connection in
            try await connection.query("DELETE FROM calendar_days WHERE extract(year FROM day) = \(year)", logger: logger)
            try await connection.query(
                """
                INSERT INTO calendar_days (day, kind)
                SELECT d::date, 'holiday' FROM unnest(\(holidays)::text[]) AS d
                UNION ALL
                SELECT d::date, 'workday' FROM unnest(\(workdays)::text[]) AS d
                """,
                logger: logger
            )
        }
    }
}
