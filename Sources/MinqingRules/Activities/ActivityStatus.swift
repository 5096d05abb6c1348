/// Where an activity stands: planned → held → closed, or cancelled before it is held.
public enum ActivityStatus: String, Sendable, CaseIterable, Codable {
    case planned, held, closed, cancelled

    /// Read-only: nothing changes an activity any more.
    public var isFinished: Bool { self == .closed || self == .cancelled }
}
