import Foundation

/// A region's oversight meeting (督办会议) of a quarter: the worker schedules it with the region's list; its
/// staff record what was discussed and decided.
public struct OversightMeeting: Sendable {
    public let regionID: UUID
    public let quarter: String
    public let meetingDate: String
    public let notes: String?
    public let decisions: String?
    public let updatedAt: Date
}
