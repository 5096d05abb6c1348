import Foundation
import MinqingCore
import MinqingRules

public enum TestConfig {
    public static let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    public static let calendar = LocalCalendar(timeZone: shanghai)

    public static func make(database: DatabaseURL) -> AppConfig {
        AppConfig(
            database: database, httpPort: 0, timeZone: shanghai, databasePoolSize: 8, databaseAcquireTimeout: acquireTimeout, bcryptCost: 4,
            dataKey: Array(repeating: 7, count: 32), webhookTargets: loopbackWebhooks,
            scanFlushInterval: scanFlushInterval
        )
    }

    /// Dozens of suites open connections to fresh databases at once on a small machine; the outage test
    /// sets its own short deadline.
    public static let acquireTimeout: Duration = .seconds(60)

    /// Tests write counted scans themselves (`ScanTally.flush`) or read them through the stats, which add
    /// what is not written yet; the flusher's own timing is tested with a short interval.
    public static let scanFlushInterval: Duration = .seconds(3600)

    /// Tests receive webhooks on servers of their own on this machine: the operator allow-list names loopback.
    public static let loopbackWebhooks = WebhookTargetPolicy(allowedNetworks: [CIDR("127.0.0.0/8")!, CIDR("::1/128")!])

    /// Parses an RFC 3339 instant; test data is written that way.
    public static func instant(_ text: String) -> Date {
        guard let date = try? Date(text, strategy: .iso8601) else { preconditionFailure("bad instant \(text)") }
        return date
    }
}
