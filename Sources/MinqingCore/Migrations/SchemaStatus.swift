/// How the database's schema compares to the migrations this build ships.
public enum SchemaStatus: Sendable, Equatable {
    case current(version: Int)
    case behind(pending: [Migration])
    case invalid(MigrationError)

    public var isCurrent: Bool {
        if case .current = self { return true }
        return false
    }

    /// One sentence for logs, `/readyz` and the refusal to start.
    public var summary: String {
        switch self {
        case .current(let version):
            "schema is current at migration \(version)"
        case .behind(let pending):
            "schema is behind: \(pending.count) pending migration(s) (\(pending.map(\.label).joined(separator: ", "))); "
                + "run `minqing-api migrate`"
        case .invalid(let error):
            "schema is unusable: \(error)"
        }
    }
}
