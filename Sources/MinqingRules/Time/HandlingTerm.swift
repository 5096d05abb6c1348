import Foundation

/// How long a department has for an assignment: working days (residents' submissions, on the working-day
/// calendar) or calendar months (representatives' suggestions, answered within three months by law).
public enum HandlingTerm: Sendable, Equatable {
    case workingDays(Int)
    case months(Int)

    /// The due time of an assignment made at `assignedAt`; both rules end at 23:59:59 local.
    public func due(assignedAt: Date, calendar: WorkingCalendar) -> Date {
        switch self {
        case .workingDays(let days): calendar.dueDate(assignedAt: assignedAt, workingDays: days)
        case .months(let months): calendar.local.dueDate(assignedAt: assignedAt, months: months)
        }
    }

    /// The term and due time after an approved extension of `more` units of the same rule. Working days are
    /// added to the current due day; months are counted again from the assignment, so the same-day rule
    /// holds for the whole term (31 January + 3 + 1 months is 31 May).
    public func extended(
        by more: Int, assignedAt: Date, due: Date, calendar: WorkingCalendar
    ) -> (term: HandlingTerm, due: Date) {
        switch self {
        case .workingDays(let days): (.workingDays(days + more), calendar.dueDate(assignedAt: due, workingDays: more))
        case .months(let months): (.months(months + more), calendar.local.dueDate(assignedAt: assignedAt, months: months + more))
        }
    }

    /// `amount` in this term's unit.
    public func withAmount(_ amount: Int) -> HandlingTerm {
        switch self {
        case .workingDays: .workingDays(amount)
        case .months: .months(amount)
        }
    }

    public enum Unit: String, Sendable {
        case workingDays = "working_days"
        case months
    }

    public var unit: Unit {
        switch self {
        case .workingDays: .workingDays
        case .months: .months
        }
    }

    public var amount: Int {
        switch self {
        case .workingDays(let days): days
        case .months(let months): months
        }
    }

    /// The term as stored: (working_days, months), exactly one of them set.
    public var columns: (workingDays: Int?, months: Int?) {
        switch self {
        case .workingDays(let days): (days, nil)
        case .months(let months): (nil, months)
        }
    }

    public init?(workingDays: Int?, months: Int?) {
        switch (workingDays, months) {
        case (let days?, nil): self = .workingDays(days)
        case (nil, let months?): self = .months(months)
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .workingDays(let days): "\(days) working days"
        case .months(let months): "\(months) months"
        }
    }
}
