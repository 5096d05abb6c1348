import Foundation
import MinqingRules

/// 办理情况报告: how the suggestions of one congress session were handled — counts by type and status,
/// the answers' outcomes A/B/C, lead replies on time, the lead representatives' satisfaction, how often
/// the department contacted the representative before replying, and the same per lead department.
public struct SessionReport: ReportData {
    public static let kind = ReportStore.Kind.session

    public var sessionID: UUID
    public var sessionName: String
    public var asOf: Date
    public var byType: [String: Int]
    public var byStatus: [String: Int]
    public var totals: Figures
    public var departments: [Department]

    public init(
        sessionID: UUID, sessionName: String, asOf: Date, byType: [String: Int], byStatus: [String: Int], totals: Figures,
        departments: [Department]
    ) {
        (self.sessionID, self.sessionName, self.asOf, self.byType, self.byStatus) = (sessionID, sessionName, asOf, byType, byStatus)
        (self.totals, self.departments) = (totals, departments)
    }

    enum CodingKeys: String, CodingKey {
        case sessionID = "session_id", sessionName = "session_name", asOf = "as_of", byType = "by_type", byStatus = "by_status"
        case totals, departments
    }

    /// The handling figures of a set of suggestions (all of the session's, or one lead department's).
    public struct Figures: Codable, Sendable, Equatable {
        /// Suggestions (the session's, or those the department leads).
        public var suggestions = 0
        /// Answered by their lead department's letter, by the newest lead reply's outcome.
        public var solved = 0, planned = 0, explained = 0
        public var leadReplies = 0, leadRepliesOnTime = 0
        /// Lead replies with a `before` contact on the assignment (办前联系).
        public var leadRepliesContactedBefore = 0
        /// The lead representatives' newest ratings.
        public var satisfied = 0, basicallySatisfied = 0, unsatisfied = 0
        /// Of those ratings, how many said they were contacted before the reply.
        public var ratedContactedBefore = 0
        public var done = 0, inFollowUp = 0

        public init() {}

        public var rated: Int { satisfied + basicallySatisfied + unsatisfied }
        public var onTimeRate: Double? { Self.share(leadRepliesOnTime, of: leadReplies) }
        public var satisfactionRate: Double? { Self.share(satisfied + basicallySatisfied, of: rated) }
        public var contactedBeforeShare: Double? { Self.share(leadRepliesContactedBefore, of: leadReplies) }

        static func share(_ part: Int, of whole: Int) -> Double? { whole == 0 ? nil : Double(part) / Double(whole) }

        enum CodingKeys: String, CodingKey {
            case suggestions, solved, planned, explained, leadReplies = "lead_replies", leadRepliesOnTime = "lead_replies_on_time"
            case leadRepliesContactedBefore = "lead_replies_contacted_before", satisfied
            case basicallySatisfied = "basically_satisfied", unsatisfied, ratedContactedBefore = "rated_contacted_before", done
            case inFollowUp = "in_follow_up"
        }
    }

    public struct Department: ReportDepartmentRow {
        public var departmentID: UUID
        public var departmentName: String
        public var figures: Figures

        public init(departmentID: UUID, departmentName: String, figures: Figures) {
            (self.departmentID, self.departmentName, self.figures) = (departmentID, departmentName, figures)
        }

        enum CodingKeys: String, CodingKey {
            case departmentID = "department_id", departmentName = "department_name", figures
        }
    }
}
