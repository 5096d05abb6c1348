import Foundation
import MinqingCore
import MinqingRules
import PostgresNIO

/// Every 15 minutes (`latest_only`), on working days within office hours: reminds a duty slot's
/// representatives on the working day before it (``DutyRota/remindedDays(on:calendar:)``), and an
/// inquiry's region staff once its rectification report is due within the ladder's due-soon days (the
/// department hears of it from the deadline scan's ladder, as of every assignment). Each reminder is
/// claimed by a guarded UPDATE in the job's transaction with its notification, so it goes out once however
/// many workers run.
enum StationReminders {
    static let name = "station_reminders"

    static func kind(policy: RhythmPolicy, every seconds: Int = 900) -> JobKind {
        JobKind(name: name, schedule: .every(seconds: seconds), policy: .latestOnly, lease: .seconds(120)) { context, connection in
            let now = context.clock.now()
            let calendar = try await CalendarStore.workingCalendar(context.calendar, on: connection, logger: context.logger)
            guard policy.isOfficeTime(now, calendar: calendar) else { return }
            let duty = try await remindDuty(now: now, calendar: calendar, on: connection, logger: context.logger)
            let rectifications = try await remindRectifications(
                now: now, calendar: calendar, policy: policy, on: connection, logger: context.logger)
            context.logger.info("station reminders", metadata: ["duty_slots": "\(duty)", "rectifications": "\(rectifications)"])
        }
    }

    static func remindDuty(now: Date, calendar: WorkingCalendar, on connection: PostgresConnection, logger: Logger) async throws -> Int {
        let days = DutyRota.remindedDays(on: calendar.day(of: now), calendar: calendar)
        let slots = try await connection.query(
            """
            UPDATE rota_slots s SET reminded_at = \(now)
            FROM stations st
            WHERE st.id = s.station_id AND s.reminded_at IS NULL AND s.starts_at > \(now)
              AND s.day > \(days.after.key)::date AND s.day <= \(days.through.key)::date
            RETURNING s.id, s.station_id, st.name, s.day::text, s.from_minute, s.to_minute,
                      ARRAY(SELECT x.representative_id FROM rota_slot_representatives x WHERE x.slot_id = s.id)
            """,
            logger: logger
        ).collect()
        for row in slots {
            let (slot, station, stationName, day, from, to, representatives) =
                try row.decode((UUID, UUID, String, String, Int, Int, [UUID]).self)
            let time = "\(day) \(DutySlot.clock(from))–\(DutySlot.clock(to))"
            try await Notifier.notify(
                Notification(
                    kind: .dutyReminder, title: "驻站提醒：\(stationName) \(time)",
                    body: "您在\(stationName)轮值驻站，时间为\(time)。到站后请签到，接待结束后登记接待情况。",
                    data: [
                        "slot_id": .string(slot.uuidString.lowercased()), "station_id": .string(station.uuidString.lowercased()),
                        "date": .string(day), "from": .string(DutySlot.clock(from)), "to": .string(DutySlot.clock(to)),
                    ]),
                to: Set(representatives.map(Recipients.representative)), now: now, on: connection, logger: logger)
        }
        return slots.count
    }

    static func remindRectifications(
        now: Date, calendar: WorkingCalendar, policy: RhythmPolicy, on connection: PostgresConnection, logger: Logger
    ) async throws -> Int {
        // the due-soon rung never lies more than a few weeks ahead, even over the Spring Festival
        let horizon = now.addingTimeInterval(21 * 86_400)
        let candidates = try await connection.query(
            """
            SELECT p.id, a.due_at FROM activities v
            JOIN activity_problems p ON p.id = v.rectification_problem_id
            JOIN assignments a ON a.problem_id = p.id AND a.round = p.round AND a.role = 'lead'
            WHERE p.staff_reminded_at IS NULL AND a.status = ANY(\(AssignmentStatus.open.rawValues)) AND a.due_at < \(horizon)
            """,
            logger: logger
        ).collect().map { try $0.decode((UUID, Date).self) }
        let due = candidates.filter { calendar.workingDaysLeft(until: $0.1, now: now) <= policy.ladder.dueSoonDays }.map(\.0)
        guard !due.isEmpty else { return 0 }
        let claimed = try await connection.query(
            """
            UPDATE activity_problems p SET staff_reminded_at = \(now)
            FROM activities v, assignments a, departments d
            WHERE p.id = ANY(\(due)) AND p.staff_reminded_at IS NULL AND v.rectification_problem_id = p.id
              AND a.problem_id = p.id AND a.round = p.round AND a.role = 'lead' AND d.id = a.department_id
            RETURNING p.id, v.id, v.region_id, v.title, d.name, a.due_at
            """,
            logger: logger
        ).collect()
        for row in claimed {
            let (problem, activity, region, title, department, dueAt) = try row.decode((UUID, UUID, UUID, String, String, Date).self)
            let dueDay = calendar.day(of: dueAt).key
            try await Notifier.notify(
                Notification(
                    kind: .rectificationDue, title: "整改报告临近期限：\(title)",
                    body: "专题询问「\(title)」的审议意见由\(department)整改，整改报告应于\(dueDay)前报送。",
                    data: [
                        "activity_id": .string(activity.uuidString.lowercased()), "problem_id": .string(problem.uuidString.lowercased()),
                        "due_on": .string(dueDay),
                    ]),
                to: [.regionStaff(region)], now: now, on: connection, logger: logger)
        }
        return claimed.count
    }
}
