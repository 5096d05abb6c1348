import Crypto
import Foundation

/// Standard Webhooks signing (https://www.standardwebhooks.com): the receiver gets `webhook-id`,
/// `webhook-timestamp` (Unix seconds) and `webhook-signature: v1,<base64 HMAC-SHA256>` computed over
/// `"{id}.{timestamp}.{body}"` with the endpoint's secret `whsec_<base64 key>`.
public enum WebhookSignature {
    public static let idHeader = "webhook-id"
    public static let timestampHeader = "webhook-timestamp"
    public static let signatureHeader = "webhook-signature"
    /// The prefix of every endpoint secret.
    public static let secretPrefix = "whsec_"

    public struct InvalidSecret: Error, CustomStringConvertible {
        public var description: String { "a webhook secret must be 'whsec_' followed by a base64 key" }
    }

    /// A new secret: `whsec_` and 24 random bytes in base64.
    public static func generateSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<24).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return secretPrefix + Data(bytes).base64EncodedString()
    }

    /// The HMAC key of a secret: the base64-decoded part after `whsec_` (a secret without the prefix is
    /// accepted too, as the spec's libraries do).
    public static func key(of secret: String) throws -> SymmetricKey {
        let encoded = secret.hasPrefix(secretPrefix) ? String(secret.dropFirst(secretPrefix.count)) : secret
        guard let data = Data(base64Encoded: encoded), !data.isEmpty else { throw InvalidSecret() }
        return SymmetricKey(data: data)
    }

    /// The `webhook-signature` value: `v1,<base64 signature>`.
    public static func sign(id: String, timestamp: Int64, body: some Collection<UInt8>, secret: String) throws -> String {
        try sign(id: id, timestamp: timestamp, body: body, key: key(of: secret))
    }

    public static func sign(id: String, timestamp: Int64, body: some Collection<UInt8>, key: SymmetricKey) -> String {
        var hmac = HMAC<SHA256>(key: key)
        hmac.update(data: Array("\(id).\(timestamp).".utf8))
        hmac.update(data: Array(body))
        return "v1," + Data(hmac.finalize()).base64EncodedString()
    }

    /// The three headers of one delivery attempt.
    public static func headers(id: String, timestamp: Int64, body: some Collection<UInt8>, key: SymmetricKey) -> [(String, String)] {
        [
            (idHeader, id),
            (timestampHeader, String(timestamp)),
            (signatureHeader, sign(id: id, timestamp: timestamp, body: body, key: key)),
        ]
    }

    public static func headers(id: String, timestamp: Int64, body: some Collection<UInt8>, secret: String) throws -> [(String, String)] {
        headers(id: id, timestamp: timestamp, body: body, key: try key(of: secret))
    }

    /// What a receiver does: true when one of the space-separated `v1,` signatures matches (compared in
    /// constant time) and, when `now` is given, the timestamp is within `tolerance` seconds of it.
    public static func verify(
        id: String, timestamp: String, body: some Collection<UInt8>, signatures: String, secret: String,
        now: Date? = nil, tolerance: TimeInterval = 300
    ) -> Bool {
        guard let seconds = Int64(timestamp), let key = try? key(of: secret) else { return false }
        if let now, abs(now.timeIntervalSince1970 - Double(seconds)) > tolerance { return false }
        let expected = Array(sign(id: id, timestamp: seconds, body: body, key: key).utf8)
        return signatures.split(separator: " ").contains { candidate in
            constantTimeEquals(Array(candidate.utf8), expected)
        }
    }

    static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}
