import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import MinqingCore

/// CSRF protection of the resident pages: a signed double-submit cookie.
///
/// A page with a form makes sure the browser holds a random seed in the `mq_csrf` cookie (HttpOnly,
/// SameSite=Lax) and writes HMAC-SHA256(key, seed + purpose) into the form. A POST is accepted only when
/// the form's token is the HMAC of the cookie's seed for that form's purpose (`intake:<code>`,
/// `evaluate:<token>`). The key is derived from MINQING_DATA_KEY with HKDF, so it never equals the key
/// that seals personal data and needs no extra configuration.
struct CSRFGuard: Sendable {
    static let cookieName = "mq_csrf"
    static let fieldName = "csrf"

    private let key: SymmetricKey
    /// `Secure` on the cookie when the public base URL is https.
    let secureCookie: Bool

    init(dataKey: [UInt8], secureCookie: Bool) {
        key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: dataKey), salt: Data("minqing".utf8),
            info: Data("minqing resident pages csrf v1".utf8), outputByteCount: 32
        )
        self.secureCookie = secureCookie
    }

    /// The browser's seed when it sent a well-formed one; otherwise a fresh seed that the response must set.
    func seed(from request: Request) -> (value: String, isNew: Bool) {
        if let value = Self.cookieSeed(request) { return (value, false) }
        return (SecretToken.make(), true)
    }

    static func cookieSeed(_ request: Request) -> String? {
        guard let value = request.cookies[cookieName]?.value, Self.isToken(value) else { return nil }
        return value
    }

    func token(seed: String, purpose: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(seed)\n\(purpose)".utf8), using: key)
        return Data(mac).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Constant-time check of a posted token against the cookie's seed.
    func verify(seed: String?, token: String?, purpose: String) -> Bool {
        guard let seed, let token, Self.isToken(token),
            let mac = Data(base64URL: token), mac.count == SHA256.byteCount
        else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Data("\(seed)\n\(purpose)".utf8), using: key)
    }

    /// The `Set-Cookie` value for a new seed: a week, the whole site, not readable by scripts.
    func cookie(_ seed: String) -> String {
        "\(Self.cookieName)=\(seed); Path=/; Max-Age=604800; HttpOnly; SameSite=Lax" + (secureCookie ? "; Secure" : "")
    }

    /// base64url, 16–128 characters.
    static func isToken(_ text: String) -> Bool {
        (16...128).contains(text.utf8.count)
            && text.utf8.allSatisfy { byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x2D || byte == 0x5F
            }
    }
}

extension Data {
    init?(base64URL text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        self.init(base64Encoded: base64)
    }
}

/// The headers every resident page carries: a strict Content-Security-Policy (no inline script or style, no
/// third-party origin), no framing, no referrer (tracking links are secrets), no caching of private pages.
enum PageHeaders {
    static let csp = HTTPField.Name("Content-Security-Policy")!
    static let frameOptions = HTTPField.Name("X-Frame-Options")!
    static let contentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let robots = HTTPField.Name("X-Robots-Tag")!
    static let permissionsPolicy = HTTPField.Name("Permissions-Policy")!

    /// `imageSources`: extra origins for `img-src` (a representative's photo hosted elsewhere).
    static func contentSecurityPolicy(imageSources: [String] = []) -> String {
        let images = (["'self'", "data:"] + imageSources).joined(separator: " ")
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src \(images); font-src 'self'; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    }

    static func html(imageSources: [String] = []) -> HTTPFields {
        var fields = HTTPFields()
        fields[.contentType] = "text/html; charset=utf-8"
        fields[.cacheControl] = "no-store"
        fields[csp] = contentSecurityPolicy(imageSources: imageSources)
        fields[frameOptions] = "DENY"
        fields[contentTypeOptions] = "nosniff"
        fields[referrerPolicy] = "no-referrer"
        fields[robots] = "noindex, nofollow"
        fields[permissionsPolicy] = "camera=(), microphone=(), geolocation=()"
        return fields
    }
}
