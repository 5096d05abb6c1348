import Foundation

/// A department's reply: the outcome (A solved or adopted, B being solved or planned, C cannot be done now),
/// the letter's text, and for a representative's suggestion the promised date of a B reply and an
/// optional attachment (the formal reply letter, 答复函).
public struct ReplyLetter: Sendable, Equatable {
    public var outcome: ReplyOutcome
    public var text: String
    /// `yyyy-MM-dd`, local.
    public var promisedOn: String?
    public var attachmentURL: String?

    public init(outcome: ReplyOutcome, text: String, promisedOn: String? = nil, attachmentURL: String? = nil) {
        (self.outcome, self.text, self.promisedOn, self.attachmentURL) = (outcome, text, promisedOn, attachmentURL)
    }
}

extension HandlingSubject.Kind {
    /// What a reply on a subject of this kind must carry: a suggestion's B reply promises a date (it is
    /// followed until done, and the date is when it is overdue); a promised date belongs to a B reply only.
    public func check(_ letter: ReplyLetter) throws(DomainError) {
        if letter.outcome == .planned, self == .suggestion, letter.promisedOn == nil {
            throw .invalid("promised_on", "is required for a planned (B) reply to a suggestion")
        }
        if letter.outcome != .planned, letter.promisedOn != nil {
            throw .invalid("promised_on", "belongs to a planned (B) reply only")
        }
    }

    /// Whether the subject waits for its co-handlers before it is answered: a suggestion's lead reply
    /// answers it once every co-handler of the round has replied or is past its deadline (the lead
    /// department's letter speaks for all); a submission is replied when its leads have.
    public var waitsForCoHandlers: Bool { self == .suggestion }
}
