import Foundation
import MinqingCore
import MinqingRules
import PostgresNIO

/// 一季一督办: on the 15th of the quarter's last month at 09:00, the supervision list — every overdue
/// assignment, every submission reopened or rated unsatisfied in the quarter, every key item not closed —
/// grouped by department with its responsible person, and the oversight meeting record.
enum QuarterlyOversight {
    static let name = "quarterly_oversight"

    static func kind() -> JobKind {
        JobKind(name: name, schedule: .quarterly(day: 15, hour: 9, minute: 0), policy: .all, lease: .seconds(600)) { context, connection in
            guard let period = Period(key: context.periodKey) else { return }
            let asOf = context.nominalAt
            let start = period.interval(in: context.calendar).lowerBound
            let logger = context.logger
            let rows = try await connection.query(
                """
                WITH items AS (
                    SELECT 'overdue' AS reason, a.department_id, s.receipt_no, coalesce(s.title, left(s.content, 30)) AS title,
                           a.due_at AS at
                    FROM assignments a JOIN submissions s ON s.id = a.submission_id
                    WHERE a.status = ANY(\(AssignmentStatus.open.rawValues)) AND a.due_at < \(asOf)
                    UNION ALL
                    SELECT 'unsatisfied', s.lead_department_id, s.receipt_no, coalesce(s.title, left(s.content, 30)), e.created_at
                    FROM evaluations e JOIN submissions s ON s.id = e.submission_id
                    WHERE e.rating = 'unsatisfied' AND s.lead_department_id IS NOT NULL AND e.created_at >= \(start) AND e.created_at < \(asOf)
                    UNION ALL
                    SELECT 'key_item_open', s.lead_department_id, s.receipt_no, coalesce(s.title, left(s.content, 30)), s.created_at
                    FROM submissions s
                    WHERE s.lead_department_id IS NOT NULL AND s.key_item AND s.status = ANY(\(SubmissionStatus.open.rawValues))
                )
                SELECT i.reason, i.department_id, d.name, d.contact_person, i.receipt_no, i.title, i.at
                FROM items i JOIN departments d ON d.id = i.department_id
                ORDER BY d.name, i.reason, i.at
                """,
                logger: logger
            ).collect()
            var groups: [(UUID, String, String?, [JSONValue])] = []
            for row in rows {
                let (reason, department, name, contact, receipt, title, at) =
                    try row.decode((String, UUID, String, String?, String, String, Date).self)
                let item = JSONValue.object(["reason": .string(reason), "receipt_no": .string(receipt), "title": .string(title), "at": .date(at)])
                if let index = groups.firstIndex(where: { $0.0 == department }) { groups[index].3.append(item) }
                else { groups.append((department, name, contact, [item])) }
            }
            let meetingDay = context.calendar.ymd(asOf)
            let meetingDate = String(format: "%04d-%02d-%02d", meetingDay.year, meetingDay.month, meetingDay.day)
            let now = context.clock.now()
            try await OversightStore.schedule(quarter: period.key, on: meetingDate, now: now, on: connection, logger: logger)
            let data = JSONValue.object([
                "quarter": .string(period.key), "as_of": .date(asOf), "meeting_date": .string(meetingDate),
                "departments": .array(groups.map { department, name, contact, items in
                    .object(["department_id": .id(department), "department_name": .string(name),
                             "responsible_person": contact.map(JSONValue.string) ?? .null, "items": .array(items)])
                }),
            ])
            guard try await ReportStore.writeFirst(.quarterly, period: period.key, data: data, now: now, on: connection, logger: logger)
            else { return }
            try await Notifier.notify(
                Notification(kind: .oversightListReady, title: "\(period.key) 季度督办清单已生成",
                             body: "督办会议：\(meetingDate)，涉及\(groups.count)个承办单位、\(rows.count)件事项。",
                             data: ["quarter": .string(period.key), "report": .string("/v1/oversight/\(period.key)")]),
                to: [.admins], now: now, on: connection, logger: logger
            )
        }
    }
}
