import Foundation

/// Capped exponential backoff with jitter: attempt n waits `base · 2^(n-1)`, at most `cap`, scaled by a
/// random factor in [0.5, 1.0] so that replicas that failed together do not retry together.
public struct Backoff: Sendable {
    public var base: Duration
    public var cap: Duration

    public init(base: Duration = .seconds(10), cap: Duration = .seconds(3600)) {
        self.base = base
        self.cap = cap
    }

    public func delay(afterAttempt attempt: Int, jitter: Double = Double.random(in: 0.5...1.0)) -> TimeInterval {
        let baseSeconds = Double(base.components.seconds)
        let exponential = baseSeconds * pow(2, Double(max(0, attempt - 1)))
        return min(Double(cap.components.seconds), exponential) * jitter
    }
}
