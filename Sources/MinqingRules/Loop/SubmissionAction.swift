/// What moves a submission from one status to another.
public enum SubmissionAction: String, Sendable, CaseIterable {
    case accept, reject, merge, resolve, assign, escalate
    /// Handed to the congress of the parent region (分级办理); the status stays.
    case refer
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
        case .accept, .reject, .merge, .resolve, .assign, .escalate, .refer: rawValue
        case .close, .reopen: "evaluate"
        case .leadsReplied, .leadReturned, .autoClose, .spotCheckReopen: nil
        }
    }
}
