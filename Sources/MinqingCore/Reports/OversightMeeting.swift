import Foundation

/// A quarter's oversight meeting (督办会议): the worker schedules it with the list; staff record what was
/// discussed and decided.
public struct OversightMeeting: Sendable {
    public let quarter: String
    public let meetingDate: String
    public let notes: String?
    public let decisions: String?
    public let updatedAt: Date
}
