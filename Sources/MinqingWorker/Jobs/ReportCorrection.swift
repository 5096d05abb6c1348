import Foundation
import Logging
import MinqingCore
import MinqingRules
import PostgresNIO

/// A correction (更正) of a region's report: after the data behind it was mended, the period's report is rebuilt by the
/// job's own builder from the data as it is now and written as the next version with the reason. Earlier
/// versions stay readable (`?version=`); nothing is notified and nothing is published (an annual correction
/// is published like the first version, with `POST …/publish`).
public enum ReportCorrection {
    /// Writes the correction and returns its version number. 404 when the period has no report yet (there is
    /// nothing to correct: the job writes the first version); 422 for a period key of the wrong form or an
    /// empty reason.
    public static func correct(
        _ kind: ReportStore.Kind, region: UUID, period key: String, reason: String, policy: RhythmPolicy, calendar: LocalCalendar,
        database: Database, clock: AppClock, logger: Logger
    ) async throws -> Int {
        var validator = FieldValidator()
        let reason = validator.required(reason, "reason", max: 2000, multiline: true)
        let period = Period(key: key)
        switch (kind, period) {
        case (.monthly, .month?), (.quarterly, .quarter?), (.annual, .year?), (.digest, .month?), (.ranking, .year?): break
        case (.session, _): validator.add("kind", "a session's report is written anew with POST /v1/sessions/{id}/report")
        default:
            validator.add(
                "period",
                "is not a \(kind.rawValue) period key (YYYY-MM for monthly and digest, YYYY-Qn for quarterly, YYYY for annual and ranking)")
        }
        try validator.check()
        guard let period else { preconditionFailure("validated above") }
        let reports = ReportStore(database: database, logger: logger)
        let now = clock.now()
        func write<Content: ReportData>(_ build: @Sendable (ReportRegions, PostgresConnection) async throws -> [UUID: Content]) async throws
            -> Int
        {
            try await database.withTransaction(logger: logger) { connection in
                let regions = try await ReportRegions.load(only: region, on: connection, logger: logger)
                guard let report = try await build(regions, connection)[region] else { preconditionFailure("built for the region") }
                return try await ReportStore.writeCorrection(
                    report, region: region, period: key, reason: reason, now: now, on: connection, logger: logger)
            }
        }
        switch kind {
        case .monthly:
            return try await write { regions, connection in
                try await MonthlyTracking.build(
                    period, regions: regions, policy: policy, calendar: calendar, on: connection, logger: logger)
            }
        case .quarterly:
            // redrawn as of the instant the first list was drawn up at, so only the mended data differs
            guard let first = try await reports.snapshot(OversightList.self, region: region, period: key, version: 1) else {
                throw DomainError.notFound("Quarterly report \(key)")
            }
            return try await write { regions, connection in
                try await QuarterlyOversight.build(
                    period, asOf: first.data.asOf, regions: regions, calendar: calendar, on: connection, logger: logger)
            }
        case .session:
            preconditionFailure("refused above")
        case .digest:
            return try await write { regions, connection in
                try await MonthlyDigestJob.build(
                    period, regions: regions, policy: policy, calendar: calendar, on: connection, logger: logger)
            }
        case .ranking:
            return try await write { regions, connection in
                try await RepresentativeRankingJob.build(
                    period, regions: regions, policy: policy, calendar: calendar, on: connection, logger: logger)
            }
        case .annual:
            return try await write { regions, connection in
                try await AnnualEvaluation.build(
                    period, regions: regions, policy: policy, calendar: calendar, now: now, on: connection, logger: logger)
            }
        }
    }
}
