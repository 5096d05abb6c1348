/// Who a user is in the loop. Staff and leaders are bound to a region (its subtree is their scope); the
/// other non-admin roles to one registry row.
public enum Role: String, Sendable, CaseIterable, Codable {
    case admin, staff, leader, representative, observer, department

    /// Whether the role is bound to a region rather than to a registry row.
    public var isRegional: Bool { self == .staff || self == .leader }
}

extension Role {
    /// The binding fields of a user, in the order refusals name them.
    public enum BindingField: String, Sendable, CaseIterable {
        case representative = "representative_id", observer = "observer_id", department = "department_id", region = "region_id"
    }

    /// What is wrong with a user of this role bound by `bound` (the binding fields that are set): each role
    /// has exactly the binding it needs — representatives, observers and departments their row, staff and
    /// leaders a region, admins none. The users table's CHECK constraints, as named refusals.
    public func bindingProblems(bound: Set<BindingField>) -> [FieldError] {
        BindingField.allCases.compactMap { field in
            let needed: Bool
            switch field {
            case .representative: needed = self == .representative
            case .observer: needed = self == .observer
            case .department: needed = self == .department
            case .region: needed = isRegional
            }
            if needed && !bound.contains(field) {
                return FieldError(field: field.rawValue, message: "is required for the \(rawValue) role")
            }
            if !needed && bound.contains(field) {
                let owner = field == .region ? "the staff and leader roles" : "the \(field.rawValue.dropLast(3)) role"
                return FieldError(field: field.rawValue, message: "is only for \(owner)")
            }
            return nil
        }
    }
}
