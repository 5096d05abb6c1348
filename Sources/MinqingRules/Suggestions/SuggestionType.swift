/// The four forms a representative's suggestion takes.
public enum SuggestionType: String, Sendable, CaseIterable, Codable {
    /// 议案
    case proposal
    /// 建议
    case suggestion
    /// 批评
    case criticism
    /// 意见
    case opinion
}

extension SuggestionType {
    /// The kind of resident input the suggestion is filed as when review treats it as an ordinary letter.
    public var letterKind: SubmissionKind {
        switch self {
        case .proposal, .suggestion: .suggestion
        case .criticism, .opinion: .opinion
        }
    }
}
