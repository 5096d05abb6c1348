/// Who a user is in the loop. Staff and leaders are bound to a region (its subtree is their scope); the
/// other non-admin roles to one registry row.
public enum Role: String, Sendable, CaseIterable, Codable {
    case admin, staff, leader, representative, observer, department

    /// Whether the role is bound to a region rather than to a registry row.
    public var isRegional: Bool { self == .staff || self == .leader }
}
