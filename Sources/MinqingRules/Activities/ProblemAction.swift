/// What moves a problem of an activity's list.
public enum ProblemAction: String, Sendable, CaseIterable {
    case assign
    /// Every lead assignment of the round has replied (the handling engine).
    case leadsReplied = "replied"
    /// The lead department returned the assignment (the handling engine).
    case leadReturned = "returned"
    /// A satisfied or basically satisfied rating, or none within the rating window.
    case settle
    /// An unsatisfied rating: a new round (重办).
    case reopen

    /// The name a client uses for the action; nil for those the engine or the worker take.
    public var clientName: String? {
        switch self {
        case .assign: "assign"
        case .settle, .reopen: "rate"
        case .leadsReplied, .leadReturned: nil
        }
    }
}
