/// GeoReport v2 knows two statuses: a request is `open` until it is resolved. A rejected item is closed too
/// (its reason is the status note); a merged one reports the status of the item it is handled with.
public enum Open311Status: String, Sendable, CaseIterable {
    case open, closed

    public init(_ status: SubmissionStatus) {
        self = Self.closing.contains(status) ? .closed : .open
    }

    /// The submission statuses each Open311 status stands for (for filtering).
    public var submissionStatuses: [SubmissionStatus] {
        SubmissionStatus.allCases.filter { Open311Status($0) == self }
    }

    static let closing: Set<SubmissionStatus> = [.closed, .rejected]
}
