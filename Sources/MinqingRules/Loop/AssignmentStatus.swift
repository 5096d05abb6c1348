import Foundation

/// Where one department's assignment is.
public enum AssignmentStatus: String, Sendable, CaseIterable, Codable {
    case pending, acknowledged, replied, returned, escalated

    /// Still waiting for the department: counts for deadlines, reminders and "overdue". Read off
    /// ``AssignmentStateMachine``'s table (the statuses it can still move on from). The partial index
    /// `assignments_open_due` is built on exactly this set (migration 0003); a test checks it is used.
    public static let open = Set(allCases.filter { !(AssignmentStateMachine.transitions[$0] ?? [:]).isEmpty })
    /// Done with, one way or another.
    public static let terminal: Set<AssignmentStatus> = Set(allCases).subtracting(open)

    public var isOpen: Bool { Self.open.contains(self) }

    /// Overdue at `instant`: still waiting for the department and past its due time. Its SQL spelling is
    /// `QueryBuilder.overdue` (MinqingCore), the one place the database is asked the same question.
    public func isOverdue(due: Date, at instant: Date) -> Bool { isOpen && due < instant }

    /// The staff sheets' word for the status (the monthly tracking sheet).
    public var label: String {
        switch self {
        case .pending: "待签收"
        case .acknowledged: "办理中"
        case .replied: "已答复"
        case .returned: "已退回"
        case .escalated: "已提级"
        }
    }
}
