import Foundation
import MinqingRules

/// A problem of an activity's list (问题清单), a subject of the handling engine.
public struct ProblemRecord: Sendable {
    public var id: UUID
    public var activityID: UUID
    public var seq: Int
    public var title: String
    public var body: String
    public var category: String
    /// The resident's submission it was promoted from.
    public var submissionID: UUID?
    public var status: ProblemStatus
    public var round: Int
    public var leadDepartmentID: UUID?
    public var leadDepartmentName: String?
    /// The due time of the round's open lead assignment: what "days left" counts down to.
    public var dueAt: Date?
    public var outcome: ReplyOutcome?
    public var repliedAt: Date?
    public var closedAt: Date?
    public var createdAt: Date
    public var updatedAt: Date

    /// 问题清单第3项: its number on the engine (in department lists and notices).
    public var number: String { "问题清单第\(seq)项" }
}

/// A problem raised at the event, or a resident's submission filed through the activity's code promoted to
/// the list (its title and text then start the problem's).
public struct ProblemDraft: Sendable {
    public var title: String?
    public var body: String?
    public var category: String?
    public var submissionID: UUID?

    public init(title: String? = nil, body: String? = nil, category: String? = nil, submissionID: UUID? = nil) {
        (self.title, self.body, self.category, self.submissionID) = (title, body, category, submissionID)
    }
}

/// One problem with its assignments, the representatives' ratings and its timeline.
public struct ProblemDetail: Sendable {
    public var problem: ProblemRecord
    public var assignments: [AssignmentRecord]
    public var ratings: [Rating]
    public var timeline: [TimelineEntry]

    public struct Rating: Sendable {
        public var round: Int
        public var representativeID: UUID
        public var rating: MinqingRules.Rating
        public var comment: String?
        public var createdAt: Date
    }
}
