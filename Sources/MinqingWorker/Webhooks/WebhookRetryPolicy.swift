import Foundation

/// When a failed delivery is tried again: after attempt n wait `delays[n-1]` scaled by a random factor
/// within ±`jitter`; after the last delay the message fails for good. The default follows Standard
/// Webhooks: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (eight attempts in about 28 hours).
public struct WebhookRetryPolicy: Sendable {
    public var delays: [TimeInterval]
    /// Relative jitter, 0.2 = ±20 %.
    public var jitter: Double

    public static let standard = WebhookRetryPolicy(
        delays: [5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600], jitter: 0.2
    )

    public init(delays: [TimeInterval], jitter: Double) {
        self.delays = delays
        self.jitter = jitter
    }

    /// The first attempt plus one per delay.
    public var maxAttempts: Int { delays.count + 1 }

    /// The wait after failed attempt `attempt` (1-based), or nil when it was the last one. `random` is in
    /// -1…1 and picks the point within the jitter band.
    public func delay(afterAttempt attempt: Int, random: Double = Double.random(in: -1...1)) -> TimeInterval? {
        guard attempt >= 1, attempt <= delays.count else { return nil }
        return delays[attempt - 1] * (1 + jitter * max(-1, min(1, random)))
    }
}
