import Foundation
import MinqingCore
import MinqingRules
import PostgresNIO

/// Every few minutes (`latest_only`): reminders up the ladder for lagging departments, combined into one
/// digest per department; oversight escalation notices; auto-close of unrated replies.
enum DeadlineScan {
    static let name = "deadline_scan"

    static func kind(policy: RhythmPolicy, loop: LoopPolicy = LoopPolicy(), every seconds: Int = 300) -> JobKind {
        JobKind(name: name, schedule: .every(seconds: seconds), policy: .latestOnly, lease: .seconds(120)) { context, connection in
            let now = context.clock.now()
            let calendar = try await CalendarStore.workingCalendar(context.calendar, on: connection, logger: context.logger)
            let closed = try await autoClose(now: now, policy: policy, loop: loop, on: connection, context: context)
            let answered = try await answerLapsed(now: now, on: connection, context: context)
            var reminded = 0
            if policy.isOfficeTime(now, calendar: calendar) {
                reminded = try await remind(now: now, calendar: calendar, policy: policy, on: connection, context: context)
            }
            context.logger.info(
                "deadline scan", metadata: ["reminders": "\(reminded)", "auto_closed": "\(closed)", "answered": "\(answered)"])
        }
    }

    struct Lagging {
        let assignment: UUID
        let department: UUID
        let receiptNo: String
        let title: String
        let dueAt: Date
        let daysLeft: Int
        /// The department above, told of an escalation.
        let parent: UUID?
    }

    /// Open assignments near or past their deadline that still have rungs to climb.
    static func remind(
        now: Date, calendar: WorkingCalendar, policy: RhythmPolicy, on connection: PostgresConnection,
        context: JobContext
    ) async throws -> Int {
        // Three working days never span more than a few weeks, even over the Spring Festival.
        let horizon = now.addingTimeInterval(21 * 86_400)
        let rows = try await connection.query(
            """
            SELECT a.id, a.department_id, h.number, h.title, a.due_at, d.parent_id
            FROM assignments a JOIN handling_subjects h ON h.id = a.subject_id AND h.kind = a.subject_kind
            JOIN departments d ON d.id = a.department_id
            WHERE a.status = ANY(\(AssignmentStatus.open.rawValues)) AND a.due_at < \(horizon)
              AND (SELECT count(*) FROM reminders r WHERE r.assignment_id = a.id) < \(policy.ladder.maximum + 1)
            """,
            logger: context.logger
        ).collect()
        var due: [(Lagging, String)] = []
        var escalations: [Lagging] = []
        for row in rows {
            let (id, department, receipt, title, dueAt, parent) = try row.decode((UUID, UUID, String, String, Date, UUID?).self)
            let item = Lagging(
                assignment: id, department: department, receiptNo: receipt, title: title, dueAt: dueAt,
                daysLeft: calendar.workingDaysLeft(until: dueAt, now: now), parent: parent)
            if let rung = policy.ladder.rung(daysLeft: item.daysLeft) { due.append((item, rung)) }
            if -item.daysLeft >= policy.ladder.escalateAfter { escalations.append(item) }
        }
        let sent = try await record(due, now: now, on: connection, context: context)
        let byDepartment = Dictionary(grouping: due.filter { sent.contains(ReminderKey($0.0.assignment, $0.1)) }.map(\.0), by: \.department)
        for (department, items) in byDepartment {
            let lines = items.sorted { $0.dueAt < $1.dueAt }.map { item in
                item.daysLeft < 0
                    ? "\(item.receiptNo) \(item.title)：已逾期\(-item.daysLeft)个工作日"
                    : item.daysLeft == 0
                        ? "\(item.receiptNo) \(item.title)：今日到期" : "\(item.receiptNo) \(item.title)：\(item.daysLeft)个工作日后到期"
            }
            try await Notifier.notify(
                Notification(
                    kind: .reminderDigest, title: "催办：\(items.count)件待办事项", body: lines.joined(separator: "\n"),
                    data: [
                        "department_id": .id(department),
                        "items": .array(
                            items.map { item in
                                .object([
                                    "assignment_id": .id(item.assignment), "receipt_no": .string(item.receiptNo),
                                    "due_at": .date(item.dueAt), "working_days_left": .int(item.daysLeft),
                                ])
                            }),
                    ]
                ),
                to: [.department(department)], now: now, on: connection, logger: context.logger
            )
        }
        let escalated = try await record(escalations.map { ($0, "escalation") }, now: now, on: connection, context: context)
        for item in escalations where escalated.contains(ReminderKey(item.assignment, "escalation")) {
            var recipients: Set<Recipients> = [.admins]
            if let parent = item.parent { recipients.insert(.department(parent)) }
            try await Notifier.notify(
                Notification(
                    kind: .escalationNeeded, title: "提级督办提示：\(item.receiptNo)",
                    body: "\(item.title) 已逾期\(-item.daysLeft)个工作日，请研究是否提级办理。",
                    data: [
                        "assignment_id": .id(item.assignment), "department_id": .id(item.department),
                        "receipt_no": .string(item.receiptNo), "working_days_overdue": .int(-item.daysLeft),
                    ]
                ),
                to: recipients, now: now, on: connection, logger: context.logger
            )
        }
        return sent.count
    }

    struct ReminderKey: Hashable {
        let assignment: UUID
        let rung: String
        init(_ assignment: UUID, _ rung: String) {
            self.assignment = assignment
            self.rung = rung
        }
    }

    /// Inserts (assignment, rung) rows; the primary key makes each one happen once. Returns those inserted now.
    static func record(
        _ items: [(Lagging, String)], now: Date, on connection: PostgresConnection,
        context: JobContext
    ) async throws -> Set<ReminderKey> {
        guard !items.isEmpty else { return [] }
        let rows = try await connection.query(
            """
            INSERT INTO reminders (assignment_id, rung, department_id, sent_at)
            SELECT a, r, d, \(now) FROM unnest(\(items.map(\.0.assignment))::uuid[], \(items.map(\.1))::text[],
                                                 \(items.map(\.0.department))::uuid[]) AS t(a, r, d)
            ON CONFLICT (assignment_id, rung) DO NOTHING
            RETURNING assignment_id, rung
            """,
            logger: context.logger
        ).collect()
        return Set(
            try rows.map { row in
                let (assignment, rung) = try row.decode((UUID, String).self)
                return ReminderKey(assignment, rung)
            })
    }

    /// Replied submissions left unrated past the rating window are closed as unrated (never as satisfied).
    /// Suggestions whose lead replied but whose co-handlers let their deadline pass: the lead's letter
    /// answers them now (``LoopService/answerIfComplete(_:status:round:by:now:on:logger:)``).
    static func answerLapsed(now: Date, on connection: PostgresConnection, context: JobContext) async throws -> Int {
        let rows = try await connection.query(
            """
            SELECT g.id, g.status, g.round FROM suggestions g
            WHERE g.status = \(SuggestionStatus.assigned.rawValue)
              AND EXISTS (SELECT 1 FROM assignments a WHERE a.suggestion_id = g.id AND a.round = g.round
                          AND a.status = ANY(\(AssignmentStatus.open.rawValues)) AND a.due_at < \(now))
            FOR UPDATE OF g SKIP LOCKED
            """,
            logger: context.logger
        ).collect()
        var answered = 0
        for row in rows {
            let (id, status, round) = try row.decode((UUID, String, Int).self)
            if try await LoopService.answerIfComplete(
                .suggestion(id), status: status, round: round, by: .system, now: now, on: connection, logger: context.logger)
            {
                answered += 1
            }
        }
        return answered
    }

    /// Replied submissions whose rating window ended: settled with the ratings given (the worse of them),
    /// or closed as unrated (``HandlingEngine/settleRound(_:windowOver:by:now:on:)``); answered suggestions
    /// their lead representative did not rate, settled by the answer's outcome.
    static func autoClose(
        now: Date, policy: RhythmPolicy, loop: LoopPolicy, on connection: PostgresConnection, context: JobContext
    ) async throws -> Int {
        let cutoff = now.addingTimeInterval(-Double(policy.ratingWindowDays) * 86_400)
        let due = try await connection.query(
            """
            SELECT id FROM submissions WHERE status = \(SubmissionStatus.replied.rawValue) AND replied_at < \(cutoff)
            ORDER BY replied_at, id FOR UPDATE SKIP LOCKED
            """,
            logger: context.logger
        ).collect().map { try $0.decode(UUID.self) }
        let engine = HandlingEngine(policy: loop, local: context.calendar, logger: context.logger)
        for id in due {
            try await engine.settleRound(id, windowOver: true, by: .system, now: now, on: connection)
        }
        let suggestions = try await SuggestionService.settleUnrated(before: cutoff, now: now, on: connection, logger: context.logger)
        let problems = try await ProblemService.settleUnrated(before: cutoff, now: now, on: connection, logger: context.logger)
        return due.count + suggestions + problems
    }
}
