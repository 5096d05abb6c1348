import Metrics
import Synchronization

/// Counts the connections leased through ``Database`` and publishes them as gauges.
final class PoolGauges: Sendable {
    private let leasedGauge: Gauge
    private let count = Mutex(0)

    init(maxConnections: Int, factory: any MetricsFactory) {
        Gauge(label: "minqing_db_pool_max_connections", factory: factory).record(maxConnections)
        leasedGauge = Gauge(label: "minqing_db_pool_leased_connections", factory: factory)
        leasedGauge.record(0)
    }

    func leased(_ delta: Int) {
        let now = count.withLock { value in
            value += delta
            return value
        }
        leasedGauge.record(now)
    }
}
