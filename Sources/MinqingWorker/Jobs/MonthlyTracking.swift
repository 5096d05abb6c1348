import Foundation
import MinqingCore
import MinqingRules
import PostgresNIO

/// 一月一跟踪: for month M, on the 1st of M+1 at 08:00, one tracking sheet per department with every
/// assignment open at any time in M, the department's totals, and the intake summary for admins.
enum MonthlyTracking {
    static let name = "monthly_tracking"

    static func kind() -> JobKind {
        JobKind(name: name, schedule: .monthly(day: 1, hour: 8, minute: 0), policy: .all, lease: .seconds(600)) { context, connection in
            guard let period = Period(key: context.periodKey) else { return }
            let range = period.interval(in: context.calendar)
            let calendar = try await CalendarStore.workingCalendar(context.calendar, on: connection, logger: context.logger)
            let sheets = try await departmentSheets(range, calendar: calendar, on: connection, context: context)
            let intake = try await intakeSummary(range, on: connection, context: context)
            let data = JSONValue.object([
                "period": .string(period.key), "from": .date(range.lowerBound), "to": .date(range.upperBound),
                "departments": .array(sheets.map(\.json)), "intake": intake,
            ])
            let now = context.clock.now()
            guard try await ReportStore.writeFirst(.monthly, period: period.key, data: data, now: now, on: connection,
                                                   logger: context.logger) else { return }
            let departments = Set(sheets.map { Recipients.department($0.id) })
            try await Notifier.notify(
                Notification(kind: .monthlySheetReady, title: "\(period.key) 月度跟踪表已生成",
                             body: "\(sheets.count)个承办单位的跟踪表可在报表中查看。",
                             data: ["period": .string(period.key), "report": .string("/v1/reports/monthly/\(period.key)")]),
                to: departments.union([.admins]), now: now, on: connection, logger: context.logger
            )
        }
    }

    struct Sheet {
        let id: UUID
        let name: String
        var items: [JSONValue] = []
        var received = 0, replied = 0, repliedOnTime = 0, overdue = 0
        var json: JSONValue {
            .object([
                "department_id": .id(id), "department_name": .string(name), "items": .array(items),
                "totals": .object(["received": .int(received), "replied": .int(replied), "replied_on_time": .int(repliedOnTime),
                                   "overdue": .int(overdue)]),
            ])
        }
    }

    static func departmentSheets(_ range: Range<Date>, calendar: WorkingCalendar, on connection: PostgresConnection,
                                 context: JobContext) async throws -> [Sheet] {
        let (start, end) = (range.lowerBound, range.upperBound)
        let rows = try await connection.query(
            """
            SELECT a.department_id, d.name, s.receipt_no, coalesce(s.title, left(s.content, 30)), s.category, a.assigned_at, a.due_at,
                   a.status, a.acknowledged_at, a.replied_at, a.closed_at,
                   (SELECT count(*)::int FROM reminders r WHERE r.assignment_id = a.id AND r.sent_at < \(end)),
                   (SELECT t.note FROM timeline_events t WHERE t.assignment_id = a.id AND t.action = 'progress' AND t.at < \(end)
                    ORDER BY t.id DESC LIMIT 1)
            FROM assignments a JOIN departments d ON d.id = a.department_id JOIN submissions s ON s.id = a.submission_id
            WHERE a.assigned_at < \(end) AND (a.closed_at IS NULL OR a.closed_at >= \(start))
            ORDER BY d.name, a.assigned_at
            """,
            logger: context.logger
        ).collect()
        var sheets: [UUID: Sheet] = [:]
        for row in rows {
            let (department, name, receipt, title, category, assigned, due, status, acknowledged, replied, closed, reminders, progress) =
                try row.decode((UUID, String, String, String, String, Date, Date, String, Date?, Date?, Date?, Int, String?).self)
            var sheet = sheets[department] ?? Sheet(id: department, name: name)
            let repliedInTime = replied.map { $0 < end } ?? false
            let state = repliedInTime ? "replied"
                : (closed.map { $0 < end } ?? false) ? status
                : (acknowledged.map { $0 < end } ?? false) ? "acknowledged" : "pending"
            let overdueAtEnd = AssignmentStatus(rawValue: state)?.isOpen == true && due < end
            let overdueDays = overdueAtEnd ? max(0, -calendar.workingDaysLeft(until: due, now: end.addingTimeInterval(-1))) : 0
            if assigned >= start { sheet.received += 1 }
            if let replied, replied >= start, replied < end {
                sheet.replied += 1
                if replied <= due { sheet.repliedOnTime += 1 }
            }
            if overdueAtEnd { sheet.overdue += 1 }
            sheet.items.append(.object([
                "receipt_no": .string(receipt), "title": .string(title), "category": .string(category),
                "assigned_at": .date(assigned), "due_at": .date(due), "state_at_month_end": .string(state),
                "working_days_overdue": .int(overdueDays), "reminders_sent": .int(reminders),
                "latest_progress": progress.map(JSONValue.string) ?? .null,
            ]))
            sheets[department] = sheet
        }
        return sheets.values.sorted { $0.name < $1.name }
    }

    /// Submissions received in the month by category, station and channel, and the share filed directly
    /// by residents through a code (the figure Xiaoshan tracked, 73.1% → 95.8%).
    static func intakeSummary(_ range: Range<Date>, on connection: PostgresConnection, context: JobContext) async throws -> JSONValue {
        func counts(_ sql: PostgresQuery) async throws -> JSONValue {
            .array(try await connection.query(sql, logger: context.logger).collect().map { row in
                let (key, count) = try row.decode((String, Int).self)
                return .object(["key": .string(key), "count": .int(count)])
            })
        }
        let (start, end) = (range.lowerBound, range.upperBound)
        let total = try await connection.query(
            "SELECT count(*)::int, count(*) FILTER (WHERE channel = 'code')::int FROM submissions WHERE created_at >= \(start) AND created_at < \(end)",
            logger: context.logger
        ).collect()[0].decode((Int, Int).self)
        return .object([
            "received": .int(total.0),
            "direct_from_residents": .int(total.1),
            "direct_share": .number(total.0 == 0 ? 0 : (Double(total.1) / Double(total.0) * 1000).rounded() / 1000),
            "by_category": try await counts("""
                SELECT c.name, count(*)::int FROM submissions s JOIN categories c ON c.code = s.category
                WHERE s.created_at >= \(start) AND s.created_at < \(end) GROUP BY c.name ORDER BY count(*) DESC, c.name
                """),
            "by_station": try await counts("""
                SELECT coalesce(st.name, '（未指明）'), count(*)::int FROM submissions s LEFT JOIN stations st ON st.id = s.station_id
                WHERE s.created_at >= \(start) AND s.created_at < \(end) GROUP BY 1 ORDER BY 2 DESC, 1
                """),
            "by_channel": try await counts("""
                SELECT channel, count(*)::int FROM submissions WHERE created_at >= \(start) AND created_at < \(end)
                GROUP BY channel ORDER BY 2 DESC, 1
                """),
        ])
    }
}
