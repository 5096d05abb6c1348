import Foundation

/// The intake limits count per clock minute (`RateLimiter`): a test that files up to a limit and then
/// expects a refusal starts well inside a minute, or its filings could straddle two windows and all pass.
public enum RateWindow {
    public static func startWellInsideAMinute() async throws {
        let second = Calendar(identifier: .gregorian).component(.second, from: Date())
        if second >= 50 { try await Task.sleep(for: .seconds(61 - second)) }
    }
}
