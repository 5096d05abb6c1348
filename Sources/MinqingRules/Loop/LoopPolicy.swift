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

    public init(
        workingDays: [SubmissionKind: Int] = [.suggestion: 15, .opinion: 15, .complaint: 5, .help: 5, .inquiry: 3],
        maxRounds: Int = 2, intakePerAddressPerMinute: Int = 10, intakePerCodePerMinute: Int = 60
    ) {
        self.workingDays = workingDays
        self.maxRounds = maxRounds
        self.intakePerAddressPerMinute = intakePerAddressPerMinute
        self.intakePerCodePerMinute = intakePerCodePerMinute
    }

    public func defaultWorkingDays(for kind: SubmissionKind) -> Int { workingDays[kind] ?? 15 }

    /// Parses `opinion=15,suggestion=15,complaint=5,help=5,inquiry=3` (missing kinds keep their default).
    public static func parseWorkingDays(_ text: String) -> [SubmissionKind: Int]? {
        var result = LoopPolicy().workingDays
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let kind = SubmissionKind(rawValue: parts[0]), let days = Int(parts[1]), (1...120).contains(days)
            else { return nil }
            result[kind] = days
        }
        return result
    }
}
