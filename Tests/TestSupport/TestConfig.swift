import Foundation
import MinqingCore
import MinqingRules

public enum TestConfig {
    public static let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    public static let calendar = LocalCalendar(timeZone: shanghai)

    public static func make(database: DatabaseURL) -> AppConfig {
        AppConfig(
            database: database, httpPort: 0, timeZone: shanghai, databasePoolSize: 8, bcryptCost: 4,
            dataKey: Array(repeating: 7, count: 32)
        )
    }

    /// Parses an RFC 3339 instant; test data is written that way.
    public static func instant(_ text: String) -> Date {
        guard let date = try? Date(text, strategy: .iso8601) else { preconditionFailure("bad instant \(text)") }
        return date
    }
}
