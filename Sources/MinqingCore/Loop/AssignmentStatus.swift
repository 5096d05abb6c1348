/// Where one department's assignment is.
public enum AssignmentStatus: String, Sendable, CaseIterable, Codable {
    case pending, acknowledged, replied, returned, escalated

    /// Still waiting for the department (counts for deadlines and reminders).
    public var isOpen: Bool { self == .pending || self == .acknowledged }
}

public enum AssignmentAction: String, Sendable {
    case acknowledge, `return`, reply, escalate
}

/// The assignment state machine: pending → acknowledged → replied; pending|acknowledged → returned;
/// an escalation closes the old lead as escalated.
public enum AssignmentStateMachine {
    static let transitions: [AssignmentStatus: [AssignmentAction: AssignmentStatus]] = [
        .pending: [.acknowledge: .acknowledged, .return: .returned, .reply: .replied, .escalate: .escalated],
        .acknowledged: [.return: .returned, .reply: .replied, .escalate: .escalated],
        .replied: [:], .returned: [:], .escalated: [:],
    ]

    public static func next(from status: AssignmentStatus, on action: AssignmentAction) throws(DomainError) -> AssignmentStatus {
        guard let next = transitions[status]?[action] else {
            let allowed = (transitions[status] ?? [:]).keys.map(\.rawValue).filter { $0 != "escalate" }.sorted()
            throw .invalidTransition(
                current: status.rawValue, allowed: allowed,
                detail: "Cannot \(action.rawValue) an assignment that is \(status.rawValue)."
            )
        }
        return next
    }
}
