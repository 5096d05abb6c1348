/// Where a submission is in the closed loop.
public enum SubmissionStatus: String, Sendable, CaseIterable, Codable {
    case submitted, accepted, rejected, merged, assigned, replied, closed, reopened

    /// Finished for good: nothing but the year-end spot check moves a closed one again.
    public static let terminal: Set<SubmissionStatus> = [.rejected, .merged, .closed]
    /// Still being worked on (a merge target must be open; key items on the oversight list are open).
    public static let open: Set<SubmissionStatus> = Set(allCases).subtracting(terminal)

    public var isOpen: Bool { Self.open.contains(self) }
}

extension Set where Element: RawRepresentable, Element.RawValue == String {
    /// The raw values in a stable order, for binding a status set into SQL (`status = ANY(…)`).
    public var rawValues: [String] { map(\.rawValue).sorted() }
}
