import Crypto
import Foundation

/// Random secrets: bearer tokens, tracking tokens, code tokens. Only their SHA-256 is stored where the
/// secret itself grants access.
public enum SecretToken {
    /// `bytes` random bytes, base64url without padding (32 bytes → 43 characters).
    public static func make(bytes: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let data = Data((0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) })
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Letters and digits without look-alikes (no 0/o, 1/l/i): 31 symbols, log2(31) ≈ 4.95 bits each.
    static let codeAlphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")

    /// A short URL-safe code: 13 characters carry 64 bits, small enough for a version-3 QR code.
    public static func code(length: Int = 13) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in codeAlphabet.randomElement(using: &generator)! })
    }

    public static func sha256(_ secret: String) -> [UInt8] {
        Array(SHA256.hash(data: Data(secret.utf8)))
    }
}
