import Foundation
import MinqingRules

/// 一月一跟踪: one tracking sheet per department with every assignment open at any time in the month,
/// the department's totals, and for staff the intake summary and the graded handling of the region's
/// subtree. A region's sheet has the sheets of its own departments; the intake counts its whole subtree.
public struct MonthlySheet: ReportData {
    public static let kind = ReportStore.Kind.monthly

    public var period: String
    public var from: Date
    public var to: Date
    public var departments: [Department]
    public var intake: IntakeSummary?
    /// Per region of the subtree with anything to count (absent from sheets written before regions).
    public var regions: [RegionHandling]?
    /// Per active station of the subtree, by name (absent from sheets written before duty rotas).
    public var stations: [StationMonth]?

    public init(
        period: String, from: Date, to: Date, departments: [Department], intake: IntakeSummary?, regions: [RegionHandling]? = nil,
        stations: [StationMonth]? = nil
    ) {
        (self.period, self.from, self.to, self.departments, self.intake) = (period, from, to, departments, intake)
        (self.regions, self.stations) = (regions, stations)
    }

    /// Without the intake summary, the graded handling and the stations, which describe filings across all
    /// departments.
    public func withoutStaffParts() -> MonthlySheet {
        var copy = self
        (copy.intake, copy.regions, copy.stations) = (nil, nil, nil)
        return copy
    }

    public struct Department: ReportDepartmentRow {
        public var departmentID: UUID
        public var departmentName: String
        public var items: [Item]
        public var totals: Totals
        /// The department's B answers to suggestions whose promised date passed by the month's end while
        /// they were not yet done (absent from sheets written before suggestions).
        public var overdueFollowUps: [FollowUp]?

        public init(
            departmentID: UUID, departmentName: String, items: [Item] = [], totals: Totals = Totals(), overdueFollowUps: [FollowUp]? = nil
        ) {
            (self.departmentID, self.departmentName, self.items, self.totals) = (departmentID, departmentName, items, totals)
            self.overdueFollowUps = overdueFollowUps
        }

        enum CodingKeys: String, CodingKey {
            case departmentID = "department_id", departmentName = "department_name", items, totals
            case overdueFollowUps = "overdue_follow_ups"
        }
    }

    /// 从"答复"到"办成": a promised B answer not reported done by its date.
    public struct FollowUp: Codable, Sendable {
        public var number: String
        public var title: String
        public var promisedOn: String

        public init(number: String, title: String, promisedOn: String) {
            (self.number, self.title, self.promisedOn) = (number, title, promisedOn)
        }

        enum CodingKeys: String, CodingKey {
            case number, title, promisedOn = "promised_on"
        }
    }

    public struct Item: Codable, Sendable {
        public var receiptNo: String
        public var title: String
        public var category: String
        public var assignedAt: Date
        public var dueAt: Date
        public var stateAtMonthEnd: AssignmentStatus
        public var workingDaysOverdue: Int
        public var remindersSent: Int
        public var latestProgress: String?

        public init(
            receiptNo: String, title: String, category: String, assignedAt: Date, dueAt: Date,
            stateAtMonthEnd: AssignmentStatus, workingDaysOverdue: Int, remindersSent: Int, latestProgress: String?
        ) {
            (self.receiptNo, self.title, self.category, self.assignedAt, self.dueAt) = (receiptNo, title, category, assignedAt, dueAt)
            (self.stateAtMonthEnd, self.workingDaysOverdue, self.remindersSent, self.latestProgress) =
                (stateAtMonthEnd, workingDaysOverdue, remindersSent, latestProgress)
        }

        enum CodingKeys: String, CodingKey {
            case receiptNo = "receipt_no", title, category, assignedAt = "assigned_at", dueAt = "due_at"
            case stateAtMonthEnd = "state_at_month_end", workingDaysOverdue = "working_days_overdue"
            case remindersSent = "reminders_sent", latestProgress = "latest_progress"
        }
    }

    public struct Totals: Codable, Sendable {
        public var received = 0, replied = 0, repliedOnTime = 0, overdue = 0

        public init() {}

        enum CodingKeys: String, CodingKey {
            case received, replied, repliedOnTime = "replied_on_time", overdue
        }
    }

    /// Submissions received in the month by category, station and channel, and the share filed directly by
    /// residents through a code (the figure Xiaoshan tracked, 73.1% → 95.8%).
    public struct IntakeSummary: Codable, Sendable {
        public var received: Int
        public var directFromResidents: Int
        /// Rounded to three decimals; 0 for an empty month.
        public var directShare: Double
        public var byCategory: [Count]
        public var byStation: [Count]
        public var byChannel: [Count]

        public init(received: Int, directFromResidents: Int, byCategory: [Count], byStation: [Count], byChannel: [Count]) {
            (self.received, self.directFromResidents) = (received, directFromResidents)
            directShare = ReportRounding.share(directFromResidents, of: received) ?? 0
            (self.byCategory, self.byStation, self.byChannel) = (byCategory, byStation, byChannel)
        }

        enum CodingKeys: String, CodingKey {
            case received, directFromResidents = "direct_from_residents", directShare = "direct_share"
            case byCategory = "by_category", byStation = "by_station", byChannel = "by_channel"
        }
    }

    public struct Count: Codable, Sendable {
        public var key: String
        public var count: Int

        public init(key: String, count: Int) {
            (self.key, self.count) = (key, count)
        }
    }
}
