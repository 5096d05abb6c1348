import Foundation
import MinqingRules

/// 一年一评议: for one region, each of its departments' figures, weighted score, grade and rank, and the
/// spot-check draw's parameters (so anyone can redraw the samples).
public struct AnnualReport: ReportData {
    public static let kind = ReportStore.Kind.annual

    public var year: Int
    /// Best first.
    public var departments: [Department]
    public var spotCheckSeed: Int64
    /// How many submissions the year's samples hold.
    public var spotChecks: Int
    public var spotCheckShare: Double
    public var spotCheckMinimum: Int
    public var weights: Weights
    /// The year's graded handling per region of the subtree, for staff (absent from reports written before regions).
    public var regions: [RegionHandling]?
    /// Per region of the subtree, the year's suggestions and how many grew from residents' submissions
    /// (直接源自群众的比例); for staff (absent from reports written before suggestions).
    public var suggestionSources: [SuggestionSources]?
    /// Suggestions of the subtree closed on a C answer (因条件限制…), reviewed once a year: whether the
    /// conditions changed (for staff; absent from reports written before suggestions).
    public var explainedForReview: [ExplainedSuggestion]?

    public init(
        year: Int, departments: [Department], spotCheckSeed: Int64, spotChecks: Int, spotCheckShare: Double,
        spotCheckMinimum: Int, weights: Weights, regions: [RegionHandling]? = nil
    ) {
        (self.year, self.departments, self.spotCheckSeed, self.spotChecks) = (year, departments, spotCheckSeed, spotChecks)
        (self.spotCheckShare, self.spotCheckMinimum, self.weights, self.regions) = (spotCheckShare, spotCheckMinimum, weights, regions)
    }

    enum CodingKeys: String, CodingKey {
        case year, departments, spotCheckSeed = "spot_check_seed", spotChecks = "spot_checks"
        case spotCheckShare = "spot_check_share", spotCheckMinimum = "spot_check_minimum", weights, regions
        case suggestionSources = "suggestion_sources", explainedForReview = "explained_for_review"
    }

    public struct ExplainedSuggestion: Codable, Sendable, Equatable {
        public var number: String
        public var title: String
        public var regionID: UUID
        public var departmentID: UUID?
        public var closedAt: Date

        public init(number: String, title: String, regionID: UUID, departmentID: UUID?, closedAt: Date) {
            (self.number, self.title, self.regionID, self.departmentID, self.closedAt) = (number, title, regionID, departmentID, closedAt)
        }

        enum CodingKeys: String, CodingKey {
            case number, title, regionID = "region_id", departmentID = "department_id", closedAt = "closed_at"
        }
    }

    public struct SuggestionSources: Codable, Sendable, Equatable {
        public var regionID: UUID
        /// Submitted in the year (drafts not counted).
        public var suggestions: Int
        /// Of those, with at least one resident submission as source.
        public var fromResidents: Int
        /// `fromResidents ÷ suggestions`, three decimals.
        public var share: Double?

        public init(regionID: UUID, suggestions: Int, fromResidents: Int) {
            (self.regionID, self.suggestions, self.fromResidents) = (regionID, suggestions, fromResidents)
            share = ReportRounding.share(fromResidents, of: suggestions)
        }

        enum CodingKeys: String, CodingKey {
            case regionID = "region_id", suggestions, fromResidents = "from_residents", share
        }
    }

    /// Without the graded handling, which describes filings across all departments.
    public func withoutStaffParts() -> AnnualReport {
        var copy = self
        (copy.regions, copy.suggestionSources, copy.explainedForReview) = (nil, nil, nil)
        return copy
    }

    /// One department's year. Rates are rounded to three decimals, the average and the score to one.
    public struct Department: ReportDepartmentRow {
        public var departmentID: UUID
        public var departmentName: String
        public var assigned: Int
        public var replied: Int
        public var repliedOnTime: Int
        public var onTimeRate: Double?
        public var satisfied: Int
        public var basicallySatisfied: Int
        public var unsatisfied: Int
        public var unrated: Int
        public var satisfactionRate: Double?
        public var reopenRate: Double?
        public var averageWorkingDaysToReply: Double?
        public var extensions: Int
        public var escalations: Int
        public var score: Double?
        public var grade: Grade
        public var rank: Int
        /// The suggestions the department led in the year (absent from reports written before them).
        public var suggestions: SuggestionHandling?

        /// A department's row from its summed figures, its score (`RhythmPolicy.score`, unrounded), grade and rank.
        public init(
            departmentID: UUID, departmentName: String, figures f: DepartmentYearFigures.Increment, score: Double?,
            grade: Grade, rank: Int, suggestions: SuggestionHandling? = nil
        ) {
            self.suggestions = suggestions
            (self.departmentID, self.departmentName) = (departmentID, departmentName)
            (assigned, replied, repliedOnTime, onTimeRate) = (f.assigned, f.replied, f.repliedOnTime, f.onTimeRate.map(ReportRounding.rate))
            (satisfied, basicallySatisfied, unsatisfied, unrated) = (f.satisfied, f.basicallySatisfied, f.unsatisfied, f.unrated)
            (satisfactionRate, reopenRate) = (f.satisfactionRate.map(ReportRounding.rate), f.reopenRate.map(ReportRounding.rate))
            averageWorkingDaysToReply = f.averageWorkingDaysToReply.map(ReportRounding.tenths)
            (extensions, escalations) = (f.extensions, f.escalations)
            self.score = score.map(ReportRounding.tenths)
            (self.grade, self.rank) = (grade, rank)
        }

        enum CodingKeys: String, CodingKey {
            case departmentID = "department_id", departmentName = "department_name", assigned, replied
            case repliedOnTime = "replied_on_time", onTimeRate = "on_time_rate", satisfied
            case basicallySatisfied = "basically_satisfied", unsatisfied, unrated, satisfactionRate = "satisfaction_rate"
            case reopenRate = "reopen_rate", averageWorkingDaysToReply = "average_working_days_to_reply", extensions, escalations
            case score, grade, rank, suggestions
        }
    }

    public struct Weights: Codable, Sendable {
        public var onTime: Double
        public var satisfaction: Double
        public var reopen: Double
        /// Absent from reports written before suggestions were scored.
        public var suggestions: Double?

        public init(onTime: Double, satisfaction: Double, reopen: Double, suggestions: Double? = nil) {
            (self.onTime, self.satisfaction, self.reopen, self.suggestions) = (onTime, satisfaction, reopen, suggestions)
        }

        enum CodingKeys: String, CodingKey {
            case onTime = "on_time", satisfaction, reopen, suggestions
        }
    }
}
