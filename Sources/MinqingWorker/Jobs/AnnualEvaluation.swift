import Foundation
import MinqingCore
import MinqingRules
import PostgresNIO

/// 一年一评议: for year Y, early on 1 January Y+1, for each region that has departments, each of its
/// departments' figures, weighted score, grade (green/yellow/red) and rank among them, the region's graded
/// handling, and a reproducible random spot-check sample (回头看) of closed submissions per lead department.
enum AnnualEvaluation {
    static let name = "annual_evaluation"

    static func kind(policy: RhythmPolicy) -> JobKind {
        JobKind(name: name, schedule: .yearly(hour: 1, minute: 0), policy: .all, lease: .seconds(1800)) { context, connection in
            let logger = context.logger
            guard let period = Period(key: context.periodKey), case .year = period else { return }
            let now = context.clock.now()
            let regions = try await ReportRegions.load(on: connection, logger: logger)
            let reports = try await build(
                period, regions: regions, policy: policy, calendar: context.calendar, now: now, on: connection, logger: logger)
            for region in regions.reporting {
                guard let report = reports[region] else { continue }
                try await ReportStore.writeFirst(report, region: region, period: period.key, now: now, on: connection, logger: logger)
            }
        }
    }

    /// Each reporting region's evaluation of the year from the kept figures as they are now, best first;
    /// draws the spot-check samples if they are not drawn yet (a correction keeps the samples the first
    /// version drew).
    static func build(
        _ period: Period, regions: ReportRegions, policy: RhythmPolicy, calendar: LocalCalendar, now: Date,
        on connection: PostgresConnection, logger: Logger
    ) async throws -> [UUID: AnnualReport] {
        guard case .year(let year) = period else { preconditionFailure("the annual evaluation runs for a year") }
        let range = period.interval(in: calendar)
        let led = try await suggestionHandling(range, on: connection, logger: logger)
        // the figures kept by the loop actions as they happened (`DepartmentYearFigures`, where the definitions live)
        let scored = try await DepartmentYearFigures.figures(
            range, local: calendar, departments: "true", QueryBuilder(""), on: connection, logger: logger
        )
        .map {
            (id: $0.key, name: $0.value.name, figures: $0.value.figures, score: $0.value.figures.score(policy, suggestions: led[$0.key]))
        }
        .sorted { ($0.score ?? -1, $1.name) > ($1.score ?? -1, $0.name) }
        let draw = SpotCheckDraw(seed: SpotCheckDraw.seed(year: year), share: policy.spotCheckShare, minimum: policy.spotCheckMinimum)
        let sampled = try await spotChecks(year: year, range: range, draw: draw, now: now, on: connection, logger: logger)
        let handling = try await regions.handling(range, on: connection, logger: logger)
        let sources = try await suggestionSources(range, regions: regions, on: connection, logger: logger)
        let explained = try await connection.query(
            """
            SELECT g.number, g.title, g.region_id, g.lead_department_id, g.closed_at FROM suggestions g
            WHERE g.status = \(SuggestionStatus.closed.rawValue) AND g.outcome = \(ReplyOutcome.explained.rawValue)
              AND g.closed_at < \(range.upperBound)
            ORDER BY g.closed_at, g.number
            """,
            logger: logger
        ).collect().map { row in
            let (number, title, region, department, closed) = try row.decode((String, String, UUID, UUID?, Date).self)
            return AnnualReport.ExplainedSuggestion(
                number: number, title: title, regionID: region, departmentID: department, closedAt: closed)
        }
        return Dictionary(
            uniqueKeysWithValues: regions.reporting.map { region in
                let own = scored.filter { regions.departmentRegion[$0.id] == region }
                let samples = sampled.filter { regions.departmentRegion[$0.key] == region }.values.reduce(0, +)
                var report = AnnualReport(
                    year: year,
                    departments: own.enumerated().map { index, entry in
                        .init(
                            departmentID: entry.id, departmentName: entry.name, figures: entry.figures, score: entry.score,
                            grade: policy.grade(entry.score), rank: index + 1, suggestions: led[entry.id])
                    },
                    spotCheckSeed: draw.seed, spotChecks: samples, spotCheckShare: draw.share, spotCheckMinimum: draw.minimum,
                    weights: .init(
                        onTime: policy.weightOnTime, satisfaction: policy.weightSatisfaction, reopen: policy.weightReopen,
                        suggestions: policy.weightSuggestions),
                    regions: handling[region] ?? []
                )
                report.suggestionSources = sources[region] ?? []
                report.explainedForReview = explained.filter { regions.tree.isWithin($0.regionID, region) }
                return (region, report)
            })
    }

    /// Per lead department, the suggestion lead assignments made in the year: replied on time, and the lead
    /// representatives' rating of the round (`SuggestionHandling`).
    static func suggestionHandling(_ range: Range<Date>, on connection: PostgresConnection, logger: Logger) async throws
        -> [UUID: SuggestionHandling]
    {
        let rows = try await connection.query(
            """
            SELECT a.department_id, count(*)::int, count(*) FILTER (WHERE a.replied_at <= a.due_at)::int, count(a.rating)::int,
                   count(*) FILTER (WHERE a.rating IN ('satisfied', 'basically_satisfied'))::int,
                   count(*) FILTER (WHERE a.replied_at IS NOT NULL AND NOT EXISTS (
                       SELECT 1 FROM assignment_contacts c WHERE c.assignment_id = a.id AND c.stage = 'before' AND c.at <= a.replied_at))::int
            FROM assignments a
            WHERE a.subject_kind = 'suggestion' AND a.role = 'lead' AND a.assigned_at >= \(range.lowerBound)
              AND a.assigned_at < \(range.upperBound)
            GROUP BY a.department_id
            """,
            logger: logger
        ).collect()
        return try Dictionary(
            uniqueKeysWithValues: rows.map { row in
                let (department, led, onTime, rated, satisfied, uncontacted) = try row.decode((UUID, Int, Int, Int, Int, Int).self)
                return (
                    department,
                    SuggestionHandling(
                        leadAssignments: led, repliedOnTime: onTime, rated: rated, satisfied: satisfied, repliedWithoutContact: uncontacted)
                )
            })
    }

    /// Per region of each reporting region's subtree, the suggestions submitted in the year and those that
    /// grew from residents' submissions (直接源自群众).
    static func suggestionSources(
        _ range: Range<Date>, regions: ReportRegions, on connection: PostgresConnection, logger: Logger
    ) async throws -> [UUID: [AnnualReport.SuggestionSources]] {
        let rows = try await connection.query(
            """
            SELECT g.region_id, count(*)::int, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM suggestion_sources x WHERE x.suggestion_id = g.id))::int
            FROM suggestions g
            WHERE g.submitted_at >= \(range.lowerBound) AND g.submitted_at < \(range.upperBound)
            GROUP BY g.region_id
            """,
            logger: logger
        ).collect()
        let counts = try rows.map { row in
            let (region, count, fromResidents) = try row.decode((UUID, Int, Int).self)
            return AnnualReport.SuggestionSources(regionID: region, suggestions: count, fromResidents: fromResidents)
        }
        return regions.perSubtree(counts, region: \.regionID)
    }

    /// Draws each lead department's sample of the submissions it closed in the year (`SpotCheckDraw`): the
    /// pools are counted in one pass over the spot-check index (in parallel where the server allows), then
    /// each sample is read from the same index in key order from the seed's offset, wrapping around to 0
    /// when the rest of the range is too short. One row per department; returns how many each department's
    /// sample holds.
    static func spotChecks(
        year: Int, range: Range<Date>, draw: SpotCheckDraw, now: Date,
        on connection: PostgresConnection, logger: Logger
    ) async throws -> [UUID: Int] {
        let (from, to) = (range.lowerBound, range.upperBound)
        let pools = try await connection.query(
            """
            SELECT s.lead_department_id, count(*)::int FROM submissions s
            WHERE s.status = \(SubmissionStatus.closed.rawValue) AND s.closed_at >= \(from) AND s.closed_at < \(to)
              AND s.lead_department_id IS NOT NULL
            GROUP BY s.lead_department_id
            """,
            logger: logger
        ).collect().map { try $0.decode((UUID, Int).self) }
        guard !pools.isEmpty else { return try await sampleSizes(year: year, on: connection, logger: logger) }
        let departments = pools.map(\.0), totals = pools.map(\.1), sizes = pools.map { draw.size(pool: $0.1) }
        let offset = draw.offset
        try await connection.query(
            """
            INSERT INTO spot_check_samples (year, department_id, seed, pool_size, submission_ids, created_at)
            SELECT \(year), p.department_id, \(draw.seed), p.pool, head.ids || coalesce(tail.ids, '{}'), \(now)
            FROM unnest(\(departments)::uuid[], \(sizes)::int8[], \(totals)::int8[]) AS p(department_id, size, pool)
            CROSS JOIN LATERAL (
                SELECT coalesce(array_agg(x.id ORDER BY x.sample_key), '{}') AS ids, count(*) AS n FROM (
                    SELECT s.id, s.sample_key FROM submissions s
                    WHERE s.lead_department_id = p.department_id AND s.status = \(SubmissionStatus.closed.rawValue)
                      AND s.sample_key >= \(offset)
                      AND s.closed_at >= \(from) AND s.closed_at < \(to)
                    ORDER BY s.sample_key LIMIT p.size
                ) x
            ) head
            CROSS JOIN LATERAL (
                SELECT array_agg(x.id ORDER BY x.sample_key) AS ids FROM (
                    SELECT s.id, s.sample_key FROM submissions s
                    WHERE s.lead_department_id = p.department_id AND s.status = \(SubmissionStatus.closed.rawValue)
                      AND s.sample_key < \(offset)
                      AND s.closed_at >= \(from) AND s.closed_at < \(to)
                    ORDER BY s.sample_key LIMIT p.size - head.n
                ) x
            ) tail
            ON CONFLICT (year, department_id) DO NOTHING
            """,
            logger: logger
        )
        return try await sampleSizes(year: year, on: connection, logger: logger)
    }

    /// How many submissions each department's sample of the year holds (drawn now or by an earlier run).
    static func sampleSizes(year: Int, on connection: PostgresConnection, logger: Logger) async throws -> [UUID: Int] {
        let rows = try await connection.query(
            "SELECT department_id, cardinality(submission_ids) FROM spot_check_samples WHERE year = \(year)", logger: logger
        ).collect()
        return Dictionary(uniqueKeysWithValues: try rows.map { try $0.decode((UUID, Int).self) })
    }
}
