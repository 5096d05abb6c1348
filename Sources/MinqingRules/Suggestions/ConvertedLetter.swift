import Foundation

/// A suggestion that review treats as an ordinary letter (转为来信) is filed as a submission, within intake's
/// limits: a title of at most 100 characters and a text of 5 to 2,000. A longer body is cut with an ellipsis
/// (the suggestion keeps the whole text); a body too short to stand alone is led by the title.
public struct ConvertedLetter: Sendable, Equatable {
    public static let maxTitle = 100
    public static let maxContent = 2000
    static let minContent = 5

    public let title: String
    public let content: String

    public init(title: String, body: String) {
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        let body = body.trimmingCharacters(in: .whitespacesAndNewlines)
        self.title = String(title.prefix(Self.maxTitle))
        let text = body.count >= Self.minContent ? body : "\(title)：\(body)"
        self.content = text.count <= Self.maxContent ? text : String(text.prefix(Self.maxContent - 1)) + "…"
    }
}
