/// Where a submission is in the closed loop.
public enum SubmissionStatus: String, Sendable, CaseIterable, Codable {
    case submitted, accepted, rejected, merged, assigned, replied, closed, reopened

    /// Still being worked on (a merge target must be open).
    public var isOpen: Bool { ![.rejected, .merged, .closed].contains(self) }
}

/// What moves a submission from one status to another.
public enum SubmissionAction: String, Sendable, CaseIterable {
    case accept, reject, merge, resolve, assign, escalate
    /// Every lead assignment of the round has replied.
    case leadsReplied = "replied"
    /// The lead department returned the assignment: back to staff for re-assignment.
    case leadReturned = "returned"
    /// A satisfied or basically satisfied rating.
    case close
    /// An unsatisfied rating.
    case reopen
    /// No rating within the rating window (worker).
    case autoClose = "auto_close"
    /// The year-end spot check (回头看) found a problem with a closed submission.
    case spotCheckReopen = "spot_check_reopen"

    /// The name a client uses for the action (`evaluate` covers close and reopen).
    public var clientName: String? {
        switch self {
        case .accept, .reject, .merge, .resolve, .assign, .escalate: rawValue
        case .close, .reopen: "evaluate"
        case .leadsReplied, .leadReturned, .autoClose, .spotCheckReopen: nil
        }
    }
}

/// The one place the submission state machine lives (DOMAIN.md, "The closed loop").
public enum SubmissionStateMachine {
    static let transitions: [SubmissionStatus: [SubmissionAction: SubmissionStatus]] = [
        .submitted: [.accept: .accepted, .reject: .rejected, .merge: .merged, .resolve: .replied],
        .accepted: [.assign: .assigned, .reject: .rejected, .merge: .merged],
        .assigned: [.leadsReplied: .replied, .leadReturned: .accepted, .escalate: .assigned],
        .replied: [.close: .closed, .reopen: .reopened, .autoClose: .closed],
        .reopened: [.assign: .assigned, .escalate: .assigned],
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
        let names = (transitions[status] ?? [:]).keys.compactMap(\.clientName)
        return SubmissionAction.allCases.compactMap(\.clientName).reduce(into: [String]()) { result, name in
            if names.contains(name) && !result.contains(name) { result.append(name) }
        }
    }
}
