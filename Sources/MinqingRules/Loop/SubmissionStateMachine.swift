/// The one place the submission state machine lives (DOMAIN.md, "The closed loop").
public enum SubmissionStateMachine {
    static let transitions: [SubmissionStatus: [SubmissionAction: SubmissionStatus]] = [
        .submitted: [.accept: .accepted, .reject: .rejected, .merge: .merged, .resolve: .replied, .refer: .submitted],
        .accepted: [.assign: .assigned, .reject: .rejected, .merge: .merged, .refer: .accepted],
        .assigned: [.leadsReplied: .replied, .leadReturned: .accepted, .escalate: .assigned],
        .replied: [.close: .closed, .reopen: .reopened, .autoClose: .closed],
        .reopened: [.assign: .assigned, .escalate: .assigned, .refer: .reopened],
        .closed: [.spotCheckReopen: .reopened],
        .rejected: [:], .merged: [:],
    ]

    /// The status after `action`, or an `invalidTransition` refusal naming what is allowed now.
    public static func next(from status: SubmissionStatus, on action: SubmissionAction) throws(DomainError) -> SubmissionStatus {
        guard let next = transitions[status]?[action] else {
            let verb = action.clientName ?? action.rawValue
            throw .invalidTransition(
                current: status.rawValue, allowed: allowedActions(from: status),
                detail: "Cannot \(verb) a submission that is \(status.rawValue)."
            )
        }
        return next
    }

    /// The client actions possible from a status, in a stable order.
    public static func allowedActions(from status: SubmissionStatus) -> [String] {
        TransitionTable.clientActions(transitions, from: status, name: \.clientName)
    }

    /// A rating of the current round can be given now: the machine would take both close and reopen.
    public static func isRatingOpen(_ status: SubmissionStatus) -> Bool {
        let actions = transitions[status] ?? [:]
        return actions[.close] != nil && actions[.reopen] != nil
    }
}
