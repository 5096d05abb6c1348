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
