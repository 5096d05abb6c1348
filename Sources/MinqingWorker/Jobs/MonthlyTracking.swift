import Foundation
import MinqingCore
import MinqingRules
import PostgresNIO

/// 一月一跟踪: for month M, on the 1st of M+1 at 08:00, one sheet per region that has departments: a tracking
/// sheet per department of the region with every assignment open at any time in M, the department's totals,
/// and for staff the intake summary and graded handling of the region's subtree.
enum MonthlyTracking {
    static let name = "monthly_tracking"

    static func kind(policy: RhythmPolicy) -> JobKind {
        JobKind(name: name, schedule: .monthly(day: 1, hour: 8, minute: 0), policy: .all, lease: .seconds(600)) { context, connection in
            let logger = context.logger
            guard let period = Period(key: context.periodKey) else { return }
            let regions = try await ReportRegions.load(on: connection, logger: logger)
            let reports = try await build(
                period, regions: regions, policy: policy, calendar: context.calendar, on: connection, logger: logger)
            let now = context.clock.now()
            for region in regions.reporting {
                guard let report = reports[region],
                    try await ReportStore.writeFirst(report, region: region, period: period.key, now: now, on: connection, logger: logger)
                else { continue }
                try await Notifier.notify(
                    Notification(
                        kind: .monthlySheetReady, title: "\(period.key) 月度跟踪表已生成（\(regions.names[region] ?? "")）",
                        body: "\(report.departments.count)个承办单位的跟踪表可在报表中查看。",
                        data: [
                            "period": .string(period.key), "region_id": .string(region.uuidString.lowercased()),
                            "report": .string("/v1/reports/monthly/\(period.key)?region_id=\(region.uuidString.lowercased())"),
                        ]),
                    to: regions.recipients(of: region, departments: report.departments.map(\.departmentID)), now: now, on: connection,
                    logger: logger
                )
            }
        }
    }

    /// The month's sheets of each of `regions.reporting` from the data as it is now (the job, or a correction
    /// after the data was mended).
    static func build(
        _ period: Period, regions: ReportRegions, policy: RhythmPolicy, calendar local: LocalCalendar,
        on connection: PostgresConnection, logger: Logger
    ) async throws -> [UUID: MonthlySheet] {
        let range = period.interval(in: local)
        let calendar = try await CalendarStore.workingCalendar(local, on: connection, logger: logger)
        let sheets = try await departmentSheets(range, calendar: calendar, on: connection, logger: logger)
        let intake = try await intakeSummaries(range, regions: regions, on: connection, logger: logger)
        let handling = try await regions.handling(range, on: connection, logger: logger)
        let stations = try await stationMonths(
            range, regions: regions, target: policy.receptionsPerMonth, on: connection, logger: logger)
        return Dictionary(
            uniqueKeysWithValues: regions.reporting.map { region in
                (
                    region,
                    MonthlySheet(
                        period: period.key, from: range.lowerBound, to: range.upperBound, departments: regions.own(sheets, of: region),
                        intake: intake[region], regions: handling[region] ?? [], stations: stations[region] ?? [])
                )
            })
    }

    static func departmentSheets(
        _ range: Range<Date>, calendar: WorkingCalendar, on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [MonthlySheet.Department] {
        let (start, end) = (range.lowerBound, range.upperBound)
        let rows = try await connection.query(
            """
            SELECT a.department_id, d.name, h.number, h.title, h.category, a.assigned_at, a.due_at,
                   a.status, a.acknowledged_at, a.replied_at, a.closed_at,
                   (SELECT count(*)::int FROM reminders r WHERE r.assignment_id = a.id AND r.sent_at < \(end)),
                   (SELECT t.note FROM timeline_events t WHERE t.assignment_id = a.id AND t.action = 'progress' AND t.at < \(end)
                    ORDER BY t.id DESC LIMIT 1)
            FROM assignments a JOIN departments d ON d.id = a.department_id
            JOIN handling_subjects h ON h.id = a.subject_id AND h.kind = a.subject_kind
            WHERE a.assigned_at < \(end) AND (a.closed_at IS NULL OR a.closed_at >= \(start))
            ORDER BY d.name, a.assigned_at
            """,
            logger: logger
        ).collect()
        var sheets: [UUID: MonthlySheet.Department] = [:]
        for row in rows {
            let (department, name, receipt, title, category, assigned, due, status, acknowledged, replied, closed, reminders, progress) =
                try row.decode((UUID, String, String, String, String, Date, Date, String, Date?, Date?, Date?, Int, String?).self)
            let closedAs = AssignmentStatus(rawValue: status) ?? .pending  // the column's CHECK admits only these
            var sheet = sheets[department] ?? MonthlySheet.Department(departmentID: department, departmentName: name)
            let repliedInTime = replied.map { $0 < end } ?? false
            let state: AssignmentStatus =
                repliedInTime
                ? .replied
                : (closed.map { $0 < end } ?? false)
                    ? closedAs
                    : (acknowledged.map { $0 < end } ?? false) ? .acknowledged : .pending
            let overdueAtEnd = state.isOverdue(due: due, at: end)
            let overdueDays = overdueAtEnd ? max(0, -calendar.workingDaysLeft(until: due, now: end.addingTimeInterval(-1))) : 0
            if assigned >= start { sheet.totals.received += 1 }
            if let replied, replied >= start, replied < end {
                sheet.totals.replied += 1
                if replied <= due { sheet.totals.repliedOnTime += 1 }
            }
            if overdueAtEnd { sheet.totals.overdue += 1 }
            sheet.items.append(
                MonthlySheet.Item(
                    receiptNo: receipt, title: title, category: category, assignedAt: assigned, dueAt: due, stateAtMonthEnd: state,
                    workingDaysOverdue: overdueDays, remindersSent: reminders, latestProgress: progress
                ))
            sheets[department] = sheet
        }
        // B answers past their promised date at the month's end, not done by then (从"答复"到"办成")
        let endDay = calendar.day(of: end).key
        let followUps = try await connection.query(
            """
            SELECT g.lead_department_id, d.name, g.number, g.title, g.promised_on::text
            FROM suggestions g JOIN departments d ON d.id = g.lead_department_id
            WHERE g.promised_on < \(endDay)::date AND g.outcome = \(ReplyOutcome.planned.rawValue)
              AND (g.status = \(SuggestionStatus.inFollowUp.rawValue) OR g.done_at >= \(end))
            ORDER BY g.promised_on, g.number
            """,
            logger: logger
        ).collect()
        for row in followUps {
            let (department, name, number, title, promised) = try row.decode((UUID, String, String, String, String).self)
            var sheet = sheets[department] ?? MonthlySheet.Department(departmentID: department, departmentName: name)
            sheet.overdueFollowUps = (sheet.overdueFollowUps ?? []) + [.init(number: number, title: title, promisedOn: promised)]
            sheets[department] = sheet
        }
        return sheets.values.sorted { $0.departmentName < $1.departmentName }
    }

    /// Submissions received in the month by category, station and channel (`MonthlySheet.IntakeSummary`),
    /// counted where they were filed and rolled up to each reporting region's subtree.
    static func intakeSummaries(
        _ range: Range<Date>, regions: ReportRegions, on connection: PostgresConnection, logger: Logger
    ) async throws -> [UUID: MonthlySheet.IntakeSummary] {
        func counts(_ sql: PostgresQuery) async throws -> [UUID: [MonthlySheet.Count]] {
            let rows = try await connection.query(sql, logger: logger).collect().map { row in
                let (region, key, count) = try row.decode((UUID, String, Int).self)
                return (region: region, key: key, count: count)
            }
            return regions.rollUp(rows).mapValues { sums in
                sums.map { MonthlySheet.Count(key: $0.key, count: $0.value) }.sorted { ($1.count, $0.key) < ($0.count, $1.key) }
            }
        }
        let (start, end) = (range.lowerBound, range.upperBound)
        let channels = try await counts(
            """
            SELECT origin_region_id, channel, count(*)::int FROM submissions WHERE created_at >= \(start) AND created_at < \(end)
            GROUP BY 1, 2
            """)
        let categories = try await counts(
            """
            SELECT s.origin_region_id, c.name, count(*)::int FROM submissions s JOIN categories c ON c.code = s.category
            WHERE s.created_at >= \(start) AND s.created_at < \(end) GROUP BY 1, 2
            """)
        let stations = try await counts(
            """
            SELECT s.origin_region_id, coalesce(st.name, '（未指明）'), count(*)::int
            FROM submissions s LEFT JOIN stations st ON st.id = s.station_id
            WHERE s.created_at >= \(start) AND s.created_at < \(end) GROUP BY 1, 2
            """)
        return Dictionary(
            uniqueKeysWithValues: regions.reporting.map { region in
                let byChannel = channels[region] ?? []
                return (
                    region,
                    MonthlySheet.IntakeSummary(
                        received: byChannel.reduce(0) { $0 + $1.count },
                        directFromResidents: byChannel.first { $0.key == Channel.code.rawValue }?.count ?? 0,
                        byCategory: categories[region] ?? [], byStation: stations[region] ?? [], byChannel: byChannel)
                )
            })
    }
}
