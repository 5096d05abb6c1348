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
                logPassFailure(error, logger: logger, what: "scheduler pass")
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

/// A failed pass of a polling loop: an outage of the database (the loop goes on and recovers by itself) is a
/// warning; anything else is an error.
func logPassFailure(_ error: any Error, logger: Logger, what: String) {
    let metadata: Logger.Metadata = ["error": "\(String(reflecting: error))"]
    if error.isDatabaseUnavailable {
        logger.warning("\(what) failed: database unavailable; retrying next poll", metadata: metadata)
    } else {
        logger.error("\(what) failed; retrying next poll", metadata: metadata)
    }
}
