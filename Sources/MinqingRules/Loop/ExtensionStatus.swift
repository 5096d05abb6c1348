/// Where a department's request for more time (延期) is. An assignment has at most one request pending;
/// after a decision it may ask again.
public enum ExtensionStatus: String, Sendable, CaseIterable, Codable {
    case requested, approved, denied

    /// Waiting for staff to decide.
    public var isPending: Bool { self == .requested }
}

public enum ExtensionAction: String, Sendable, CaseIterable {
    case request, approve, deny
}

/// The extension lifecycle: (none | approved | denied) → requested → approved | denied. Only an open
/// assignment may ask (``AssignmentStatus/isOpen``).
public enum ExtensionStateMachine {
    /// `nil` is "never asked".
    static let transitions: [ExtensionStatus?: [ExtensionAction: ExtensionStatus]] = [
        nil: [.request: .requested],
        .requested: [.approve: .approved, .deny: .denied],
        .approved: [.request: .requested],
        .denied: [.request: .requested],
    ]

    /// The extension status after `action`, or an `invalidTransition` refusal naming what is allowed now.
    public static func next(
        from status: ExtensionStatus?, on action: ExtensionAction, assignment: AssignmentStatus
    ) throws(DomainError) -> ExtensionStatus {
        if action == .request && !assignment.isOpen {
            throw .invalidTransition(
                current: assignment.rawValue, allowed: [],
                detail: "An extension can be asked only while the assignment is open.")
        }
        guard let next = transitions[status]?[action] else {
            let current = status.map { "extension_\($0.rawValue)" } ?? "no_extension_requested"
            let detail =
                action == .request
                ? "An extension can be asked once at a time; this one waits for a decision."
                : "There is no pending extension request."
            throw .invalidTransition(current: current, allowed: allowedActions(from: status), detail: detail)
        }
        return next
    }

    /// The actions possible from a status, in a stable order.
    public static func allowedActions(from status: ExtensionStatus?) -> [String] {
        let possible = transitions[status] ?? [:]
        return ExtensionAction.allCases.filter { possible[$0] != nil }.map(\.rawValue)
    }
}
