import Foundation
import MinqingCore
import MinqingRules
import PostgresNIO

/// A periodic job: what it is called, when it takes effect, and what it does for one period.
///
/// `run` executes inside the transaction that also marks the period finished, so its writes commit if
/// and only if this runner still owns the lease.
public struct JobKind: Sendable {
    public typealias Body = @Sendable (JobContext, PostgresConnection) async throws -> Void

    public let name: String
    public let schedule: Schedule
    public let policy: CatchUpPolicy
    public let maxAttempts: Int
    public let lease: Duration
    public let run: Body

    public init(
        name: String,
        schedule: Schedule,
        policy: CatchUpPolicy,
        maxAttempts: Int = 5,
        lease: Duration = .seconds(60),
        run: @escaping Body
    ) {
        precondition(maxAttempts > 0 && lease > .zero)
        self.name = name
        self.schedule = schedule
        self.policy = policy
        self.maxAttempts = maxAttempts
        self.lease = lease
        self.run = run
    }

    /// The same kind with another lease (MINQING_JOB_LEASE_SECONDS).
    public func leased(for lease: Duration) -> JobKind {
        JobKind(name: name, schedule: schedule, policy: policy, maxAttempts: maxAttempts, lease: lease, run: run)
    }
}

/// What a job knows about the period it runs for.
public struct JobContext: Sendable {
    public let kind: String
    public let periodKey: String
    public let nominalAt: Date
    public let attempt: Int
    public let clock: AppClock
    public let calendar: LocalCalendar
    public let logger: Logger
}
