import Foundation

/// Something a user (and, through webhooks, a department system) is told about.
public struct Notification: Sendable {
    /// Event types, also the webhook `type`.
    public enum Kind: String, Sendable, CaseIterable {
        case assignmentCreated = "assignment.created"
        case reminderDigest = "reminder.digest"
        case escalationNeeded = "assignment.escalation_needed"
        case replyReceived = "reply.received"
        case evaluationReceived = "evaluation.received"
        case monthlySheetReady = "report.monthly_ready"
        case oversightListReady = "report.oversight_ready"
        case annualResultsPublished = "report.annual_published"
        case keyItemMarked = "submission.key_item"
        case suggestionPreassigned = "suggestion.preassigned"
        case suggestionObjection = "suggestion.objection"
        case suggestionBatch = "suggestion.batch"
        case dutyReminder = "rota.duty_reminder"
        case rectificationDue = "inquiry.rectification_due"
        case hotWordsWeekly = "insight.hot_words_weekly"
        case digestReady = "report.digest_ready"
        case rankingReady = "report.ranking_ready"
    }

    public var kind: Kind
    public var title: String
    public var body: String
    /// JSON object sent as webhook `data` and kept with the inbox entry.
    public var data: [String: JSONValue]

    public init(kind: Kind, title: String, body: String, data: [String: JSONValue] = [:]) {
        self.kind = kind
        self.title = title
        self.body = body
        self.data = data
    }
}

/// Who receives a notification: users by role and binding.
public enum Recipients: Sendable, Hashable {
    case department(UUID)
    case admins
    case representative(UUID)
    /// The staff of exactly this region.
    case regionStaff(UUID)
    /// The leaders of exactly this region (the 民情专报 is written for them).
    case regionLeaders(UUID)

    /// Who hears of a region's report: its departments and its staff, and the admins for the top region
    /// only (a deployment of many regions would otherwise tell them once per region).
    public static func ofReport(region: UUID, isTop: Bool, departments: [UUID]) -> Set<Recipients> {
        var recipients = Set(departments.map(Recipients.department)).union([.regionStaff(region)])
        if isTop { recipients.insert(.admins) }
        return recipients
    }
}

/// A small JSON value for notification and report payloads.
public indirect enum JSONValue: Sendable, Equatable, Codable {
    case string(String), number(Double), int(Int), bool(Bool), null, array([JSONValue]), object([String: JSONValue])

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let v): try container.encode(v)
        case .number(let v): try container.encode(v)
        case .int(let v): try container.encode(v)
        case .bool(let v): try container.encode(v)
        case .null: try container.encodeNil()
        case .array(let v): try container.encode(v)
        case .object(let v): try container.encode(v)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let v = try? container.decode(Bool.self) {
            self = .bool(v)
        } else if let v = try? container.decode(Int.self) {
            self = .int(v)
        } else if let v = try? container.decode(Double.self) {
            self = .number(v)
        } else if let v = try? container.decode(String.self) {
            self = .string(v)
        } else if let v = try? container.decode([JSONValue].self) {
            self = .array(v)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public static func id(_ id: UUID?) -> JSONValue { id.map { .string($0.uuidString.lowercased()) } ?? .null }
    public static func date(_ date: Date?) -> JSONValue { date.map { .string($0.formatted(.iso8601)) } ?? .null }
}
