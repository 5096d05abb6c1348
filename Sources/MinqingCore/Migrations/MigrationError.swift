/// Why the schema cannot be migrated or used.
public enum MigrationError: Error, CustomStringConvertible, Equatable {
    /// An applied migration's file changed since it was applied.
    case checksumMismatch(version: Int, name: String)
    /// The database records a migration this build does not know (a newer build migrated it).
    case unknownApplied(version: Int)

    public var description: String {
        switch self {
        case .checksumMismatch(let version, let name):
            "migration \(version) (\(name)) was changed after it was applied; "
                + "restore the original file and add a new migration instead"
        case .unknownApplied(let version):
            "the database has migration \(version) applied, which this build does not ship; run a newer build"
        }
    }
}
