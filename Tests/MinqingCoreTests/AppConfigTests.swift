import Foundation
import MinqingCore
import Testing

@Suite struct AppConfigTests {
    let minimal = ["DATABASE_URL": "postgres://minqing:secret@db.example:6543/minqing?sslmode=disable"]

    @Test func defaultsApplyWhenOnlyTheDatabaseIsGiven() throws {
        let config = try AppConfig.load(from: minimal)
        #expect(config.httpHost == "127.0.0.1")
        #expect(config.httpPort == 8080)
        #expect(config.timeZone.identifier == "Asia/Shanghai")
        #expect(config.publicBaseURL == "http://127.0.0.1:8080")
        #expect(config.logLevel == .info)
        #expect(config.logFormat == .text)
        #expect(config.database.host == "db.example")
        #expect(config.database.port == 6543)
        #expect(config.database.username == "minqing")
        #expect(config.database.password == "secret")
        #expect(config.database.database == "minqing")
        #expect(config.database.tlsMode == .disable)
        #expect(config.codeCacheLifetime == .seconds(5))
        #expect(config.scanFlushInterval == .seconds(5))
        #expect(config.jobLease == nil)  // each job kind's own
    }

    @Test func theCacheFlushAndLeaseSettingsAreRead() throws {
        var env = minimal
        env["MINQING_CODE_CACHE_SECONDS"] = "0"
        env["MINQING_SCAN_FLUSH_SECONDS"] = "30"
        env["MINQING_JOB_LEASE_SECONDS"] = "3"
        let config = try AppConfig.load(from: env)
        #expect(config.codeCacheLifetime == .zero)
        #expect(config.scanFlushInterval == .seconds(30))
        #expect(config.jobLease == .seconds(3))
    }

    @Test func aMissingDatabaseURLIsNamed() {
        #expect(throws: ConfigError.self) { try AppConfig.load(from: [:]) }
        do { _ = try AppConfig.load(from: [:]) } catch { #expect(error.variable == "DATABASE_URL") }
    }

    @Test(arguments: [
        ("DATABASE_URL", "mysql://x@y/z"),
        ("DATABASE_URL", "postgres://y/z"),
        ("DATABASE_URL", "postgres://x@y/"),
        ("DATABASE_URL", "postgres://x@y/z?sslmode=maybe"),
        ("MINQING_HTTP_PORT", "http"),
        ("MINQING_HTTP_PORT", "70000"),
        ("MINQING_TIMEZONE", "Mars/Olympus"),
        ("MINQING_PUBLIC_BASE_URL", "minqing.example"),
        ("MINQING_LOG_LEVEL", "loud"),
        ("MINQING_LOG_FORMAT", "xml"),
        ("MINQING_DB_POOL_SIZE", "0"),
        ("MINQING_CODE_CACHE_SECONDS", "-1"),
        ("MINQING_SCAN_FLUSH_SECONDS", "0"),
        ("MINQING_JOB_LEASE_SECONDS", "1"),
    ])
    func anInvalidValueStopsWithTheVariableNamed(variable: String, value: String) {
        var env = minimal
        env[variable] = value
        do {
            _ = try AppConfig.load(from: env)
            Issue.record("\(variable)=\(value) was accepted")
        } catch {
            #expect(error.variable == variable)
            #expect(error.description.contains(variable))
        }
    }

    @Test func valuesAreReadAndATrailingSlashIsDropped() throws {
        var env = minimal
        env["MINQING_HTTP_HOST"] = "0.0.0.0"
        env["MINQING_HTTP_PORT"] = "9090"
        env["MINQING_PUBLIC_BASE_URL"] = "https://minqing.example/"
        env["MINQING_LOG_FORMAT"] = "json"
        env["MINQING_LOG_LEVEL"] = "debug"
        env["MINQING_TIMEZONE"] = "America/New_York"
        let config = try AppConfig.load(from: env)
        #expect(config.httpHost == "0.0.0.0")
        #expect(config.httpPort == 9090)
        #expect(config.publicBaseURL == "https://minqing.example")
        #expect(config.logFormat == .json)
        #expect(config.logLevel == .debug)
        #expect(config.timeZone.identifier == "America/New_York")
    }

    @Test func percentEncodedCredentialsAreDecoded() throws {
        let url = try DatabaseURL(parsing: "postgresql://us%40er:p%2Fss@localhost/db")
        #expect(url.username == "us@er")
        #expect(url.password == "p/ss")
        #expect(url.port == 5432)
        #expect(url.tlsMode == .prefer)
    }
}
