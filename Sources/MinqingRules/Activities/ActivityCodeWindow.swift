import Foundation

/// When an activity's code (活动码) files into it: from some days before the activity starts, so that
/// opinions can be gathered ahead of a consultation, until some days after it ends (7 and 7 by default,
/// MINQING_ACTIVITY_CODE_DAYS_BEFORE / _AFTER). Outside it the code answers 410 with the station's phone.
public struct ActivityCodeWindow: Sendable, Equatable {
    public var daysBefore: Int
    public var daysAfter: Int

    public init(daysBefore: Int = 7, daysAfter: Int = 7) {
        (self.daysBefore, self.daysAfter) = (daysBefore, daysAfter)
    }

    /// The instants the code is open, both ends included (days of 24 hours: the window is a span of time,
    /// not of calendar dates).
    public func range(startsAt: Date, endsAt: Date) -> ClosedRange<Date> {
        startsAt.addingTimeInterval(-Double(daysBefore) * 86400)...endsAt.addingTimeInterval(Double(daysAfter) * 86400)
    }

    /// Refuses a filing outside the window, or into a cancelled activity (410, naming when it opens or closed).
    public func check(startsAt: Date, endsAt: Date, cancelled: Bool, now: Date) throws(DomainError) {
        if cancelled {
            throw .gone(code: "activity_cancelled", detail: "This activity was cancelled; ask the station about its next one.")
        }
        let open = range(startsAt: startsAt, endsAt: endsAt)
        if now < open.lowerBound {
            throw .gone(code: "activity_code_not_open", detail: "This activity's code opens at \(open.lowerBound).")
        }
        if now > open.upperBound {
            throw .gone(code: "activity_code_closed", detail: "This activity's code closed at \(open.upperBound).")
        }
    }
}
