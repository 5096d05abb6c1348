/// The database cannot serve a request now: no connection could be had within the deadline, or the
/// connection failed. The API answers 503 `database_unavailable` with `Retry-After`; the worker logs a
/// warning and tries again on its next pass.
public struct DatabaseUnavailable: Error, Sendable, CustomStringConvertible {
    public let reason: String

    public init(reason: String) {
        self.reason = reason
    }

    public var description: String { "database unavailable: \(reason)" }
}
