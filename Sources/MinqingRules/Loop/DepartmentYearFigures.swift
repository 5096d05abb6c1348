import Foundation

/// The year-end evaluation's per-department figures, kept as the work happens (一年一评议 reads them).
///
/// One row per (year, department), the year being the local year in which the assignment was made. Each
/// loop action that changes a figure adds its increment here, in its own transaction, so the figures are
/// exact without reading a year of assignments at year end. The definitions live in this file:
/// - assigned: an assignment was made (lead or co-handler);
/// - replied / replied on time: the department replied, on time when not after the due time then in force;
/// - reply working days: the working days the reply took (`WorkingCalendar.workingDays`), summed and counted;
/// - satisfied / basically satisfied / unsatisfied: the round's rating, for each lead assignment of the round;
/// - lead replies and rated lead replies: unrated = lead replies whose round was never rated;
/// - extensions: approved extensions; escalations: lead assignments moved up the tree.
/// Migration 0006 built the rows from the assignments that existed then; `WholeYearTests` checks the
/// figures against a recount from the assignments.
public enum DepartmentYearFigures {
    public struct Increment: Sendable, Equatable {
        public var assigned = 0, replied = 0, repliedOnTime = 0, satisfied = 0, basicallySatisfied = 0, unsatisfied = 0
        public var leadReplies = 0, ratedLeadReplies = 0, extensions = 0, escalations = 0
        public var replyWorkingDays = 0, repliesTimed = 0

        public init() {}

        public static func assignment() -> Increment {
            var i = Increment()
            i.assigned = 1
            return i
        }

        public static func reply(onTime: Bool, lead: Bool, workingDays: Int) -> Increment {
            var i = Increment()
            (i.replied, i.repliedOnTime, i.leadReplies) = (1, onTime ? 1 : 0, lead ? 1 : 0)
            (i.replyWorkingDays, i.repliesTimed) = (workingDays, 1)
            return i
        }

        /// The round's rating on one of its lead assignments (`replied`: that lead had replied).
        public static func rating(_ rating: Rating, replied: Bool) -> Increment {
            var i = Increment()
            switch rating {
            case .satisfied: i.satisfied = 1
            case .basicallySatisfied: i.basicallySatisfied = 1
            case .unsatisfied: i.unsatisfied = 1
            }
            i.ratedLeadReplies = replied ? 1 : 0
            return i
        }

        public static func extensionApproved() -> Increment {
            var i = Increment()
            i.extensions = 1
            return i
        }
        public static func escalation() -> Increment {
            var i = Increment()
            i.escalations = 1
            return i
        }

        public static func += (a: inout Increment, b: Increment) {
            a.assigned += b.assigned
            a.replied += b.replied
            a.repliedOnTime += b.repliedOnTime
            a.satisfied += b.satisfied
            a.basicallySatisfied += b.basicallySatisfied
            a.unsatisfied += b.unsatisfied
            a.leadReplies += b.leadReplies
            a.ratedLeadReplies += b.ratedLeadReplies
            a.extensions += b.extensions
            a.escalations += b.escalations
            a.replyWorkingDays += b.replyWorkingDays
            a.repliesTimed += b.repliesTimed
        }
    }
}

/// The rates the evaluation derives from a year's summed figures; nil where there is nothing to divide by.
extension DepartmentYearFigures.Increment {
    public var rated: Int { satisfied + basicallySatisfied + unsatisfied }
    public var unrated: Int { leadReplies - ratedLeadReplies }
    public var onTimeRate: Double? { assigned == 0 ? nil : Double(repliedOnTime) / Double(assigned) }
    public var satisfactionRate: Double? { rated == 0 ? nil : Double(satisfied + basicallySatisfied) / Double(rated) }
    public var reopenRate: Double? { rated == 0 ? nil : Double(unsatisfied) / Double(rated) }
    public var averageWorkingDaysToReply: Double? { repliesTimed == 0 ? nil : Double(replyWorkingDays) / Double(repliesTimed) }

    /// The weighted score of `RhythmPolicy`.
    public func score(_ policy: RhythmPolicy, suggestions: SuggestionHandling? = nil) -> Double? {
        policy.score(onTimeRate: onTimeRate, satisfactionRate: satisfactionRate, reopenRate: reopenRate, suggestionRate: suggestions?.rate)
    }
}

/// A department's handling of the representatives' suggestions it led in a year (代表建议办理), the part of the
/// annual score with its own weight (`RhythmPolicy.weightSuggestions`).
public struct SuggestionHandling: Sendable, Equatable, Codable {
    public var leadAssignments = 0
    public var repliedOnTime = 0
    public var rated = 0
    /// Satisfied or basically satisfied lead representatives.
    public var satisfied = 0
    /// Replies sent without a contact before them (办前联系): accepted, and flagged here, not scored.
    public var repliedWithoutContact = 0

    public init(leadAssignments: Int = 0, repliedOnTime: Int = 0, rated: Int = 0, satisfied: Int = 0, repliedWithoutContact: Int = 0) {
        (self.leadAssignments, self.repliedOnTime, self.rated, self.satisfied) = (leadAssignments, repliedOnTime, rated, satisfied)
        self.repliedWithoutContact = repliedWithoutContact
    }

    /// The mean of the on-time share and the satisfaction share, over the shares that have data.
    public var rate: Double? {
        let shares = [
            leadAssignments == 0 ? nil : Double(repliedOnTime) / Double(leadAssignments),
            rated == 0 ? nil : Double(satisfied) / Double(rated),
        ].compactMap { $0 }
        return shares.isEmpty ? nil : shares.reduce(0, +) / Double(shares.count)
    }

    enum CodingKeys: String, CodingKey {
        case leadAssignments = "lead_assignments", repliedOnTime = "replied_on_time", rated, satisfied
        case repliedWithoutContact = "replied_without_contact"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            leadAssignments: try c.decode(Int.self, forKey: .leadAssignments),
            repliedOnTime: try c.decode(Int.self, forKey: .repliedOnTime),
            rated: try c.decode(Int.self, forKey: .rated), satisfied: try c.decode(Int.self, forKey: .satisfied),
            // snapshots written before the flag was kept
            repliedWithoutContact: try c.decodeIfPresent(Int.self, forKey: .repliedWithoutContact) ?? 0)
    }
}
