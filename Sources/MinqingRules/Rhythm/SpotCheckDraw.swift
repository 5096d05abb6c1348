import Foundation

/// The year-end spot check's draw (回头看), in one place.
///
/// Every submission gets a uniform random `sample_key` in [0, 1) at intake. A year's seed turns into an
/// offset in [0, 1), and a department's closed submissions of the year are put in the order of their
/// position, `(sample_key - offset) mod 1`. The sample is the first `size(pool:)` of that order: the share
/// of the pool rounded up, at least the minimum, at most the pool. Because the keys are independent and
/// uniform, so are the positions, and every year's sample is a uniformly random subset of its pool; the
/// same seed over the same keys always gives the same sample; and the sample is read from an index in key
/// order from the offset (wrapping around to 0) instead of sorting the pool.
public struct SpotCheckDraw: Sendable, Equatable {
    public let seed: Int64
    public let share: Double
    public let minimum: Int

    public init(seed: Int64, share: Double, minimum: Int) {
        self.seed = seed
        self.share = share
        self.minimum = minimum
    }

    /// The seed of a year: fixed per year, so a recomputation needs nothing but the year (it is also stored).
    public static func seed(year: Int) -> Int64 { Int64(year) * 7919 + 17 }

    /// Where in [0, 1) the year's order starts: the seed through SplitMix64, top 53 bits.
    public var offset: Double {
        var z = UInt64(bitPattern: seed) &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(UInt64(1) << 53)
    }

    /// A submission's position in the year's order.
    public func position(ofKey key: Double) -> Double {
        key >= offset ? key - offset : key + 1 - offset
    }

    /// How many of a pool are sampled: the share rounded up, at least the minimum, at most the pool.
    /// (The tolerance keeps 30 × 0.1 = 3.0000000000000004 at 3.)
    public func size(pool: Int) -> Int {
        min(pool, max(minimum, Int((Double(pool) * share - 1e-9).rounded(.up))))
    }
}

/// A spot check's public id: the year and the sampled submission, `2026-<submission uuid>`.
public struct SpotCheckID: Sendable, Hashable, CustomStringConvertible {
    public let year: Int
    public let submission: UUID

    public init(year: Int, submission: UUID) {
        self.year = year
        self.submission = submission
    }

    public init?(_ text: String) {
        let parts = text.split(separator: "-", maxSplits: 1)
        guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), let submission = UUID(uuidString: String(parts[1]))
        else { return nil }
        self.init(year: year, submission: submission)
    }

    public var description: String { "\(year)-\(submission.uuidString.lowercased())" }
}
