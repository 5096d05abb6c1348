/// Where a problem of an activity's list stands: open → assigned → answered → done, or reopened for a new
/// round when the activity's representatives are unsatisfied.
public enum ProblemStatus: String, Sendable, CaseIterable, Codable {
    case open, assigned, answered, done, reopened

    /// No lead department has replied in the current round: what keeps the activity's follow-up open.
    public var awaitsReply: Bool { self == .open || self == .assigned || self == .reopened }

    /// The word the public outcome page uses.
    public var chineseName: String {
        switch self {
        case .open: "待交办"
        case .assigned: "办理中"
        case .answered: "已答复"
        case .done: "已办结"
        case .reopened: "重新办理"
        }
    }
}
