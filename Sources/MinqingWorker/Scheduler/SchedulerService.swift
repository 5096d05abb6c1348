import Logging
import ServiceLifecycle

/// The daemon loop: one scheduler pass every poll interval until graceful shutdown.
///
/// A job that is running when shutdown begins finishes (or loses its lease and is rescued by a replica);
/// no new job is claimed after the signal.
public struct SchedulerService: Service {
    let scheduler: Scheduler
    let pollInterval: Duration
    let logger: Logger

    public init(scheduler: Scheduler, pollInterval: Duration, logger: Logger) {
        self.scheduler = scheduler
        self.pollInterval = pollInterval
        self.logger = logger
    }

    public func run() async throws {
        logSchedule()
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let report = try await scheduler.pass()
                if report != Scheduler.PassReport() {
                    logger.debug(
                        "scheduler pass",
                        metadata: [
                            "enqueued": "\(report.enqueued)", "rescued": "\(report.rescued)",
                            "succeeded": "\(report.succeeded)", "failed": "\(report.failed)",
                        ])
                }
            } catch {
                logger.error("scheduler pass failed; retrying next poll", metadata: ["error": "\(String(reflecting: error))"])
            }
            try? await gracefulShutdown(orSleep: pollInterval)
        }
        logger.info("scheduler stopped")
    }

    /// Sleeps for `duration`, returning early when graceful shutdown begins.
    private func gracefulShutdown(orSleep duration: Duration) async throws {
        try await cancelWhenGracefulShutdown { try await Task.sleep(for: duration) }
    }

    private func logSchedule() {
        let now = scheduler.clock.now()
        for kind in scheduler.kinds {
            let next = kind.schedule.next(after: now, in: scheduler.calendar)
            logger.info(
                "scheduled job",
                metadata: [
                    "job.kind": "\(kind.name)", "job.policy": "\(kind.policy.rawValue)",
                    "job.next_period": "\(next.key)", "job.next_at": "\(next.nominal.formatted(.iso8601))",
                ])
        }
    }
}
