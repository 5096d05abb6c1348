import Foundation

/// The configurable rhythm (README, "The worker's schedule").
public struct RhythmPolicy: Sendable, Equatable {
    /// Reminders go out on working days between these local times (minutes after midnight).
    public var officeOpens = 8 * 60 + 30
    public var officeCloses = 17 * 60 + 30
    /// A `replied` submission without a rating for this many days is closed as unrated.
    public var ratingWindowDays = 15
    public var ladder = ReminderLadder()
    /// Annual score weights (percent) and grade thresholds.
    public var weightOnTime = 40.0
    public var weightSatisfaction = 40.0
    public var weightReopen = 20.0
    public var greenAtLeast = 85.0
    public var yellowAtLeast = 70.0
    /// Share of closed submissions per department re-examined by the year-end spot check (回头看).
    public var spotCheckShare = 0.10
    public var spotCheckMinimum = 3

    public init() {}

    public func isOfficeTime(_ instant: Date, calendar: WorkingCalendar) -> Bool {
        guard calendar.isWorkingDay(calendar.day(of: instant)) else { return false }
        let parts = calendar.local.calendar.dateComponents([.hour, .minute], from: instant)
        let minutes = parts.hour! * 60 + parts.minute!
        return minutes >= officeOpens && minutes < officeCloses
    }
}

/// The reminder ladder (催办): due soon, due today, overdue by one working day, then every few working
/// days while overdue, at most `maximum` reminders; escalation for oversight after `escalateAfter` days.
public struct ReminderLadder: Sendable, Equatable {
    public var dueSoonDays = 3
    public var repeatEvery = 3
    public var maximum = 10
    public var escalateAfter = 5

    public init() {}

    /// The rung an open assignment stands on, from its working days left (negative when overdue).
    public func rung(daysLeft: Int) -> String? {
        if daysLeft > dueSoonDays { return nil }
        if daysLeft > 0 { return "due_soon" }
        if daysLeft == 0 { return "due_today" }
        let overdue = -daysLeft
        let step = (overdue - 1) / repeatEvery  // 1…3 → 0, 4…6 → 1, …
        guard step + 3 <= maximum else { return nil }
        return "overdue_\(1 + step * repeatEvery)"
    }

    /// The traffic light shown on assignments and submissions.
    public func light(daysLeft: Int, overdue: Bool) -> String {
        if overdue || daysLeft < 0 { return "red" }
        return daysLeft <= dueSoonDays ? "yellow" : "green"
    }
}
