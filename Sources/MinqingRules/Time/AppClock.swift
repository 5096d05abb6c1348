import Foundation

/// The source of "now" for every time-dependent decision, injected so tests and `tick --now` can set it.
public struct AppClock: Sendable {
    private let read: @Sendable () -> Date

    public init(_ read: @escaping @Sendable () -> Date) {
        self.read = read
    }

    public func now() -> Date { read() }

    /// The machine's wall clock.
    public static let system = AppClock { Date() }

    /// Starts at `instant` and advances with real elapsed time (for `tick --now`: leases and
    /// heartbeats still see time pass during the pass).
    public static func starting(at instant: Date) -> AppClock {
        let origin = ContinuousClock.now
        return AppClock {
            let elapsed = ContinuousClock.now - origin
            return instant.addingTimeInterval(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
    }

    /// Always the same instant.
    public static func fixed(_ instant: Date) -> AppClock { AppClock { instant } }
}
