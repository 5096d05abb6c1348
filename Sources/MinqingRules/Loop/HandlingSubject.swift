import Foundation

/// What an assignment is attached to: the one handling engine (assignments, deadlines, reminders,
/// replies, ratings, year figures) serves every kind, and each kind keeps its own state machine.
public struct HandlingSubject: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case submission, suggestion
        /// A problem of an activity's list (问题清单).
        case problem
    }

    public let kind: Kind
    public let id: UUID

    public init(_ kind: Kind, _ id: UUID) {
        self.kind = kind
        self.id = id
    }

    public static func submission(_ id: UUID) -> HandlingSubject { HandlingSubject(.submission, id) }
    public static func suggestion(_ id: UUID) -> HandlingSubject { HandlingSubject(.suggestion, id) }
    public static func problem(_ id: UUID) -> HandlingSubject { HandlingSubject(.problem, id) }
}

/// What the department side of the engine does to its subject.
public enum HandlingEvent: Sendable {
    /// Every lead assignment of the round has replied.
    case leadsReplied
    /// The lead department returned its assignment.
    case leadReturned
}

extension HandlingSubject.Kind {
    /// The subject's status after `event`, asked of the kind's own state machine (statuses as stored).
    public func next(from status: String, on event: HandlingEvent) throws(DomainError) -> String {
        switch self {
        case .submission:
            let current = SubmissionStatus(rawValue: status) ?? .closed
            let action: SubmissionAction = event == .leadsReplied ? .leadsReplied : .leadReturned
            return try SubmissionStateMachine.next(from: current, on: action).rawValue
        case .suggestion:
            let current = SuggestionStatus(rawValue: status) ?? .closed
            let action: SuggestionAction = event == .leadsReplied ? .leadsReplied : .leadReturned
            return try SuggestionStateMachine.next(from: current, on: action).rawValue
        case .problem:
            let current = ProblemStatus(rawValue: status) ?? .done
            let action: ProblemAction = event == .leadsReplied ? .leadsReplied : .leadReturned
            return try ProblemStateMachine.next(from: current, on: action).rawValue
        }
    }

    /// The subject's status in which its departments are at work (a returned or replied lead moves it on).
    public var assignedStatus: String {
        switch self {
        case .submission: SubmissionStatus.assigned.rawValue
        case .suggestion: SuggestionStatus.assigned.rawValue
        case .problem: ProblemStatus.assigned.rawValue
        }
    }
}
