import Foundation

/// The configurable rules of the loop (README, "Configuration").
public struct LoopPolicy: Sendable, Equatable {
    /// Default handling time per kind, in working days.
    public var workingDays: [SubmissionKind: Int]
    /// After this many rounds an unsatisfied rating requires escalation instead of a plain re-assignment.
    public var maxRounds: Int
    /// Intake limits per minute; 0 disables a limit.
    public var intakePerAddressPerMinute: Int
    public var intakePerCodePerMinute: Int
    /// Representatives' suggestions: the months a department has (答复期限, three by law), the most the
    /// term may reach with extensions, and the term of a re-handling round (重办).
    public var suggestionMonths: Int
    public var suggestionMaxMonths: Int
    public var rehandlingMonths: Int
    /// When an activity's code files into it.
    public var activityCodeWindow: ActivityCodeWindow
    /// The months a department has to answer an activity's problem in writing (议事会举行3个月后…复函).
    public var problemMonths: Int

    public init(
        workingDays: [SubmissionKind: Int] = [.suggestion: 15, .opinion: 15, .complaint: 5, .help: 5, .inquiry: 3],
        maxRounds: Int = 2, intakePerAddressPerMinute: Int = 10, intakePerCodePerMinute: Int = 60,
        suggestionMonths: Int = 3, suggestionMaxMonths: Int = 6, rehandlingMonths: Int = 1,
        activityCodeWindow: ActivityCodeWindow = ActivityCodeWindow(), problemMonths: Int = 3
    ) {
        self.workingDays = workingDays
        self.maxRounds = maxRounds
        self.intakePerAddressPerMinute = intakePerAddressPerMinute
        self.intakePerCodePerMinute = intakePerCodePerMinute
        self.suggestionMonths = suggestionMonths
        self.suggestionMaxMonths = suggestionMaxMonths
        self.rehandlingMonths = rehandlingMonths
        self.activityCodeWindow = activityCodeWindow
        self.problemMonths = problemMonths
    }

    /// The longest single extension in working days (a month term is capped by ``suggestionMaxMonths``).
    public static let maxExtensionWorkingDays = 60

    /// Refuses an extension request in the wrong unit, or one that would take a month term past
    /// ``suggestionMaxMonths`` in all (422 naming the unit's field).
    public func checkExtension(of term: HandlingTerm, by more: Int, unit: HandlingTerm.Unit) throws(DomainError) {
        guard unit == term.unit else {
            throw .invalid(unit.rawValue, "this assignment's term is in \(term.unit.rawValue); ask in that unit")
        }
        switch term {
        case .workingDays:
            guard (1...Self.maxExtensionWorkingDays).contains(more) else {
                throw .invalid(unit.rawValue, "must be between 1 and \(Self.maxExtensionWorkingDays)")
            }
        case .months(let months):
            guard more >= 1, months + more <= suggestionMaxMonths else {
                throw .invalid(unit.rawValue, "the term may reach at most \(suggestionMaxMonths) months in all (now \(months))")
            }
        }
    }

    public func defaultWorkingDays(for kind: SubmissionKind) -> Int { workingDays[kind] ?? 15 }

    /// Parses `opinion=15,suggestion=15,complaint=5,help=5,inquiry=3` (missing kinds keep their default).
    public static func parseWorkingDays(_ text: String) -> [SubmissionKind: Int]? {
        guard let pairs = NamedValues.parse(text) else { return nil }
        var result = LoopPolicy().workingDays
        for (name, value) in pairs {
            guard let kind = SubmissionKind(rawValue: name), let days = Int(value), (1...120).contains(days) else { return nil }
            result[kind] = days
        }
        return result
    }
}
