/// What is done to an activity. `hold`, `close` and `cancel` move it; `revise` and `addProblem` keep its
/// status and are allowed only in some.
public enum ActivityAction: String, Sendable, CaseIterable {
    /// It took place (after its start): visitors and minutes may be recorded.
    case hold
    /// Its follow-up is finished: every problem replied, a consultation's minutes kept.
    case close
    case cancel
    case revise
    case addProblem = "add_problem"

    /// The actions a client names in `allowed_actions`.
    public var isMove: Bool { self == .hold || self == .close || self == .cancel }
}
