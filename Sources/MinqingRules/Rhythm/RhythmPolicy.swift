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
    /// The weight of the department's handling of representatives' suggestions (代表建议办理): the mean of
    /// its suggestion lead replies on time and the lead representatives' satisfaction
    /// (`MINQING_WEIGHT_SUGGESTIONS`); a department without suggestions is scored on the other parts.
    public var weightSuggestions = 20.0
    public var greenAtLeast = 85.0
    public var yellowAtLeast = 70.0
    /// Share of closed submissions per department re-examined by the year-end spot check (回头看).
    public var spotCheckShare = 0.10
    public var spotCheckMinimum = 3
    /// Receptions each station holds a month (每月在各联络站组织开展4次以上接待活动), for the monthly sheet.
    public var receptionsPerMonth = 4
    /// The weighting of the representatives' records (履职档案) into the ranking's score.
    public var recordWeights = RecordWeights()

    public init() {}

    public func isOfficeTime(_ instant: Date, calendar: WorkingCalendar) -> Bool {
        guard calendar.isWorkingDay(calendar.day(of: instant)) else { return false }
        let parts = calendar.local.calendar.dateComponents([.hour, .minute], from: instant)
        let minutes = parts.hour! * 60 + parts.minute!
        return minutes >= officeOpens && minutes < officeCloses
    }
}
