import Foundation
import MinqingCore
import MinqingRules
import PostgresNIO

/// Every half hour (`latest_only`): on the first working day of a month, within office hours, the month's
/// batch of suggestions made between sessions (``SuggestionBatch``; it runs once per month, whichever
/// worker gets there first).
enum SuggestionAssignment {
    static let name = "suggestion_assignment"

    static func kind(loop: LoopPolicy, rhythm: RhythmPolicy, every seconds: Int = 1800) -> JobKind {
        JobKind(name: name, schedule: .every(seconds: seconds), policy: .latestOnly) { context, connection in
            let now = context.clock.now()
            let calendar = try await CalendarStore.workingCalendar(context.calendar, on: connection, logger: context.logger)
            let today = calendar.day(of: now)
            guard today == calendar.firstWorkingDay(ofMonthOf: today), rhythm.isOfficeTime(now, calendar: calendar) else { return }
            let month = String(today.key.prefix(7))
            let engine = HandlingEngine(policy: loop, local: context.calendar, logger: context.logger)
            if let result = try await SuggestionBatch.run(month: month, engine: engine, now: now, on: connection) {
                context.logger.info(
                    "suggestion batch", metadata: ["month": "\(month)", "assigned": "\(result.assigned)", "waiting": "\(result.waiting)"])
            }
        }
    }
}
