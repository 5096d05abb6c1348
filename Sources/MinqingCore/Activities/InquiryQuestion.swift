import Foundation

/// A question put at an inquiry (专题询问), by a representative, to the official who answered it.
public struct InquiryQuestion: Sendable, Codable, Equatable {
    public var question: String
    /// The representative who asked, by name.
    public var askedBy: String?
    public var officialName: String
    public var officialTitle: String?
    public var departmentID: UUID?
    public var answer: String?

    public init(
        question: String, askedBy: String? = nil, officialName: String, officialTitle: String? = nil, departmentID: UUID? = nil,
        answer: String? = nil
    ) {
        (self.question, self.askedBy, self.officialName, self.officialTitle) = (question, askedBy, officialName, officialTitle)
        (self.departmentID, self.answer) = (departmentID, answer)
    }

    enum CodingKeys: String, CodingKey {
        case question, answer
        case askedBy = "asked_by"
        case officialName = "official_name"
        case officialTitle = "official_title"
        case departmentID = "department_id"
    }
}
