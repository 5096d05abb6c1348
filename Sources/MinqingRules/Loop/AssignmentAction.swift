public enum AssignmentAction: String, Sendable, CaseIterable {
    case acknowledge, `return`, reply, escalate
}
