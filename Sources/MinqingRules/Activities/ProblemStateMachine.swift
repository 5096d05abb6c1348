/// The one place the state machine of an activity's problems lives (DOMAIN.md, "Activities").
public enum ProblemStateMachine {
    static let transitions: [ProblemStatus: [ProblemAction: ProblemStatus]] = [
        .open: [.assign: .assigned],
        .assigned: [.leadsReplied: .answered, .leadReturned: .open],
        .answered: [.settle: .done, .reopen: .reopened],
        .reopened: [.assign: .assigned],
        .done: [:],
    ]

    /// The status after `action`, or an `invalidTransition` refusal naming what is allowed now.
    public static func next(from status: ProblemStatus, on action: ProblemAction) throws(DomainError) -> ProblemStatus {
        guard let next = transitions[status]?[action] else {
            throw .invalidTransition(
                current: status.rawValue, allowed: allowedActions(from: status),
                detail: "Cannot \(action.clientName ?? action.rawValue) a problem that is \(status.rawValue).")
        }
        return next
    }

    /// The client actions possible from a status, in a stable order.
    public static func allowedActions(from status: ProblemStatus) -> [String] {
        TransitionTable.clientActions(transitions, from: status, name: \.clientName)
    }
}
