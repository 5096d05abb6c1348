import Foundation

/// 一季一督办: the quarter's supervision list — every overdue assignment, every submission or suggestion
/// rated unsatisfied in the quarter, every key item and key suggestion not finished, every promised B answer
/// past its date — grouped by department with its responsible person.
public struct OversightList: ReportData {
    public static let kind = ReportStore.Kind.quarterly

    public var quarter: String
    /// The instant the list was drawn up at; a correction redraws it as of the same instant.
    public var asOf: Date
    public var meetingDate: String
    public var departments: [Department]

    public init(quarter: String, asOf: Date, meetingDate: String, departments: [Department]) {
        (self.quarter, self.asOf, self.meetingDate, self.departments) = (quarter, asOf, meetingDate, departments)
    }

    enum CodingKeys: String, CodingKey {
        case quarter, asOf = "as_of", meetingDate = "meeting_date", departments
    }

    public struct Department: ReportDepartmentRow {
        public var departmentID: UUID
        public var departmentName: String
        public var responsiblePerson: String?
        public var items: [Item]

        public init(departmentID: UUID, departmentName: String, responsiblePerson: String?, items: [Item] = []) {
            (self.departmentID, self.departmentName, self.responsiblePerson, self.items) =
                (departmentID, departmentName, responsiblePerson, items)
        }

        enum CodingKeys: String, CodingKey {
            case departmentID = "department_id", departmentName = "department_name", responsiblePerson = "responsible_person", items
        }
    }

    public struct Item: Codable, Sendable {
        public var reason: Reason
        public var receiptNo: String
        public var title: String
        /// When it became a matter for oversight: the due time, the rating, or the filing.
        public var at: Date

        public init(reason: Reason, receiptNo: String, title: String, at: Date) {
            (self.reason, self.receiptNo, self.title, self.at) = (reason, receiptNo, title, at)
        }

        enum CodingKeys: String, CodingKey {
            case reason, receiptNo = "receipt_no", title, at
        }
    }

    public enum Reason: String, Codable, Sendable, CaseIterable {
        case overdue, unsatisfied, keyItemOpen = "key_item_open"
        /// A key suggestion (重点建议) not done, whatever its deadline.
        case keySuggestionOpen = "key_suggestion_open"
        /// A B answer whose promised date passed before it was reported done.
        case followUpOverdue = "follow_up_overdue"

        public var label: String {
            switch self {
            case .overdue: "逾期未办结"
            case .unsatisfied: "评价不满意"
            case .keyItemOpen: "重点件未办结"
            case .keySuggestionOpen: "重点建议未办成"
            case .followUpOverdue: "承诺事项逾期未办成"
            }
        }
    }
}
