import Foundation
import MinqingRules

/// 民情专报: a region's month for its leaders — the month's figures (the dashboard's), the top hot words
/// and their change, the largest clusters, the key items and where they are, the departments overdue at
/// the month's end and the items referred up. Written once after the month ends.
public struct MonthlyDigest: ReportData {
    public static let kind = ReportStore.Kind.digest

    public var period: String
    public var from: Date
    public var to: Date
    public var figures: Figures
    public var hotWords: [Word]
    public var clusters: [Cluster]
    public var keyItems: [Item]
    /// Departments of the subtree with assignments overdue at the month's end, most first.
    public var departments: [OverdueDepartment]
    public var referredUp: [Item]

    public init(
        period: String, from: Date, to: Date, figures: Figures, hotWords: [Word], clusters: [Cluster], keyItems: [Item],
        departments: [OverdueDepartment], referredUp: [Item]
    ) {
        (self.period, self.from, self.to, self.figures, self.hotWords) = (period, from, to, figures, hotWords)
        (self.clusters, self.keyItems, self.departments, self.referredUp) = (clusters, keyItems, departments, referredUp)
    }

    enum CodingKeys: String, CodingKey {
        case period, from, to, figures, hotWords = "hot_words", clusters, keyItems = "key_items", departments
        case referredUp = "referred_up"
    }

    /// The month's dashboard figures (``Dashboard``).
    public struct Figures: Codable, Sendable, Equatable {
        public var submissions: Int
        public var suggestions: Int
        public var problems: Int
        public var closed: Int
        public var directShare: Double
        public var assigned: Int
        public var onTimeRate: Double?
        public var satisfactionRate: Double?
        public var averageWorkingDaysToReply: Double?
        public var overdue: Int
        public var receptions: Int

        public init(_ board: Dashboard) {
            let kinds = board.intake?.kinds ?? []
            func received(_ kind: ItemTerms.Kind) -> Int { kinds.first { $0.kind == kind }?.received ?? 0 }
            (submissions, suggestions, problems) = (received(.submission), received(.suggestion), received(.problem))
            closed = kinds.reduce(0) { $0 + $1.closed }
            directShare = board.intake?.directShare ?? 0
            let totals = board.handling?.totals ?? .init()
            assigned = totals.assigned
            (onTimeRate, satisfactionRate) = (totals.onTimeRate.map(ReportRounding.rate), totals.satisfactionRate.map(ReportRounding.rate))
            averageWorkingDaysToReply = totals.averageWorkingDaysToReply.map(ReportRounding.tenths)
            overdue = board.handling?.overdueNow ?? 0
            receptions = board.stations?.receptions ?? 0
        }

        enum CodingKeys: String, CodingKey {
            case submissions, suggestions, problems, closed, directShare = "direct_share", assigned, onTimeRate = "on_time_rate"
            case satisfactionRate = "satisfaction_rate", averageWorkingDaysToReply = "average_working_days_to_reply", overdue
            case receptions
        }
    }

    public struct Word: Codable, Sendable, Equatable {
        public var term: String
        public var items: Int
        public var change: Int

        public init(term: String, items: Int, change: Int) { (self.term, self.items, self.change) = (term, items, change) }
    }

    public struct Cluster: Codable, Sendable, Equatable {
        public var term: String
        public var commonTerms: [String]
        public var size: Int
        public var stations: Int

        public init(term: String, commonTerms: [String], size: Int, stations: Int) {
            (self.term, self.commonTerms, self.size, self.stations) = (term, commonTerms, size, stations)
        }

        enum CodingKeys: String, CodingKey {
            case term, commonTerms = "common_terms", size, stations
        }
    }

    /// A submission named in the digest: its receipt number, title and status when the digest was written
    /// (the morning of the 1st).
    public struct Item: Codable, Sendable, Equatable {
        public var receiptNo: String
        public var title: String
        public var status: String
        /// Referred up: to which region.
        public var toRegion: String?

        public init(receiptNo: String, title: String, status: String, toRegion: String? = nil) {
            (self.receiptNo, self.title, self.status, self.toRegion) = (receiptNo, title, status, toRegion)
        }

        enum CodingKeys: String, CodingKey {
            case receiptNo = "receipt_no", title, status, toRegion = "to_region"
        }
    }

    public struct OverdueDepartment: ReportDepartmentRow {
        public var departmentID: UUID
        public var departmentName: String
        public var overdue: Int

        public init(departmentID: UUID, departmentName: String, overdue: Int) {
            (self.departmentID, self.departmentName, self.overdue) = (departmentID, departmentName, overdue)
        }

        enum CodingKeys: String, CodingKey {
            case departmentID = "department_id", departmentName = "department_name", overdue
        }
    }
}
