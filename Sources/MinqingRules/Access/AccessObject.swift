/// The kinds of object an operation's path names (`{id}`, `{code}`) whose reach the scope decides.
public enum AccessObject: String, Sendable, CaseIterable {
    case submission, assignment, observer, code, station, representative, department, webhookEndpoint, user, suggestion, session, activity,
        problem, rotaSlot
    /// A representative's own record: he reads it himself, like staff and leaders of his region.
    case representativeRecord
}
