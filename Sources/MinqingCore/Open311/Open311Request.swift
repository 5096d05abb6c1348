import Foundation
import MinqingRules

/// A filing through the Open311 facade as GeoReport v2 reports it: never contact data. A merged item
/// reports the status, department and replies of the item it is handled with.
public struct Open311Request: Sendable {
    public var receiptNo: String
    public var kind: SubmissionKind
    /// The status it reports: its own, or for a merged item the other item's.
    public var status: SubmissionStatus
    public var ownStatus: SubmissionStatus
    public var category: String
    public var categoryName: String
    public var description: String
    /// The lead department's name.
    public var agency: String?
    public var requestedAt: Date
    public var updatedAt: Date
    /// The current round's lead assignment's due time.
    public var expectedAt: Date?
    public var address: String?
    public var latitude: Double?
    public var longitude: Double?
    public var mediaURL: String?
    public var keyID: UUID
    /// What its status note is made of: the newest reply, the close reason, the rejection's note, the item
    /// it was merged into.
    public var latestReply: String?
    public var closeReason: String?
    public var rejectionNote: String?
    public var mergedInto: String?
}

/// Which Open311 filings `GET /requests` lists: a key's own (nil: every key's, for the public view), by receipt numbers (which override the rest),
/// or by service codes, statuses and a requested-time window, a page at a time.
public struct Open311RequestFilter: Sendable {
    public var keyID: UUID?
    public var receiptNos: [String]?
    public var categories: [String]?
    public var statuses: [Open311Status]?
    public var window: ClosedRange<Date>
    public var offset: Int
    public var limit: Int

    public init(
        keyID: UUID?, receiptNos: [String]? = nil, categories: [String]? = nil, statuses: [Open311Status]? = nil,
        window: ClosedRange<Date>, offset: Int = 0, limit: Int = Open311Window.maxPageSize
    ) {
        (self.keyID, self.receiptNos, self.categories, self.statuses) = (keyID, receiptNos, categories, statuses)
        (self.window, self.offset, self.limit) = (window, offset, limit)
    }
}
