import Foundation
import Logging
import MinqingRules
import PostgresNIO

extension DepartmentYearFigures {
    /// The increments of one action, written last in its transaction and in key order, so that two actions
    /// touching the same departments' rows always lock them in the same order (no deadlock).
    public struct Batch: Sendable {
        struct Key: Hashable, Comparable {
            let year: Int
            let department: UUID
            static func < (a: Key, b: Key) -> Bool { (a.year, a.department.uuidString) < (b.year, b.department.uuidString) }
        }

        let local: LocalCalendar
        var items: [Key: Increment] = [:]

        public init(local: LocalCalendar) { self.local = local }

        /// Adds to the row of the department and the local year of the assignment's `assignedAt`.
        public mutating func add(_ increment: Increment, department: UUID, assignedAt: Date) {
            items[Key(year: local.ymd(assignedAt).year, department: department), default: Increment()] += increment
        }

        public func write(on connection: PostgresConnection, logger: Logger) async throws {
            for key in items.keys.sorted() {
                try await DepartmentYearFigures.add(
                    items[key]!, year: key.year, department: key.department,
                    on: connection, logger: logger)
            }
        }
    }

    static func add(_ i: Increment, year: Int, department: UUID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO department_year_figures AS f (year, department_id, assigned, replied, replied_on_time, satisfied,
                basically_satisfied, unsatisfied, lead_replies, rated_lead_replies, extensions, escalations,
                reply_working_days, replies_timed)
            VALUES (\(year), \(department), \(i.assigned), \(i.replied), \(i.repliedOnTime), \(i.satisfied), \(i.basicallySatisfied),
                    \(i.unsatisfied), \(i.leadReplies), \(i.ratedLeadReplies), \(i.extensions), \(i.escalations),
                    \(i.replyWorkingDays), \(i.repliesTimed))
            ON CONFLICT (year, department_id) DO UPDATE SET
                assigned = f.assigned + excluded.assigned, replied = f.replied + excluded.replied,
                replied_on_time = f.replied_on_time + excluded.replied_on_time, satisfied = f.satisfied + excluded.satisfied,
                basically_satisfied = f.basically_satisfied + excluded.basically_satisfied,
                unsatisfied = f.unsatisfied + excluded.unsatisfied, lead_replies = f.lead_replies + excluded.lead_replies,
                rated_lead_replies = f.rated_lead_replies + excluded.rated_lead_replies,
                extensions = f.extensions + excluded.extensions, escalations = f.escalations + excluded.escalations,
                reply_working_days = f.reply_working_days + excluded.reply_working_days,
                replies_timed = f.replies_timed + excluded.replies_timed
            """,
            logger: logger
        )
    }
}
