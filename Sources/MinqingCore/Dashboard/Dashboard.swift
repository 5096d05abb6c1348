import Foundation
import MinqingRules

/// The dashboard (驾驶舱): one period's figures of a region, cut to the caller's reach. Each section is
/// absent where the caller has none (a department sees its own handling only; a representative what came
/// through him). The figures use the reports' definitions (README, "Dashboard"), so a month's equal the
/// monthly sheet's and a year's the annual report's.
public struct Dashboard: Sendable {
    public var regionID: UUID
    public var regionName: String
    public var period: Range<Date>
    public var intake: Intake?
    public var handling: Handling?
    public var suggestions: Suggestions?
    public var stations: Stations?
    public var representatives: [RepresentativeRecord]?
    public var hotWords: [HotWord]?

    /// Items in by kind and category: submissions filed in the region's subtree (where they were filed),
    /// suggestions made to its congresses, problems listed at its activities; closed in the period and still
    /// closed (submissions where they are handled now, like the graded handling).
    public struct Intake: Sendable {
        public var kinds: [KindCount]
        public var categories: [CategoryCount]
        /// Submissions filed by residents themselves through a code, and their share of all submissions.
        public var directFromResidents: Int
        public var directShare: Double
        /// Submissions per local week (Monday to Sunday) that overlaps the period, oldest first.
        public var weekly: [WeekCount]
    }

    public struct KindCount: Sendable, Equatable {
        public var kind: ItemTerms.Kind
        public var received: Int
        public var closed: Int
    }

    public struct CategoryCount: Sendable, Equatable {
        public var code: String
        public var name: String
        public var submissions: Int
        public var suggestions: Int
        public var problems: Int
        public var received: Int { submissions + suggestions + problems }
    }

    public struct WeekCount: Sendable, Equatable {
        /// The week's Monday, YYYY-MM-DD.
        public var week: String
        public var submissions: Int
    }

    /// The department side: the assignments made in the period to the departments of the subtree, and how
    /// they have been handled so far (the annual evaluation's definitions, `DepartmentYearFigures`), and
    /// the assignments overdue now.
    public struct Handling: Sendable {
        public var totals: DepartmentYearFigures.Increment
        public var overdueNow: Int
        /// By department, those with an assignment in the period or overdue now; by name.
        public var departments: [DepartmentFigures]
    }

    public struct DepartmentFigures: Sendable {
        public var departmentID: UUID
        public var departmentName: String
        public var figures: DepartmentYearFigures.Increment
        public var overdueNow: Int
    }

    /// The suggestions submitted in the period: how many grew from residents' submissions (直接源自群众), and
    /// their outcome so far.
    public struct Suggestions: Sendable, Equatable {
        public var submitted: Int
        public var fromResidents: Int
        public var share: Double?
        /// `solved`, `planned`, `explained` by the newest answer; `pending` while unanswered.
        public var byOutcome: [String: Int]
    }

    /// The stations at work: the monthly sheet's station figures summed over the subtree's active stations.
    public struct Stations: Sendable, Equatable {
        public var stations: Int
        public var receptions: Int
        public var slotsKept: Int
        public var slotsMissed: Int
        public var visitors: Int
    }
}
