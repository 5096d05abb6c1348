import Foundation
import MinqingCore
import MinqingRules
import PostgresNIO

/// 一季一督办: on the 15th of the quarter's last month at 09:00, for each region that has departments, the
/// supervision list — every overdue assignment, every submission rated unsatisfied in the quarter, every
/// key item not closed — grouped by the region's departments with their responsible persons, and the
/// region's oversight meeting record.
enum QuarterlyOversight {
    static let name = "quarterly_oversight"

    static func kind() -> JobKind {
        JobKind(name: name, schedule: .quarterly(day: 15, hour: 9, minute: 0), policy: .all, lease: .seconds(600)) { context, connection in
            guard let period = Period(key: context.periodKey) else { return }
            let logger = context.logger
            let regions = try await ReportRegions.load(on: connection, logger: logger)
            let lists = try await build(
                period, asOf: context.nominalAt, regions: regions, calendar: context.calendar, on: connection, logger: logger)
            let now = context.clock.now()
            for region in regions.reporting {
                guard let list = lists[region] else { continue }
                try await OversightStore.schedule(
                    region: region, quarter: period.key, on: list.meetingDate, now: now, on: connection, logger: logger)
                guard try await ReportStore.writeFirst(list, region: region, period: period.key, now: now, on: connection, logger: logger)
                else { continue }
                let items = list.departments.reduce(0) { $0 + $1.items.count }
                let id = region.uuidString.lowercased()
                try await Notifier.notify(
                    Notification(
                        kind: .oversightListReady, title: "\(period.key) 季度督办清单已生成（\(regions.names[region] ?? "")）",
                        body: "督办会议：\(list.meetingDate)，涉及\(list.departments.count)个承办单位、\(items)件事项。",
                        data: [
                            "quarter": .string(period.key), "region_id": .string(id),
                            "report": .string("/v1/oversight/\(period.key)?region_id=\(id)"),
                        ]),
                    to: regions.recipients(of: region), now: now, on: connection, logger: logger
                )
            }
        }
    }

    /// Each reporting region's list of the quarter as of `asOf` (the job's nominal time; a correction passes
    /// the first version's), from the data as it is now. The meeting is on the local day of `asOf`.
    static func build(
        _ period: Period, asOf: Date, regions: ReportRegions, calendar: LocalCalendar, on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [UUID: OversightList] {
        let start = period.interval(in: calendar).lowerBound
        var query = QueryBuilder("")
        let overdue = query.overdue("a", at: asOf)
        let (reasons, unsatisfied) = (OversightList.Reason.self, query.bind(Rating.unsatisfied.rawValue))
        let (from, to, open) = (query.bind(start), query.bind(asOf), query.bind(SubmissionStatus.open.rawValues))
        let (late, unhappy, key) = (
            query.bind(reasons.overdue.rawValue), query.bind(reasons.unsatisfied.rawValue),
            query.bind(reasons.keyItemOpen.rawValue)
        )
        let (keySuggestion, followUp) = (query.bind(reasons.keySuggestionOpen.rawValue), query.bind(reasons.followUpOverdue.rawValue))
        let unfinished = query.bind(SuggestionStatus.terminal.union([.draft]).rawValues)
        let (inFollowUp, zone) = (query.bind(SuggestionStatus.inFollowUp.rawValue), query.bind(calendar.timeZone.identifier))
        query.base = """
            WITH items AS (
                SELECT \(late) AS reason, a.department_id, h.number AS receipt_no, h.title, a.due_at AS at
                FROM assignments a JOIN handling_subjects h ON h.id = a.subject_id AND h.kind = a.subject_kind
                WHERE \(overdue)
                UNION ALL
                SELECT \(unhappy), s.lead_department_id, s.receipt_no, coalesce(s.title, left(s.content, 30)), e.created_at
                FROM evaluations e JOIN submissions s ON s.id = e.submission_id
                WHERE e.rating = \(unsatisfied) AND s.lead_department_id IS NOT NULL AND e.created_at >= \(from) AND e.created_at < \(to)
                UNION ALL
                SELECT \(key), s.lead_department_id, s.receipt_no, coalesce(s.title, left(s.content, 30)), s.created_at
                FROM submissions s
                WHERE s.lead_department_id IS NOT NULL AND s.key_item AND s.status = ANY(\(open))
                UNION ALL
                SELECT \(unhappy), g.lead_department_id, g.number, g.title, r.created_at
                FROM suggestion_ratings r JOIN suggestions g ON g.id = r.suggestion_id
                WHERE r.lead AND r.rating = \(unsatisfied) AND g.lead_department_id IS NOT NULL
                  AND r.created_at >= \(from) AND r.created_at < \(to)
                UNION ALL
                SELECT \(keySuggestion), g.lead_department_id, g.number, g.title, g.created_at
                FROM suggestions g
                WHERE g.lead_department_id IS NOT NULL AND g.key_item AND NOT (g.status = ANY(\(unfinished)))
                UNION ALL
                SELECT \(followUp), g.lead_department_id, g.number, g.title,
                       (g.promised_on + 1)::timestamp AT TIME ZONE \(zone)
                FROM suggestions g
                WHERE g.status = \(inFollowUp) AND (g.promised_on + 1)::timestamp AT TIME ZONE \(zone) <= \(to)
            )
            SELECT i.reason, i.department_id, d.name, d.contact_person, i.receipt_no, i.title, i.at
            FROM items i JOIN departments d ON d.id = i.department_id
            """
        let rows = try await connection.query(query.query(suffix: "ORDER BY d.name, i.reason, i.at"), logger: logger).collect()
        var departments: [OversightList.Department] = [], position: [UUID: Int] = [:]
        for row in rows {
            let (reason, department, name, contact, receipt, title, at) =
                try row.decode((String, UUID, String, String?, String, String, Date).self)
            let item = OversightList.Item(
                reason: OversightList.Reason(rawValue: reason) ?? .overdue, receiptNo: receipt, title: title, at: at)
            if let index = position[department] {
                departments[index].items.append(item)
                continue
            }
            position[department] = departments.count
            departments.append(.init(departmentID: department, departmentName: name, responsiblePerson: contact, items: [item]))
        }
        let day = calendar.ymd(asOf)
        let meetingDate = String(format: "%04d-%02d-%02d", day.year, day.month, day.day)
        return Dictionary(
            uniqueKeysWithValues: regions.reporting.map { region in
                (
                    region,
                    OversightList(
                        quarter: period.key, asOf: asOf, meetingDate: meetingDate, departments: regions.own(departments, of: region))
                )
            })
    }
}
