import ArgumentParser
import Foundation
import Logging
import MinqingCore

/// How both executables start and fail: one home for the exit codes and the first log lines.
public struct ProcessStartup: Sendable {
    /// The executable's name, in messages and as the root logger's label (`minqing.api`, `minqing.worker`).
    public let name: String

    public init(name: String) { self.name = name }

    /// Loads the configuration (exit 78, naming the variable, when it is wrong) and sets up logging.
    public func load() throws -> (AppConfig, Logger) {
        do {
            let config = try AppConfig.load()
            LoggingSetup.bootstrap(config)
            return (config, LoggingSetup.rootLogger(name.replacingOccurrences(of: "-", with: "."), config: config))
        } catch {
            FileHandle.standardError.write(Data("\(name): \(error)\n".utf8))
            throw ExitCode(78)
        }
    }

    /// Runs `body`; a failure is logged as critical, printed, and exits with status 1.
    public func exitOnFailure(_ logger: Logger, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch {
            logger.critical("\(error)")
            FileHandle.standardError.write(Data("\(name): \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    /// Runs `body` with a small pool to the configured database, running for its duration (one-shot commands).
    public func withDatabase<T: Sendable>(
        config: AppConfig, logger: Logger, _ body: (Database) async throws -> T
    ) async throws -> T {
        let database = Database(url: config.database, poolSize: 2, acquireTimeout: config.databaseAcquireTimeout, logger: logger)
        return try await database.withRunning { try await body(database) }
    }
}
