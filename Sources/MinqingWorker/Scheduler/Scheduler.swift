import Foundation
import MinqingCore
import MinqingRules
import PostgresNIO

/// The scheduler engine: enqueues due periods, rescues expired leases and runs claimed periods.
///
/// Guarantees (docs/ARCHITECTURE.md): a period is inserted once (primary key), claimed by one runner at a
/// time (SKIP LOCKED + lease), and its effects commit together with the compare-and-set that marks it
/// succeeded, so it takes effect exactly once across replicas, restarts and crashes.
public struct Scheduler: Sendable {
    public let kinds: [JobKind]
    let ledger: Ledger
    let clock: AppClock
    /// The clock leases are taken and judged by: the real one when an operator acts as of another instant
    /// (`tick --now`), so a killed tick's lease expires in real time and a running daemon can rescue it.
    let leaseClock: AppClock
    let calendar: LocalCalendar
    let owner: String
    let logger: Logger
    let backoff: Backoff
    /// Most periods one kind enqueues in one pass; a longer gap is caught up over several passes.
    let catchUpLimit: Int

    public init(
        kinds: [JobKind],
        database: Database,
        clock: AppClock,
        leaseClock: AppClock? = nil,
        calendar: LocalCalendar,
        owner: String = Scheduler.defaultOwner(),
        logger: Logger,
        backoff: Backoff = Backoff(),
        catchUpLimit: Int = 1000
    ) {
        precondition(Set(kinds.map(\.name)).count == kinds.count, "job kind names must be unique")
        self.kinds = kinds
        self.ledger = Ledger(database: database, logger: logger)
        self.clock = clock
        self.leaseClock = leaseClock ?? clock
        self.calendar = calendar
        self.owner = owner
        self.logger = logger
        self.backoff = backoff
        self.catchUpLimit = catchUpLimit
    }

    public static func defaultOwner() -> String {
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UInt16.random(in: 0...UInt16.max))"
    }

    /// What one pass did.
    public struct PassReport: Sendable, Equatable {
        public var enqueued = 0
        public var rescued = 0
        public var succeeded = 0
        public var failed = 0
        public var leaseLost = 0
    }

    /// One full pass as of the clock's now: schedule, rescue, then run everything due.
    @discardableResult
    public func pass() async throws -> PassReport {
        var report = PassReport()
        report.enqueued = try await scheduleDue()
        report.rescued = try await ledger.rescueExpired(now: clock.now(), leaseNow: leaseClock.now()).count
        while let outcome = try await runNext() {
            switch outcome {
            case .succeeded: report.succeeded += 1
            case .failed: report.failed += 1
            case .leaseLost: report.leaseLost += 1
            }
        }
        return report
    }

    /// Enqueues the periods that have come due since each kind's cursor, per its catch-up policy.
    @discardableResult
    public func scheduleDue() async throws -> Int {
        let now = clock.now()
        var total = 0
        for kind in kinds {
            let due = try await dueOccurrences(of: kind, now: now)
            guard !due.isEmpty else { continue }
            let inserted = try await ledger.enqueue(kind: kind, occurrences: due, now: now)
            if inserted > 0 {
                logger.info(
                    "enqueued periods",
                    metadata: [
                        "job.kind": "\(kind.name)", "job.count": "\(inserted)", "job.newest": "\(due.last!.key)",
                    ])
            }
            total += inserted
        }
        return total
    }

    func dueOccurrences(of kind: JobKind, now: Date) async throws -> [Occurrence] {
        let latest = kind.schedule.latest(atOrBefore: now, in: calendar)
        // A kind seen for the first time starts with its latest period.
        guard let cursor = try await ledger.cursor(of: kind.name) else { return [latest] }
        guard latest.nominal > cursor else { return [] }
        switch kind.policy {
        case .latestOnly:
            return [latest]
        case .all:
            return kind.schedule.occurrences(after: cursor, through: now, in: calendar, limit: catchUpLimit)
        }
    }

    enum Outcome { case succeeded, failed, leaseLost }

    struct LeaseLost: Error {}

    /// Claims and runs one due period; nil when nothing is due.
    func runNext() async throws -> Outcome? {
        let leases = Dictionary(uniqueKeysWithValues: kinds.map { ($0.name, $0.lease) })
        guard
            let claim = try await ledger.claim(
                kinds: kinds.map(\.name), owner: owner, leases: leases, now: clock.now(), leaseNow: leaseClock.now()),
            let kind = kinds.first(where: { $0.name == claim.kind })
        else { return nil }
        return try await run(claim, of: kind)
    }

    func run(_ claim: Ledger.Claim, of kind: JobKind) async throws -> Outcome {
        var jobLogger = logger
        jobLogger[metadataKey: "job.kind"] = "\(claim.kind)"
        jobLogger[metadataKey: "job.period"] = "\(claim.periodKey)"
        jobLogger[metadataKey: "job.attempt"] = "\(claim.attempt)"
        let context = JobContext(
            kind: claim.kind, periodKey: claim.periodKey, nominalAt: claim.nominalAt, attempt: claim.attempt,
            clock: clock, calendar: calendar, logger: jobLogger
        )
        let heartbeat = Task { await keepLeaseAlive(claim, lease: kind.lease) }
        defer { heartbeat.cancel() }
        do {
            try await ledger.database.withTransaction(logger: jobLogger) { connection in
                // Jobs run one-off aggregates over months of rows: compiling them (JIT) cost more than it saved
                // (bench/worker at 1 M submissions: 1.2 s of compilation for the monthly sheet's SELECT).
                try await connection.query("SET LOCAL jit = off", logger: jobLogger)
                try await kind.run(context, connection)
                guard try await ledger.finish(claim, owner: owner, now: clock.now(), on: connection) else {
                    throw LeaseLost()
                }
            }
            jobLogger.info("job succeeded")
            return .succeeded
        } catch is LeaseLost {
            jobLogger.warning("job lost its lease; its writes were rolled back")
            return .leaseLost
        } catch {
            let message = String(reflecting: error)
            let retryAt = clock.now().addingTimeInterval(backoff.delay(afterAttempt: claim.attempt))
            jobLogger.error("job failed", metadata: ["error": "\(message)"])
            try await ledger.fail(claim, owner: owner, error: message, retryAt: retryAt, now: clock.now())
            return .failed
        }
    }

    /// Extends the lease every third of its length until cancelled or lost.
    private func keepLeaseAlive(_ claim: Ledger.Claim, lease: Duration) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: lease / 3)
            guard !Task.isCancelled else { return }
            do {
                guard try await ledger.heartbeat(claim, owner: owner, lease: lease, now: leaseClock.now()) else { return }
            } catch {
                logger.warning("lease heartbeat failed", metadata: ["error": "\(String(reflecting: error))"])
            }
        }
    }

    /// Recent ledger rows, newest first (for `minqing-worker status`).
    public func ledgerEntries(limit: Int = 100) async throws -> [LedgerEntry] {
        try await ledger.entries(limit: limit)
    }

    /// Each kind's schedule cursor: the nominal time of the newest period it has enqueued.
    public func cursors() async throws -> [(kind: String, lastNominalAt: Date)] {
        try await ledger.cursors()
    }
}
