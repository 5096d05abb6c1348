public enum AssignmentAction: String, Sendable {
    case acknowledge, `return`, reply, escalate
}
