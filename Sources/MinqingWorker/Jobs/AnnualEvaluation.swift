import Foundation
import MinqingCore
import PostgresNIO

/// 一年一评议: for year Y, early on 1 January Y+1, each department's figures, weighted score, grade
/// (green/yellow/red) and rank, and a reproducible random spot-check sample (回头看) of closed submissions.
enum AnnualEvaluation {
    static let name = "annual_evaluation"

    static func kind(policy: RhythmPolicy) -> JobKind {
        JobKind(name: name, schedule: .yearly(hour: 1, minute: 0), policy: .all, lease: .seconds(1800)) { context, connection in
            guard let period = Period(key: context.periodKey), case .year(let year) = period else { return }
            let range = period.interval(in: context.calendar)
            let calendar = try await CalendarStore.workingCalendar(context.calendar, on: connection, logger: context.logger)
            let rows = try await figures(range, calendar: calendar, on: connection, context: context)
            var scored = rows.map { row in (row, score(row, policy: policy)) }
            scored.sort { ($0.1 ?? -1, $1.0.name) > ($1.1 ?? -1, $0.0.name) }
            let seed = Int64(year) * 7919 + 17
            let departments: [JSONValue] = scored.enumerated().map { index, entry in
                let (row, score) = entry
                var json = row.json
                json["score"] = score.map { .number(($0 * 10).rounded() / 10) } ?? .null
                json["grade"] = .string(grade(score, policy: policy))
                json["rank"] = .int(index + 1)
                return .object(json)
            }
            let now = context.clock.now()
            let sampled = try await spotChecks(year: year, range: range, seed: seed, policy: policy, now: now, on: connection, context: context)
            let data = JSONValue.object([
                "year": .int(year), "departments": .array(departments), "spot_check_seed": .int(Int(seed)),
                "spot_checks": .int(sampled),
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

    /// Weighted score over the components a department has data for (weights renormalized), 0–100.
    static func score(_ f: Figures, policy: RhythmPolicy) -> Double? {
        let parts: [(Double, Double?)] = [
            (policy.weightOnTime, f.onTimeRate), (policy.weightSatisfaction, f.satisfactionRate),
            (policy.weightReopen, f.reopenRate.map { 1 - $0 }),
        ]
        let present = parts.compactMap { weight, value in value.map { (weight, $0) } }
        let total = present.map(\.0).reduce(0, +)
        guard total > 0 else { return nil }
        return present.map { $0.0 * $0.1 }.reduce(0, +) / total * 100
    }

    static func grade(_ score: Double?, policy: RhythmPolicy) -> String {
        guard let score else { return "none" }
        return score >= policy.greenAtLeast ? "green" : score >= policy.yellowAtLeast ? "yellow" : "red"
    }

    /// One pass over the year's assignments. Working days to reply use a day index computed from the
    /// working calendar (the only place the working-day rule lives) and joined in SQL.
    static func figures(_ range: Range<Date>, calendar: WorkingCalendar, on connection: PostgresConnection,
                        context: JobContext) async throws -> [Figures] {
        var keys: [String] = [], indexes: [Int] = []
        var day = calendar.day(of: range.lowerBound.addingTimeInterval(-86_400))
        let last = calendar.day(of: range.upperBound.addingTimeInterval(400 * 86_400))
        var index = 0
        while day <= last {
            if calendar.isWorkingDay(day) { index += 1 }
            keys.append(day.key)
            indexes.append(index)
            day = calendar.next(day)
        }
        let zone = calendar.local.timeZone.identifier
        let rows = try await connection.query(
            """
            WITH wd AS (SELECT d::date AS day, i FROM unnest(\(keys)::text[], \(indexes)::int[]) AS t(d, i)),
            a AS (
                SELECT a.* FROM assignments a WHERE a.assigned_at >= \(range.lowerBound) AND a.assigned_at < \(range.upperBound)
            ),
            ev AS (
                SELECT e.submission_id, e.round, min(e.rating) FILTER (WHERE e.rating = 'unsatisfied') AS worst,
                       bool_or(e.rating = 'satisfied') AS sat, bool_or(e.rating = 'basically_satisfied') AS basic
                FROM evaluations e GROUP BY e.submission_id, e.round
            )
            SELECT a.department_id, d.name, count(*)::int,
                   count(a.replied_at)::int,
                   count(*) FILTER (WHERE a.replied_at <= a.due_at)::int,
                   count(*) FILTER (WHERE a.role = 'lead' AND ev.worst IS NULL AND ev.sat)::int,
                   count(*) FILTER (WHERE a.role = 'lead' AND ev.worst IS NULL AND NOT coalesce(ev.sat, false) AND ev.basic)::int,
                   count(*) FILTER (WHERE a.role = 'lead' AND ev.worst IS NOT NULL)::int,
                   count(*) FILTER (WHERE a.role = 'lead' AND a.replied_at IS NOT NULL AND ev.submission_id IS NULL)::int,
                   sum(a.extension_count)::int,
                   count(*) FILTER (WHERE a.status = 'escalated')::int,
                   avg(wr.i - wa.i)::float8
            FROM a JOIN departments d ON d.id = a.department_id
            LEFT JOIN ev ON ev.submission_id = a.submission_id AND ev.round = a.round
            LEFT JOIN wd wa ON wa.day = (a.assigned_at AT TIME ZONE \(zone))::date
            LEFT JOIN wd wr ON wr.day = (a.replied_at AT TIME ZONE \(zone))::date
            GROUP BY a.department_id, d.name
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

    /// Samples closed submissions per lead department (share, at least the minimum where available),
    /// ordered by md5(seed || id) so the same seed always yields the same sample. Returns the count.
    static func spotChecks(year: Int, range: Range<Date>, seed: Int64, policy: RhythmPolicy, now: Date,
                           on connection: PostgresConnection, context: JobContext) async throws -> Int {
        try await connection.query(
            """
            WITH lead AS (
                SELECT DISTINCT ON (a.submission_id) a.submission_id, a.department_id
                FROM assignments a WHERE a.role = 'lead' ORDER BY a.submission_id, a.round DESC, a.assigned_at DESC
            ), pool AS (
                SELECT l.department_id, s.id,
                       row_number() OVER (PARTITION BY l.department_id ORDER BY md5(\(seed)::text || s.id::text)) AS n,
                       count(*) OVER (PARTITION BY l.department_id) AS total
                FROM submissions s JOIN lead l ON l.submission_id = s.id
                WHERE s.status = 'closed' AND s.closed_at >= \(range.lowerBound) AND s.closed_at < \(range.upperBound)
            )
            INSERT INTO spot_checks (year, department_id, submission_id, seed, created_at)
            SELECT \(year), department_id, id, \(seed), \(now) FROM pool
            WHERE n <= greatest(\(policy.spotCheckMinimum), ceil(total * \(policy.spotCheckShare)))
            ON CONFLICT (year, department_id, submission_id) DO NOTHING
            RETURNING 1
            """,
            logger: context.logger
        ).collect().count
    }
}
