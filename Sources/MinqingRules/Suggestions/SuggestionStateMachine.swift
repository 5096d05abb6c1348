/// The one place the suggestion state machine lives (DOMAIN.md, "Suggestions"): draft → submitted →
/// reviewed (accepted, returned to draft, converted) → (pre-assigned →) assigned → answered → rated →
/// done, in follow-up until done, closed, or reopened for a new round. Actions that change a suggestion
/// without moving it (revise, co-sign, object, key) are here too, as loops onto the same status, so that
/// every "not in this status" refusal comes from this table.
public enum SuggestionStateMachine {
    static let transitions: [SuggestionStatus: [SuggestionAction: SuggestionStatus]] = [
        .draft: [.submit: .submitted, .revise: .draft, .coSign: .draft],
        .submitted: [.accept: .accepted, .return: .draft, .convert: .converted, .coSign: .submitted, .markKey: .submitted],
        .accepted: [.preassign: .preassigned, .assign: .assigned, .coSign: .accepted, .markKey: .accepted],
        .preassigned: [
            .preassign: .preassigned, .assign: .assigned, .object: .preassigned, .coSign: .preassigned, .markKey: .preassigned,
        ],
        .assigned: [.leadsReplied: .answered, .leadReturned: .accepted, .coSign: .assigned, .markKey: .assigned],
        .answered: [
            .settleSolved: .done, .settlePlanned: .inFollowUp, .settleExplained: .closed, .reopen: .reopened, .coSign: .answered,
            .markKey: .answered,
        ],
        .inFollowUp: [.reportDone: .done, .coSign: .inFollowUp, .markKey: .inFollowUp],
        .reopened: [.assign: .assigned, .coSign: .reopened, .markKey: .reopened],
        .done: [:], .closed: [:], .converted: [:],
    ]

    /// The status after `action`, or an `invalidTransition` refusal naming what is allowed now.
    public static func next(from status: SuggestionStatus, on action: SuggestionAction) throws(DomainError) -> SuggestionStatus {
        guard let next = transitions[status]?[action] else {
            throw .invalidTransition(
                current: status.rawValue, allowed: allowedActions(from: status),
                detail: "Cannot \(action.clientName ?? action.rawValue) a suggestion that is \(status.rawValue).")
        }
        return next
    }

    /// Refuses an action that keeps the status (revise, co-sign, object, key) where the table has no loop for it.
    public static func check(_ action: SuggestionAction, in status: SuggestionStatus) throws(DomainError) {
        _ = try next(from: status, on: action)
    }

    /// The client actions possible from a status, in a stable order.
    public static func allowedActions(from status: SuggestionStatus) -> [String] {
        TransitionTable.clientActions(transitions, from: status, name: \.clientName)
    }

    /// How a settled rating moves an answer with the given outcome.
    public static func settle(_ outcome: ReplyOutcome) -> SuggestionAction {
        switch outcome {
        case .solved: .settleSolved
        case .planned: .settlePlanned
        case .explained: .settleExplained
        }
    }
}
