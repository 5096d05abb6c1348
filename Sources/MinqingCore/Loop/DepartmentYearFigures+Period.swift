import Foundation
import Logging
import MinqingRules
import PostgresNIO

extension DepartmentYearFigures {
    /// Departments' figures for the assignments made in `period`, by the definitions in
    /// ``DepartmentYearFigures``: for whole local years the kept rows (what the annual evaluation reads),
    /// otherwise a recount from the assignments (what `DepartmentYearFiguresTests` proves the kept rows equal).
    /// `departments` is a condition over `d` (departments), bound in `q`.
    public static func figures(
        _ period: Range<Date>, local: LocalCalendar, departments condition: String, _ q: QueryBuilder,
        on connection: PostgresConnection, logger: Logger
    ) async throws -> [UUID: (name: String, figures: Increment)] {
        var q = q
        if let years = Period.years(exactly: period, in: local) {
            q.base = """
                SELECT f.department_id, d.name, sum(f.assigned)::int, sum(f.replied)::int, sum(f.replied_on_time)::int,
                       sum(f.satisfied)::int, sum(f.basically_satisfied)::int, sum(f.unsatisfied)::int, sum(f.lead_replies)::int,
                       sum(f.rated_lead_replies)::int, sum(f.extensions)::int, sum(f.escalations)::int,
                       sum(f.reply_working_days)::int, sum(f.replies_timed)::int
                FROM department_year_figures f JOIN departments d ON d.id = f.department_id
                WHERE f.year >= \(q.bind(years.lowerBound)) AND f.year < \(q.bind(years.upperBound)) AND f.assigned > 0 AND \(condition)
                GROUP BY f.department_id, d.name
                """
        } else {
            q.base = """
                SELECT a.department_id, d.name, count(*)::int, count(a.replied_at)::int,
                       count(*) FILTER (WHERE a.replied_at <= a.due_at)::int,
                       count(*) FILTER (WHERE a.rating = 'satisfied')::int, count(*) FILTER (WHERE a.rating = 'basically_satisfied')::int,
                       count(*) FILTER (WHERE a.rating = 'unsatisfied')::int,
                       count(*) FILTER (WHERE a.role = 'lead' AND a.replied_at IS NOT NULL)::int,
                       count(*) FILTER (WHERE a.role = 'lead' AND a.replied_at IS NOT NULL AND a.rating IS NOT NULL)::int,
                       coalesce(sum(a.extension_count), 0)::int, count(*) FILTER (WHERE a.status = 'escalated')::int,
                       coalesce(sum(a.reply_working_days), 0)::int, count(a.reply_working_days)::int
                FROM assignments a JOIN departments d ON d.id = a.department_id
                WHERE a.assigned_at >= \(q.bind(period.lowerBound)) AND a.assigned_at < \(q.bind(period.upperBound)) AND \(condition)
                GROUP BY a.department_id, d.name
                """
        }
        var result: [UUID: (name: String, figures: Increment)] = [:]
        for row in try await connection.query(q.query(suffix: ""), logger: logger).collect() {
            let (id, name, assigned, replied, onTime, sat, basic, unsat, leads, rated, extensions, escalations, days, timed) =
                try row.decode((UUID, String, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int).self)
            var f = Increment()
            (f.assigned, f.replied, f.repliedOnTime, f.satisfied, f.basicallySatisfied, f.unsatisfied) =
                (assigned, replied, onTime, sat, basic, unsat)
            (f.leadReplies, f.ratedLeadReplies, f.extensions, f.escalations, f.replyWorkingDays, f.repliesTimed) =
                (leads, rated, extensions, escalations, days, timed)
            result[id] = (name, f)
        }
        return result
    }
}
