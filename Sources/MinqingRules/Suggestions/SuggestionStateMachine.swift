/// The one place the suggestion state machine lives (DOMAIN.md, "Suggestions"): draft → submitted →
/// reviewed (accepted, returned to draft, converted) → (pre-assigned →) assigned → answered → rated →
/// done, in follow-up until done, closed, or reopened for a new round.
public enum SuggestionStateMachine {
    static let transitions: [SuggestionStatus: [SuggestionAction: SuggestionStatus]] = [
        .draft: [.submit: .submitted],
        .submitted: [.accept: .accepted, .return: .draft, .convert: .converted],
        .accepted: [.preassign: .preassigned, .assign: .assigned],
        .preassigned: [.preassign: .preassigned, .assign: .assigned],
        .assigned: [.leadsReplied: .answered, .leadReturned: .accepted],
        .answered: [.settleSolved: .done, .settlePlanned: .inFollowUp, .settleExplained: .closed, .reopen: .reopened],
        .inFollowUp: [.reportDone: .done],
        .reopened: [.assign: .assigned],
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

    /// The client actions possible from a status, in a stable order.
    public static func allowedActions(from status: SuggestionStatus) -> [String] {
        let names = (transitions[status] ?? [:]).keys.compactMap(\.clientName)
        return SuggestionAction.allCases.compactMap(\.clientName).reduce(into: [String]()) { result, name in
            if names.contains(name) && !result.contains(name) { result.append(name) }
        }
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
