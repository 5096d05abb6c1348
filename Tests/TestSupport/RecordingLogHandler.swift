import Logging
import Synchronization

/// A log handler that keeps every line (message and metadata) in memory, for tests of what is logged.
public struct RecordingLogHandler: LogHandler {
    public final class Lines: Sendable {
        private let lines = Mutex<[String]>([])
        public init() {}
        public var all: [String] { lines.withLock { $0 } }
        func append(_ line: String) { lines.withLock { $0.append(line) } }
    }

    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .trace
    let lines: Lines

    /// A logger writing to `lines`.
    public static func logger(_ lines: Lines, label: String = "test") -> Logger {
        Logger(label: label) { _ in RecordingLogHandler(lines: lines) }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        lines.append(
            "\(event.level) \(event.message) \(all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))")
    }
}
