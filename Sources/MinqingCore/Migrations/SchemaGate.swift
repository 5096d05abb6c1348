import Logging
import ServiceLifecycle

/// Refuses to run against a schema that is not at the latest bundled migration.
/// `serve` and `run` never migrate implicitly; `minqing-api migrate` does.
public enum SchemaGate {
    public struct NotCurrent: Error, CustomStringConvertible {
        public let status: SchemaStatus
        public var description: String { "refusing to start: \(status.summary)" }
    }

    public static func status(database: Database, logger: Logger) async throws -> SchemaStatus {
        try await Migrator(database: database, migrations: MigrationCatalog.bundled(), logger: logger).status()
    }

    public static func requireCurrent(database: Database, logger: Logger) async throws {
        let status = try await status(database: database, logger: logger)
        guard status.isCurrent else { throw NotCurrent(status: status) }
        logger.info("\(status.summary)")
    }
}

/// Runs `inner` only after ``SchemaGate`` has passed; otherwise fails the service group.
public struct SchemaCheckedService<Inner: Service>: Service {
    let database: Database
    let inner: Inner
    let logger: Logger

    public init(database: Database, inner: Inner, logger: Logger) {
        self.database = database
        self.inner = inner
        self.logger = logger
    }

    public func run() async throws {
        try await SchemaGate.requireCurrent(database: database, logger: logger)
        try await inner.run()
    }
}
