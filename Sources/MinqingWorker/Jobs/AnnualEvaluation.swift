import Foundation
import MinqingCore
import MinqingRules
import PostgresNIO

/// 一年一评议: for year Y, early on 1 January Y+1, each department's figures, weighted score, grade
/// (green/yellow/red) and rank, and a reproducible random spot-check sample (回头看) of closed submissions.
enum AnnualEvaluation {
    static let name = "annual_evaluation"

    static func kind(policy: RhythmPolicy) -> JobKind {
        JobKind(name: name, schedule: .yearly(hour: 1, minute: 0), policy: .all, lease: .seconds(1800)) { context, connection in
            guard let period = Period(key: context.periodKey), case .year(let year) = period else { return }
            let range = period.interval(in: context.calendar)
            let rows = try await figures(year: year, on: connection, context: context)
            var scored = rows.map { row in (row, score(row, policy: policy)) }
            scored.sort { ($0.1 ?? -1, $1.0.name) > ($1.1 ?? -1, $0.0.name) }
            let draw = SpotCheckDraw(seed: SpotCheckDraw.seed(year: year), share: policy.spotCheckShare,
                                     minimum: policy.spotCheckMinimum)
            let departments: [JSONValue] = scored.enumerated().map { index, entry in
                let (row, score) = entry
                var json = row.json
                json["score"] = score.map { .number(($0 * 10).rounded() / 10) } ?? .null
                json["grade"] = .string(policy.grade(score).rawValue)
                json["rank"] = .int(index + 1)
                return .object(json)
            }
            let now = context.clock.now()
            let sampled = try await spotChecks(year: year, range: range, draw: draw, now: now, on: connection, context: context)
            let data = JSONValue.object([
                "year": .int(year), "departments": .array(departments), "spot_check_seed": .int(Int(draw.seed)),
                "spot_checks": .int(sampled), "spot_check_share": .number(draw.share), "spot_check_minimum": .int(draw.minimum),
                "weights": .object(["on_time": .number(policy.weightOnTime), "satisfaction": .number(policy.weightSatisfaction),
                                    "reopen": .number(policy.weightReopen)]),
            ])
            try await ReportStore.writeFirst(.annual, period: period.key, data: data, now: now, on: connection, logger: context.logger)
        }
    }

    struct Figures {
        let id: UUID
        let name: String
        var assigned = 0, replied = 0, onTime = 0, satisfied = 0, basicallySatisfied = 0, unsatisfied = 0, unrated = 0
        var extensions = 0, escalations = 0
        var averageWorkingDaysToReply: Double?

        var rated: Int { satisfied + basicallySatisfied + unsatisfied }
        var onTimeRate: Double? { assigned == 0 ? nil : Double(onTime) / Double(assigned) }
        var satisfactionRate: Double? { rated == 0 ? nil : Double(satisfied + basicallySatisfied) / Double(rated) }
        var reopenRate: Double? { rated == 0 ? nil : Double(unsatisfied) / Double(rated) }

        var json: [String: JSONValue] {
            func rate(_ value: Double?) -> JSONValue { value.map { .number(($0 * 1000).rounded() / 1000) } ?? .null }
            return [
                "department_id": .id(id), "department_name": .string(name), "assigned": .int(assigned), "replied": .int(replied),
                "replied_on_time": .int(onTime), "on_time_rate": rate(onTimeRate), "satisfied": .int(satisfied),
                "basically_satisfied": .int(basicallySatisfied), "unsatisfied": .int(unsatisfied), "unrated": .int(unrated),
                "satisfaction_rate": rate(satisfactionRate), "reopen_rate": rate(reopenRate),
                "average_working_days_to_reply": averageWorkingDaysToReply.map { .number(($0 * 10).rounded() / 10) } ?? .null,
                "extensions": .int(extensions), "escalations": .int(escalations),
            ]
        }
    }

    static func score(_ f: Figures, policy: RhythmPolicy) -> Double? {
        policy.score(onTimeRate: f.onTimeRate, satisfactionRate: f.satisfactionRate, reopenRate: f.reopenRate)
    }

    /// The departments' figures of the year, kept by the loop actions as they happened
    /// (`DepartmentYearFigures`, where the definitions live).
    static func figures(year: Int, on connection: PostgresConnection, context: JobContext) async throws -> [Figures] {
        let rows = try await connection.query(
            """
            SELECT f.department_id, d.name, f.assigned, f.replied, f.replied_on_time, f.satisfied, f.basically_satisfied,
                   f.unsatisfied, f.lead_replies - f.rated_lead_replies, f.extensions, f.escalations,
                   CASE WHEN f.replies_timed > 0 THEN f.reply_working_days::float8 / f.replies_timed END
            FROM department_year_figures f JOIN departments d ON d.id = f.department_id
            WHERE f.year = \(year) AND f.assigned > 0
            """,
            logger: context.logger
        ).collect()
        return try rows.map { row in
            let (id, name, assigned, replied, onTime, sat, basic, unsat, unrated, extensions, escalations, average) =
                try row.decode((UUID, String, Int, Int, Int, Int, Int, Int, Int, Int, Int, Double?).self)
            var f = Figures(id: id, name: name)
            (f.assigned, f.replied, f.onTime, f.satisfied, f.basicallySatisfied, f.unsatisfied, f.unrated) =
                (assigned, replied, onTime, sat, basic, unsat, unrated)
            (f.extensions, f.escalations, f.averageWorkingDaysToReply) = (extensions, escalations, average)
            return f
        }
    }

    /// Draws each lead department's sample of the submissions it closed in the year (`SpotCheckDraw`): the
    /// pools are counted in one pass over the spot-check index (in parallel where the server allows), then
    /// each sample is read from the same index in key order from the seed's offset, wrapping around to 0
    /// when the rest of the range is too short. One row per department; returns the number sampled.
    static func spotChecks(year: Int, range: Range<Date>, draw: SpotCheckDraw, now: Date,
                           on connection: PostgresConnection, context: JobContext) async throws -> Int {
        let (from, to) = (range.lowerBound, range.upperBound)
        let pools = try await connection.query(
            """
            SELECT s.lead_department_id, count(*)::int FROM submissions s
            WHERE s.status = \(SubmissionStatus.closed.rawValue) AND s.closed_at >= \(from) AND s.closed_at < \(to)
              AND s.lead_department_id IS NOT NULL
            GROUP BY s.lead_department_id
            """,
            logger: context.logger
        ).collect().map { try $0.decode((UUID, Int).self) }
        guard !pools.isEmpty else { return 0 }
        let departments = pools.map(\.0), totals = pools.map(\.1), sizes = pools.map { draw.size(pool: $0.1) }
        let offset = draw.offset
        let inserted = try await connection.query(
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
            RETURNING cardinality(submission_ids)
            """,
            logger: context.logger
        ).collect()
        return try inserted.reduce(0) { $0 + (try $1.decode(Int.self)) }
    }
}
