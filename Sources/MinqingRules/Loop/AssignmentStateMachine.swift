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
