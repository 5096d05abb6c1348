/// What is done to an activity. `hold`, `close` and `cancel` move it; `revise`, `addProblem`, `publish` and
/// `reviewOpinion` keep its status and are allowed only in some.
public enum ActivityAction: String, Sendable, CaseIterable {
    /// It took place (after its start): visitors and minutes may be recorded.
    case hold
    /// Its follow-up is finished: every problem replied, a consultation's minutes kept.
    case close
    case cancel
    case revise
    case addProblem = "add_problem"
    /// Its outcome is made public (公开成果): once it was held, and after its follow-up closed.
    case publish
    /// An inquiry's review opinion (审议意见) is recorded, once it was held and before its follow-up closed.
    case reviewOpinion = "review_opinion"

    /// The actions a client names in `allowed_actions`.
    public var isMove: Bool { self == .hold || self == .close || self == .cancel }
}
