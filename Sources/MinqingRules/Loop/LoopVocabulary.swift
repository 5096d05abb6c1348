import Foundation

/// The kinds of resident input (意见/建议/投诉/求助/咨询).
public enum SubmissionKind: String, Sendable, CaseIterable, Codable {
    case opinion, suggestion, complaint, help, inquiry

    public var chineseName: String {
        switch self {
        case .opinion: "意见"
        case .suggestion: "建议"
        case .complaint: "投诉"
        case .help: "求助"
        case .inquiry: "咨询"
        }
    }
}

/// How a submission came in: a scanned code, staff filing on a resident's behalf, or a representative's
/// suggestion that review treated as an ordinary letter (转为来信).
public enum Channel: String, Sendable, CaseIterable, Codable {
    case code, reception, observer, phone, activity, suggestion, open311

    /// The channels a filing may name; `suggestion` comes only from converting one, `open311` only through
    /// the GeoReport facade with a key.
    public static let filable: [Channel] = [.code, .reception, .observer, .phone, .activity]
}

public enum Rating: String, Sendable, CaseIterable, Codable {
    case satisfied, basicallySatisfied = "basically_satisfied", unsatisfied
}

/// A reply's outcome: A solved/adopted, B planned, C explained.
public enum ReplyOutcome: String, Sendable, CaseIterable, Codable {
    case solved, planned, explained
}

public enum AssignmentRole: String, Sendable, CaseIterable, Codable {
    case lead, co
}

/// Who did something, for the timeline.
public struct Actor: Sendable, Equatable {
    public enum Role: String, Sendable { case resident, admin, staff, leader, representative, observer, department, system }

    public let role: Role
    public let id: UUID?

    public init(role: Role, id: UUID?) {
        self.role = role
        self.id = id
    }

    /// A signed-in user acts in their role, identified by the user id.
    public init(user: User) {
        self.init(role: Role(rawValue: user.role.rawValue) ?? .admin, id: user.id)
    }

    public static let resident = Actor(role: .resident, id: nil)
    public static let system = Actor(role: .system, id: nil)
}
