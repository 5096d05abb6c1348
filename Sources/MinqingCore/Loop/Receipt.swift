import Foundation

/// What a resident gets back after filing: the receipt number and the private tracking token.
public struct Receipt: Sendable, Codable, Equatable {
    public let id: UUID
    public let receiptNo: String
    public let trackingToken: String
    public let createdAt: Date
    public let expectedReplyWorkingDays: Int
}
