/// What moves a suggestion from one status to another.
public enum SuggestionAction: String, Sendable, CaseIterable {
    case submit, accept
    /// Back to draft for revision, with the reason shown to the representative.
    case `return`
    /// Treated as an ordinary letter (转为来信).
    case convert
    /// Departments proposed (预交办); they may object within the objection period.
    case preassign
    case assign
    /// Every lead assignment of the round has replied (the handling engine).
    case leadsReplied = "replied"
    /// The lead department returned the assignment (the handling engine).
    case leadReturned = "returned"
    /// A satisfied or basically satisfied rating, or none within the window, of an A (solved) reply.
    case settleSolved = "settle_solved"
    /// The same for a B (planned) reply: followed until done.
    case settlePlanned = "settle_planned"
    /// The same for a C (explained) reply: closed, reviewed once a year.
    case settleExplained = "settle_explained"
    /// An unsatisfied rating: a new handling round (重办).
    case reopen
    /// The department reports the promised work done.
    case reportDone = "done"
    // Actions that change a suggestion without moving it, allowed only in some statuses:
    /// The lead representative (or staff for him) changes the draft.
    case revise
    /// An invited co-signer confirms.
    case coSign = "co-sign"
    /// A pre-assigned department objects (预交办异议).
    case object
    /// A leader marks or unmarks a key suggestion (重点建议).
    case markKey = "key"

    /// The name a client uses for the action; nil for those the engine or the worker take.
    public var clientName: String? {
        switch self {
        case .submit, .accept, .return, .convert, .preassign, .assign: rawValue
        case .settleSolved, .settlePlanned, .settleExplained, .reopen: "rate"
        case .reportDone: "done"
        case .leadsReplied, .leadReturned, .revise, .coSign, .object, .markKey: nil
        }
    }
}
