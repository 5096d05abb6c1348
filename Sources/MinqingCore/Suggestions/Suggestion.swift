import Foundation
import MinqingRules

/// A representative's suggestion (代表建议) as read from the store.
public struct SuggestionRecord: Sendable {
    public var id: UUID
    public var number: String?
    public var regionID: UUID
    public var sessionID: UUID?
    public var representativeID: UUID
    public var representativeName: String
    public var type: SuggestionType
    public var title: String
    public var body: String
    public var category: String
    public var status: SuggestionStatus
    public var round: Int
    /// The reason of the last return for revision or of the conversion.
    public var reviewNote: String?
    public var keyItem: Bool
    public var leadOfficial: String?
    public var leadDepartmentID: UUID?
    public var coSigners: [CoSigner]
    public var sourceSubmissionIDs: [UUID]
    /// The answer the lead's rating settled on, a B answer's promised date, and its follow-up.
    public var outcome: ReplyOutcome?
    public var promisedOn: String?
    public var doneNote: String?
    public var doneAt: Date?
    public var submittedAt: Date?
    public var repliedAt: Date?
    public var closedAt: Date?
    public var createdAt: Date
    public var updatedAt: Date
    /// The submission a conversion filed it as.
    public var letterSubmissionID: UUID?
    public var letterReceiptNo: String?

    public struct CoSigner: Sendable, Equatable {
        public var representativeID: UUID
        public var name: String
        /// nil: invited, not yet confirmed.
        public var confirmedAt: Date?
    }
}

/// One suggestion with its assignments and timeline.
public struct SuggestionDetail: Sendable {
    public var suggestion: SuggestionRecord
    public var assignments: [AssignmentRecord]
    public var ratings: [RatingRecord]
    public var preassignments: [Preassignment]
    public var timeline: [TimelineEntry]

    public struct Preassignment: Sendable {
        public var departmentID: UUID
        public var departmentName: String
        public var role: AssignmentRole
        public var months: Int?
        public var objectBy: Date
        public var objection: String?
        public var objectedAt: Date?
    }

    public struct RatingRecord: Sendable {
        public var round: Int
        public var representativeID: UUID
        public var lead: Bool
        public var rating: Rating
        public var contactedBefore: Bool
        public var comment: String?
        public var createdAt: Date
    }
}

/// What a representative writes (a new draft, or a change to one: nil keeps the value).
public struct SuggestionDraft: Sendable {
    public var representativeID: UUID?
    public var type: SuggestionType?
    public var title: String?
    public var body: String?
    public var category: String?
    /// `.some(nil)`: between sessions.
    public var sessionID: UUID??
    public var coSignerIDs: [UUID]?
    public var sourceSubmissionIDs: [UUID]?

    public init(
        representativeID: UUID? = nil, type: SuggestionType? = nil, title: String? = nil, body: String? = nil,
        category: String? = nil, sessionID: UUID?? = nil, coSignerIDs: [UUID]? = nil, sourceSubmissionIDs: [UUID]? = nil
    ) {
        (self.representativeID, self.type, self.title, self.body, self.category) = (representativeID, type, title, body, category)
        (self.sessionID, self.coSignerIDs, self.sourceSubmissionIDs) = (sessionID, coSignerIDs, sourceSubmissionIDs)
    }
}

public struct SuggestionFilter: Sendable {
    public var sessionID: UUID?
    /// `true`: only those made between sessions.
    public var betweenSessions: Bool?
    public var status: SuggestionStatus?
    public var type: SuggestionType?
    public var representativeID: UUID?
    public var departmentID: UUID?
    public var keyItem: Bool?
    public var category: String?
    public var text: String?

    public init(
        sessionID: UUID? = nil, betweenSessions: Bool? = nil, status: SuggestionStatus? = nil, type: SuggestionType? = nil,
        representativeID: UUID? = nil, departmentID: UUID? = nil, keyItem: Bool? = nil, category: String? = nil,
        text: String? = nil
    ) {
        (self.sessionID, self.betweenSessions, self.status, self.type) = (sessionID, betweenSessions, status, type)
        (self.representativeID, self.departmentID, self.keyItem, self.category, self.text) =
            (representativeID, departmentID, keyItem, category, text)
    }
}
