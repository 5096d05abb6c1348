import Foundation
import Logging
import MinqingRules

/// Everything the processes read from the environment, validated once at start.
///
/// Each variable is documented in README.md ("Configuration"). A missing or invalid value throws a
/// ``ConfigError`` naming the variable; `main` prints it and exits non-zero.
public struct AppConfig: Sendable {
    public enum LogFormat: String, Sendable { case text, json }

    public var database: DatabaseURL
    public var httpHost: String
    public var httpPort: Int
    public var timeZone: TimeZone
    public var publicBaseURL: String
    public var logLevel: Logger.Level
    public var logFormat: LogFormat
    public var databasePoolSize: Int
    /// How long a request or job waits for a pooled connection before it is answered 503 (MINQING_DB_ACQUIRE_TIMEOUT_SECONDS).
    public var databaseAcquireTimeout: Duration
    public var maxBodyBytes: Int
    public var workerPollSeconds: Int
    public var bcryptCost: Int
    public var tokenLifetime: TimeInterval
    /// AES-256 key for residents' personal data (MINQING_DATA_KEY, base64); required to serve the API.
    public var dataKey: [UInt8]?
    /// Internal networks webhooks may still be delivered to (MINQING_WEBHOOK_ALLOWED_NETWORKS; none by default).
    public var webhookTargets: WebhookTargetPolicy
    /// Reverse proxies whose forwarding headers name the client (MINQING_TRUSTED_PROXIES; none by default).
    public var trustedProxies: [CIDR]
    /// How long a scanned code's card is served from memory (MINQING_CODE_CACHE_SECONDS; 0 = not cached).
    public var codeCacheLifetime: Duration
    /// How often counted scans are written to the database (MINQING_SCAN_FLUSH_SECONDS).
    public var scanFlushInterval: Duration
    /// Every job kind's lease instead of its own (MINQING_JOB_LEASE_SECONDS; unset = each kind's): how soon
    /// another worker takes over the job of a worker that was killed. Heartbeats renew it every third.
    public var jobLease: Duration?
    public var loop: LoopPolicy
    public var rhythm: RhythmPolicy
    /// The Open311 facade's jurisdiction (MINQING_OPEN311_JURISDICTION: when set, a given `jurisdiction_id`
    /// must match it) and the contact its discovery document names (MINQING_OPEN311_CONTACT).
    public var open311Jurisdiction: String?
    public var open311Contact = "人大代表联络站工作人员"

    public init(
        database: DatabaseURL,
        httpHost: String = "127.0.0.1",
        httpPort: Int = 8080,
        timeZone: TimeZone = TimeZone(identifier: "Asia/Shanghai")!,
        publicBaseURL: String = "http://127.0.0.1:8080",
        logLevel: Logger.Level = .info,
        logFormat: LogFormat = .text,
        databasePoolSize: Int = 10,
        databaseAcquireTimeout: Duration = Database.defaultAcquireTimeout,
        maxBodyBytes: Int = 1 << 20,
        workerPollSeconds: Int = 5,
        bcryptCost: Int = 11,
        tokenLifetime: TimeInterval = 12 * 3600,
        dataKey: [UInt8]? = nil,
        webhookTargets: WebhookTargetPolicy = WebhookTargetPolicy(),
        trustedProxies: [CIDR] = [],
        codeCacheLifetime: Duration = .seconds(5),
        scanFlushInterval: Duration = .seconds(5),
        jobLease: Duration? = nil,
        loop: LoopPolicy = LoopPolicy(),
        rhythm: RhythmPolicy = RhythmPolicy()
    ) {
        self.database = database
        self.httpHost = httpHost
        self.httpPort = httpPort
        self.timeZone = timeZone
        self.publicBaseURL = publicBaseURL
        self.logLevel = logLevel
        self.logFormat = logFormat
        self.databasePoolSize = databasePoolSize
        self.databaseAcquireTimeout = databaseAcquireTimeout
        self.maxBodyBytes = maxBodyBytes
        self.workerPollSeconds = workerPollSeconds
        self.bcryptCost = bcryptCost
        self.tokenLifetime = tokenLifetime
        self.dataKey = dataKey
        self.webhookTargets = webhookTargets
        self.trustedProxies = trustedProxies
        self.codeCacheLifetime = codeCacheLifetime
        self.scanFlushInterval = scanFlushInterval
        self.jobLease = jobLease
        self.loop = loop
        self.rhythm = rhythm
    }

    /// Reads and validates the configuration from an environment dictionary.
    public static func load(from env: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigError) -> AppConfig {
        let reader = EnvironmentReader(env: env)
        guard let rawURL = reader.value("DATABASE_URL") else {
            throw ConfigError(variable: "DATABASE_URL", reason: "is required (postgres://user:password@host:port/database)")
        }
        let database: DatabaseURL
        do { database = try DatabaseURL(parsing: rawURL) } catch {
            throw ConfigError(variable: "DATABASE_URL", reason: error.reason)
        }
        let zoneName = reader.value("MINQING_TIMEZONE") ?? "Asia/Shanghai"
        guard let zone = TimeZone(identifier: zoneName) else {
            throw ConfigError(variable: "MINQING_TIMEZONE", reason: "'\(zoneName)' is not a known IANA time zone")
        }
        let base = reader.value("MINQING_PUBLIC_BASE_URL") ?? "http://127.0.0.1:8080"
        guard let baseURL = URL(string: base), ["http", "https"].contains(baseURL.scheme ?? ""), baseURL.host != nil else {
            throw ConfigError(variable: "MINQING_PUBLIC_BASE_URL", reason: "'\(base)' must be an absolute http(s) URL")
        }
        let levelName = reader.value("MINQING_LOG_LEVEL") ?? "info"
        guard let level = Logger.Level(rawValue: levelName.lowercased()) else {
            throw ConfigError(
                variable: "MINQING_LOG_LEVEL",
                reason: "'\(levelName)' is not one of trace, debug, info, notice, warning, error, critical"
            )
        }
        let formatName = reader.value("MINQING_LOG_FORMAT") ?? "text"
        guard let format = LogFormat(rawValue: formatName.lowercased()) else {
            throw ConfigError(variable: "MINQING_LOG_FORMAT", reason: "'\(formatName)' is not one of text, json")
        }
        var dataKey: [UInt8]?
        if let encoded = reader.value("MINQING_DATA_KEY") {
            guard let data = Data(base64Encoded: encoded), data.count == 32 else {
                throw ConfigError(variable: "MINQING_DATA_KEY", reason: "must be 32 random bytes in base64 (openssl rand -base64 32)")
            }
            dataKey = Array(data)
        }
        var webhookTargets = WebhookTargetPolicy()
        if let text = reader.value("MINQING_WEBHOOK_ALLOWED_NETWORKS") {
            switch CIDR.list(text) {
            case .success(let networks): webhookTargets.allowedNetworks = networks
            case .failure(let error):
                throw ConfigError(
                    variable: "MINQING_WEBHOOK_ALLOWED_NETWORKS", reason: "'\(error.entry)' is not a network such as 10.0.0.0/8 or fd00::/8"
                )
            }
        }
        var trustedProxies: [CIDR] = []
        if let text = reader.value("MINQING_TRUSTED_PROXIES") {
            switch CIDR.list(text) {
            case .success(let networks): trustedProxies = networks
            case .failure(let error):
                throw ConfigError(
                    variable: "MINQING_TRUSTED_PROXIES", reason: "'\(error.entry)' is not a network such as 10.0.0.0/8 or ::1")
            }
        }
        var jobLease: Duration?
        if reader.value("MINQING_JOB_LEASE_SECONDS") != nil {
            jobLease = .seconds(try reader.integer("MINQING_JOB_LEASE_SECONDS", default: 60, in: 3...86_400))
        }
        var loop = LoopPolicy()
        if let text = reader.value("MINQING_DEADLINE_DAYS") {
            guard let days = LoopPolicy.parseWorkingDays(text) else {
                throw ConfigError(variable: "MINQING_DEADLINE_DAYS", reason: "'\(text)' must look like opinion=15,complaint=5 (1–120 days)")
            }
            loop.workingDays = days
        }
        loop.maxRounds = try reader.integer("MINQING_MAX_ROUNDS", default: 2, in: 1...10)
        loop.intakePerAddressPerMinute = try reader.integer("MINQING_INTAKE_LIMIT_PER_ADDRESS", default: 10, in: 0...100_000)
        loop.intakePerCodePerMinute = try reader.integer("MINQING_INTAKE_LIMIT_PER_CODE", default: 60, in: 0...100_000)
        loop.suggestionMaxMonths = try reader.integer("MINQING_SUGGESTION_MAX_MONTHS", default: 6, in: 1...24)
        loop.suggestionMonths = try reader.integer("MINQING_SUGGESTION_MONTHS", default: 3, in: 1...loop.suggestionMaxMonths)
        loop.rehandlingMonths = try reader.integer("MINQING_REHANDLING_MONTHS", default: 1, in: 1...loop.suggestionMaxMonths)
        loop.activityCodeWindow = ActivityCodeWindow(
            daysBefore: try reader.integer("MINQING_ACTIVITY_CODE_DAYS_BEFORE", default: 7, in: 0...90),
            daysAfter: try reader.integer("MINQING_ACTIVITY_CODE_DAYS_AFTER", default: 7, in: 0...90))
        loop.problemMonths = try reader.integer("MINQING_PROBLEM_MONTHS", default: 3, in: 1...loop.suggestionMaxMonths)
        var rhythm = RhythmPolicy()
        rhythm.weightSuggestions = Double(try reader.integer("MINQING_WEIGHT_SUGGESTIONS", default: 20, in: 0...100))
        if let hours = reader.value("MINQING_OFFICE_HOURS") {
            let parts = hours.split(separator: "-").map { $0.split(separator: ":").compactMap { Int($0) } }
            guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && (0...23).contains($0[0]) && (0...59).contains($0[1]) }),
                parts[0][0] * 60 + parts[0][1] < parts[1][0] * 60 + parts[1][1]
            else { throw ConfigError(variable: "MINQING_OFFICE_HOURS", reason: "'\(hours)' must look like 08:30-17:30") }
            rhythm.officeOpens = parts[0][0] * 60 + parts[0][1]
            rhythm.officeCloses = parts[1][0] * 60 + parts[1][1]
        }
        rhythm.ratingWindowDays = try reader.integer("MINQING_RATING_WINDOW_DAYS", default: 15, in: 1...365)
        rhythm.receptionsPerMonth = try reader.integer("MINQING_RECEPTIONS_PER_MONTH", default: 4, in: 0...100)
        if let text = reader.value("MINQING_RECORD_WEIGHTS") {
            guard let weights = RecordWeights.parse(text) else {
                let names = RecordWeights.names.map(\.name).joined(separator: ", ")
                throw ConfigError(
                    variable: "MINQING_RECORD_WEIGHTS",
                    reason: "'\(text)' must look like slot_kept=2,slot_missed=-2 (names: \(names); points within ±100)")
            }
            rhythm.recordWeights = weights
        }
        var config = AppConfig(
            database: database,
            httpHost: reader.value("MINQING_HTTP_HOST") ?? "127.0.0.1",
            httpPort: try reader.integer("MINQING_HTTP_PORT", default: 8080, in: 1...65535),
            timeZone: zone,
            publicBaseURL: base.hasSuffix("/") ? String(base.dropLast()) : base,
            logLevel: level,
            logFormat: format,
            databasePoolSize: try reader.integer("MINQING_DB_POOL_SIZE", default: 10, in: 1...500),
            databaseAcquireTimeout: .seconds(try reader.integer("MINQING_DB_ACQUIRE_TIMEOUT_SECONDS", default: 5, in: 1...120)),
            maxBodyBytes: try reader.integer("MINQING_MAX_BODY_BYTES", default: 1 << 20, in: 1024...(64 << 20)),
            workerPollSeconds: try reader.integer("MINQING_WORKER_POLL_SECONDS", default: 5, in: 1...3600),
            bcryptCost: try reader.integer("MINQING_BCRYPT_COST", default: 11, in: 4...16),
            tokenLifetime: TimeInterval(try reader.integer("MINQING_TOKEN_TTL_HOURS", default: 12, in: 1...720) * 3600),
            dataKey: dataKey,
            webhookTargets: webhookTargets,
            trustedProxies: trustedProxies,
            codeCacheLifetime: .seconds(try reader.integer("MINQING_CODE_CACHE_SECONDS", default: 5, in: 0...300)),
            scanFlushInterval: .seconds(try reader.integer("MINQING_SCAN_FLUSH_SECONDS", default: 5, in: 1...300)),
            jobLease: jobLease,
            loop: loop,
            rhythm: rhythm
        )
        config.open311Jurisdiction = reader.value("MINQING_OPEN311_JURISDICTION")
        config.open311Contact = reader.value("MINQING_OPEN311_CONTACT") ?? config.open311Contact
        return config
    }
}

/// Small helper so every variable is read, trimmed and range-checked the same way.
struct EnvironmentReader {
    let env: [String: String]

    func value(_ name: String) -> String? {
        guard let raw = env[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        return raw
    }

    func integer(_ name: String, default fallback: Int, in range: ClosedRange<Int>) throws(ConfigError) -> Int {
        guard let raw = value(name) else { return fallback }
        guard let number = Int(raw), range.contains(number) else {
            throw ConfigError(variable: name, reason: "'\(raw)' must be an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }
}
