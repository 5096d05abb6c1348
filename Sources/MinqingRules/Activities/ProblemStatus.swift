/// Where a problem of an activity's list stands: open → assigned → answered → done, or reopened for a new
/// round when the activity's representatives are unsatisfied.
public enum ProblemStatus: String, Sendable, CaseIterable, Codable {
    case open, assigned, answered, done, reopened

    /// No lead department has replied in the current round: what keeps the activity's follow-up open.
    public var awaitsReply: Bool { self == .open || self == .assigned || self == .reopened }
}
