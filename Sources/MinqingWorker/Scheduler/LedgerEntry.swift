import Foundation

/// One row of the period ledger as `minqing-worker status` prints it.
public struct LedgerEntry: Sendable {
    public let kind: String
    public let periodKey: String
    public let state: JobRunState
    public let attempt: Int
    public let maxAttempts: Int
    public let nominalAt: Date
    public let finishedAt: Date?
    public let lastError: String?
}
