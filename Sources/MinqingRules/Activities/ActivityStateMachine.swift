import Foundation

/// The one place the activity state machine lives, with the refusals that depend on more than the status:
/// an activity is not held before it starts, a consultation does not close without minutes, and none
/// closes while a problem of its list awaits a reply. A closed or cancelled activity is read-only (a closed
/// one's outcome may still be published).
public enum ActivityStateMachine {
    static let transitions: [ActivityStatus: [ActivityAction: ActivityStatus]] = [
        .planned: [.hold: .held, .cancel: .cancelled, .revise: .planned, .addProblem: .planned],
        .held: [.close: .closed, .revise: .held, .addProblem: .held, .publish: .held, .reviewOpinion: .held],
        .closed: [.publish: .closed],
        .cancelled: [:],
    ]

    /// The status after `action`, or an `invalidTransition` refusal naming what is allowed now.
    public static func next(from status: ActivityStatus, on action: ActivityAction) throws(DomainError) -> ActivityStatus {
        guard let next = transitions[status]?[action] else {
            let detail =
                status.isFinished
                ? "A \(status.rawValue) activity is read-only."
                : "Cannot \(action.rawValue.replacingOccurrences(of: "_", with: " ")) an activity that is \(status.rawValue)."
            throw .invalidTransition(current: status.rawValue, allowed: allowedActions(from: status), detail: detail)
        }
        return next
    }

    /// Holding: only once the activity has started.
    public static func hold(from status: ActivityStatus, startsAt: Date, now: Date) throws(DomainError) -> ActivityStatus {
        let next = try next(from: status, on: .hold)
        guard now >= startsAt else {
            throw .conflict(code: "activity_not_started", detail: "The activity starts at \(startsAt); it is held after that.")
        }
        return next
    }

    /// Closing: a consultation's minutes (given now or before) and a reply to every problem.
    public static func close(
        from status: ActivityStatus, kind: ActivityKind, hasMinutes: Bool, problemsAwaitingReply: Int
    ) throws(DomainError) -> ActivityStatus {
        let next = try next(from: status, on: .close)
        if kind.needsMinutesToClose && !hasMinutes {
            throw .invalid("minutes", "are required to close a consultation (协商纪要)")
        }
        guard problemsAwaitingReply == 0 else {
            throw .conflict(
                code: "problems_awaiting_reply",
                detail: "\(problemsAwaitingReply) problem(s) of the list have no reply yet; the follow-up closes once every one is replied."
            )
        }
        return next
    }

    /// Recording an inquiry's review opinion (审议意见): only an inquiry's, once it was held, and only once.
    public static func reviewOpinion(
        from status: ActivityStatus, kind: ActivityKind, hasOpinion: Bool
    ) throws(DomainError) -> ActivityStatus {
        guard kind.takesQuestions else {
            throw .conflict(code: "not_an_inquiry", detail: "Review opinions (审议意见) come of an inquiry (专题询问); this is a \(kind.rawValue).")
        }
        let next = try next(from: status, on: .reviewOpinion)
        guard !hasOpinion else {
            throw .conflict(
                code: "review_opinion_exists",
                detail: "The inquiry's review opinion was recorded already; its rectification is handled as a problem of the list.")
        }
        return next
    }

    /// The moves possible from a status, in a stable order.
    public static func allowedActions(from status: ActivityStatus) -> [String] {
        ActivityAction.allCases.filter { $0.isMove && transitions[status]?[$0] != nil }.map(\.rawValue)
    }
}
