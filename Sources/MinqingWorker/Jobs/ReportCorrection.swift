import Foundation
import Logging
import MinqingCore
import MinqingRules
import PostgresNIO

/// A correction (更正) of a report: after the data behind it was mended, the period's report is rebuilt by the
/// job's own builder from the data as it is now and written as the next version with the reason. Earlier
/// versions stay readable (`?version=`); nothing is notified and nothing is published (an annual correction
/// is published like the first version, with `POST …/publish`).
public enum ReportCorrection {
    /// Writes the correction and returns its version number. 404 when the period has no report yet (there is
    /// nothing to correct: the job writes the first version); 422 for a period key of the wrong form or an
    /// empty reason.
    public static func correct(
        _ kind: ReportStore.Kind, period key: String, reason: String, policy: RhythmPolicy, calendar: LocalCalendar,
        database: Database, clock: AppClock, logger: Logger
    ) async throws -> Int {
        var validator = FieldValidator()
        let reason = validator.required(reason, "reason", max: 2000, multiline: true)
        let period = Period(key: key)
        switch (kind, period) {
        case (.monthly, .month?), (.quarterly, .quarter?), (.annual, .year?): break
        default: validator.add("period", "is not a \(kind.rawValue) period key (YYYY-MM, YYYY-Qn or YYYY)")
        }
        try validator.check()
        guard let period else { preconditionFailure("validated above") }
        let reports = ReportStore(database: database, logger: logger)
        let now = clock.now()
        switch kind {
        case .monthly:
            return try await database.withTransaction(logger: logger) { connection in
                let sheet = try await MonthlyTracking.build(period, calendar: calendar, on: connection, logger: logger)
                return try await ReportStore.writeCorrection(sheet, period: key, reason: reason, now: now, on: connection, logger: logger)
            }
        case .quarterly:
            // redrawn as of the instant the first list was drawn up at, so only the mended data differs
            guard let first = try await reports.snapshot(OversightList.self, period: key, version: 1) else {
                throw DomainError.notFound("Quarterly report \(key)")
            }
            return try await database.withTransaction(logger: logger) { connection in
                let list = try await QuarterlyOversight.build(
                    period, asOf: first.data.asOf, calendar: calendar, on: connection,
                    logger: logger)
                return try await ReportStore.writeCorrection(list, period: key, reason: reason, now: now, on: connection, logger: logger)
            }
        case .annual:
            return try await database.withTransaction(logger: logger) { connection in
                let report = try await AnnualEvaluation.build(
                    period, policy: policy, calendar: calendar, now: now, on: connection,
                    logger: logger)
                return try await ReportStore.writeCorrection(report, period: key, reason: reason, now: now, on: connection, logger: logger)
            }
        }
    }
}
