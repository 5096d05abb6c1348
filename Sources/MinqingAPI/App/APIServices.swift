import Logging
import MinqingCore
import MinqingRules
import Prometheus

/// What the handlers use: the pool, configuration, clock and the metrics registry.
public struct APIServices: Sendable {
    public let config: AppConfig
    public let database: Database
    public let clock: AppClock
    /// The configured zone's calendar, made once (a Calendar is not free to build on every request).
    public let calendar: LocalCalendar
    public let metrics: PrometheusCollectorRegistry
    public let logger: Logger
    /// Seals residents' personal data (MINQING_DATA_KEY).
    public let sealer: PersonalDataSealer
    /// Rendered `qr.png` images (public, so rendered once per code and size).
    let qrImages = QRImageCache()
    /// Active codes' cards, briefly (the public lookup reads them on every scan).
    let codeCards: CodeCardCache
    /// Scans counted in memory; ``ScanFlusher`` writes them.
    let scans: ScanTally

    public init(config: AppConfig, database: Database, clock: AppClock, metrics: PrometheusCollectorRegistry, logger: Logger) {
        self.config = config
        self.database = database
        self.clock = clock
        self.calendar = LocalCalendar(timeZone: config.timeZone)
        self.metrics = metrics
        self.logger = logger
        self.sealer = PersonalDataSealer(key: config.dataKey ?? Array(repeating: 0, count: 32))
        self.codeCards = CodeCardCache(lifetime: config.codeCacheLifetime)
        self.scans = ScanTally(calendar: calendar)
    }
}
