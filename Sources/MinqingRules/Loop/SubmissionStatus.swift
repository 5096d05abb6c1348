/// Where a submission is in the closed loop.
public enum SubmissionStatus: String, Sendable, CaseIterable, Codable {
    case submitted, accepted, rejected, merged, assigned, replied, closed, reopened

    /// Finished for good: no client action moves it any more (only the year-end spot check reopens a closed
    /// one). Read off ``SubmissionStateMachine``'s table, so the set cannot drift from it.
    public static let terminal = Set(allCases.filter { SubmissionStateMachine.allowedActions(from: $0).isEmpty })
    /// Still being worked on (a merge target must be open; key items on the oversight list are open).
    public static let open: Set<SubmissionStatus> = Set(allCases).subtracting(terminal)

    public var isOpen: Bool { Self.open.contains(self) }
}

extension Set where Element: RawRepresentable, Element.RawValue == String {
    /// The raw values in a stable order, for binding a status set into SQL (`status = ANY(…)`).
    public var rawValues: [String] { map(\.rawValue).sorted() }
}
