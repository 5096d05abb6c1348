import Logging

public enum LoggingSetup {
    /// Bootstraps swift-log once per process; called only from the executables' `main`.
    public static func bootstrap(_ config: AppConfig) {
        LoggingSystem.bootstrap { label in
            switch config.logFormat {
            case .json:
                return JSONLogHandler(label: label, level: config.logLevel)
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = config.logLevel
                return handler
            }
        }
    }

    /// The root logger of a process.
    public static func rootLogger(_ label: String, config: AppConfig) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = config.logLevel
        return logger
    }
}
