/// Who a user is in the loop; each non-admin role is bound to one registry row.
public enum Role: String, Sendable, CaseIterable, Codable {
    case admin, representative, observer, department
}
