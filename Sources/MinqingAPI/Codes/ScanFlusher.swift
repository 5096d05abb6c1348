import Logging
import MinqingCore
import ServiceLifecycle

/// Writes the API's counted scans (``ScanTally``) every few seconds (MINQING_SCAN_FLUSH_SECONDS) and once more
/// when the process shuts down gracefully. Runs before the database client in the service group, so its last
/// flush still has a pool.
struct ScanFlusher: Service {
    let tally: ScanTally
    let store: CodeStore
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            if Task.isCancelled { return }  // torn down, not shut down gracefully: the pool is going too
            await flush()
        }
    }

    private func flush() async {
        do {
            try await tally.flush(to: store)
        } catch {
            // kept for the next flush; an outage is a warning (the counts wait in memory), anything else an error
            logger.log(
                level: error.isDatabaseUnavailable ? .warning : .error, "scans not written yet",
                metadata: ["error": "\(String(reflecting: error))"])
        }
    }
}
