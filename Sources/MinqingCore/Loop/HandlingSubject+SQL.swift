import MinqingRules

/// Where each kind of subject lives: the engine's SQL names the table and the column of the subject's
/// kind, never a kind by hand.
extension HandlingSubject.Kind {
    /// The subject's own table; each has `status`, `round`, `lead_department_id`, `replied_at`, `updated_at`.
    var table: String {
        switch self {
        case .submission: "submissions"
        case .suggestion: "suggestions"
        case .problem: "activity_problems"
        }
    }

    /// The column of assignments, replies and timeline entries that names a subject of this kind.
    var column: String {
        switch self {
        case .submission: "submission_id"
        case .suggestion: "suggestion_id"
        case .problem: "problem_id"
        }
    }
}
