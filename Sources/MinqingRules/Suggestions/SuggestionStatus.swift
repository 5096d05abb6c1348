/// Where a representative's suggestion (代表建议) is (DOMAIN.md, "Suggestions").
public enum SuggestionStatus: String, Sendable, CaseIterable, Codable {
    case draft, submitted, accepted, preassigned, assigned, answered
    /// Answered with outcome B (正在解决或列入计划): followed until the department reports it done.
    case inFollowUp = "in_follow_up"
    case done, closed, reopened
    /// Treated as an ordinary letter (转为来信), closed as a suggestion.
    case converted

    /// No action moves it any more; read off ``SuggestionStateMachine``'s table.
    public static let terminal = Set(allCases.filter { (SuggestionStateMachine.transitions[$0] ?? [:]).isEmpty })
    public var isOpen: Bool { !Self.terminal.contains(self) }
}
