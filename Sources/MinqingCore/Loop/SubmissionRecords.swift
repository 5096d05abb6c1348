import Foundation
import MinqingRules

/// A submission row as staff see it (contact data only masked).
public struct SubmissionRecord: Sendable {
    public var id: UUID
    public var receiptNo: String
    public var channel: Channel
    public var code: String?
    public var representativeID: UUID?
    public var stationID: UUID?
    /// The region whose congress handles it now, and the one it was filed in (they differ once referred up).
    public var regionID: UUID
    public var originRegionID: UUID
    public var filedByUserID: UUID?
    public var observerID: UUID?
    public var kind: SubmissionKind
    public var category: String
    public var title: String?
    public var content: String
    public var address: String?
    public var latitude: Double?
    public var longitude: Double?
    public var anonymous: Bool
    public var phoneMasked: String?
    public var nameMasked: String?
    public var status: SubmissionStatus
    public var round: Int
    public var keyItem: Bool
    public var mergedInto: UUID?
    public var escalationRequired: Bool
    public var closeReason: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var closedAt: Date?
    /// True when an open assignment is past due (lists compute it in SQL).
    public var overdue: Bool
    /// The earliest due time of the open assignments, for the traffic light.
    public var nextDueAt: Date?
    /// Filed through an activity's code: the activity.
    public var activityID: UUID? = nil
    /// Filed at a duty slot's reception (channel `reception`): the slot.
    public var rotaSlotID: UUID? = nil
}

public struct ReplyRecord: Sendable {
    public var id: UUID
    public var assignmentID: UUID?
    public var round: Int
    public var outcome: ReplyOutcome
    public var text: String
    /// A B reply's promised date (`yyyy-MM-dd`) and the letter's attachment, for suggestions.
    public var promisedOn: String?
    public var attachmentURL: String?
    public var createdAt: Date
}

/// A department's contact with the representative on an assignment (办前联系、办中沟通、办后回访).
public struct ContactRecord: Sendable {
    public enum Stage: String, Sendable, CaseIterable { case before, during, after }
    public enum Method: String, Sendable, CaseIterable { case visit, phone, meeting, message }

    public var id: UUID
    public var assignmentID: UUID
    public var stage: Stage
    public var method: Method
    public var note: String
    public var at: Date
    public var createdAt: Date
}

public struct AssignmentRecord: Sendable {
    public var id: UUID
    public var subject: HandlingSubject
    /// The subject's number (a submission's receipt number) and short title.
    public var subjectNumber: String
    public var subjectTitle: String
    public var round: Int
    public var departmentID: UUID
    public var departmentName: String
    public var role: AssignmentRole
    public var status: AssignmentStatus
    public var term: HandlingTerm
    public var assignedAt: Date
    public var dueAt: Date
    public var acknowledgedAt: Date?
    public var repliedAt: Date?
    public var returnReason: String?
    public var extensionStatus: String?
    /// The requested extension, in the term's unit.
    public var extensionAmount: Int?
    public var extensionReason: String?
    public var replies: [ReplyRecord]
    public var contacts: [ContactRecord] = []
}

public struct EvaluationRecord: Sendable {
    public var round: Int
    public var evaluator: String
    public var rating: Rating
    public var comment: String?
    public var createdAt: Date
}

public struct TimelineEntry: Sendable {
    public var at: Date
    public var actorRole: String
    public var actorID: UUID?
    public var action: String
    public var fromStatus: String?
    public var toStatus: String?
    public var note: String?
    public var isPublic: Bool
    public var departmentID: UUID?
    public var departmentName: String?
}

/// A submission with everything that happened to it.
public struct SubmissionDetail: Sendable {
    public var submission: SubmissionRecord
    public var assignments: [AssignmentRecord]
    public var evaluations: [EvaluationRecord]
    public var timeline: [TimelineEntry]
    /// On-the-spot replies (no assignment).
    public var directReplies: [ReplyRecord]
}

/// Filters of `GET /v1/submissions`.
public struct SubmissionFilter: Sendable {
    public var status: SubmissionStatus?
    public var kind: SubmissionKind?
    public var category: String?
    public var stationID: UUID?
    public var representativeID: UUID?
    public var departmentID: UUID?
    public var overdue: Bool?
    public var receivedFrom: Date?
    public var receivedTo: Date?
    public var text: String?
    public var region: RegionFilter?

    public init(
        status: SubmissionStatus? = nil, kind: SubmissionKind? = nil, category: String? = nil, stationID: UUID? = nil,
        representativeID: UUID? = nil, departmentID: UUID? = nil, overdue: Bool? = nil, receivedFrom: Date? = nil,
        receivedTo: Date? = nil, text: String? = nil, region: RegionFilter? = nil
    ) {
        self.region = region
        self.status = status
        self.kind = kind
        self.category = category
        self.stationID = stationID
        self.representativeID = representativeID
        self.departmentID = departmentID
        self.overdue = overdue
        self.receivedFrom = receivedFrom
        self.receivedTo = receivedTo
        self.text = text
    }
}
