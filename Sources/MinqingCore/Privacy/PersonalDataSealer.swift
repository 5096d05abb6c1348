import Crypto
import Foundation

/// Seals residents' personal data with AES-256-GCM (MINQING_DATA_KEY); the nonce travels in the box.
public struct PersonalDataSealer: Sendable {
    private let key: SymmetricKey

    public init(key: [UInt8]) {
        precondition(key.count == 32, "MINQING_DATA_KEY must be 32 bytes")
        self.key = SymmetricKey(data: key)
    }

    public func seal(_ text: String) throws -> [UInt8] {
        Array(try AES.GCM.seal(Data(text.utf8), using: key).combined!)
    }

    public func open(_ box: [UInt8]) throws -> String {
        let opened = try AES.GCM.open(try AES.GCM.SealedBox(combined: Data(box)), using: key)
        return String(decoding: opened, as: UTF8.self)
    }
}

/// How personal data is shown: 138****5678, 张*.
public enum Masking {
    public static func phone(_ phone: String) -> String {
        guard phone.count == 11 else { return String(repeating: "*", count: phone.count) }
        return String(phone.prefix(3)) + "****" + String(phone.suffix(4))
    }

    public static func name(_ name: String) -> String {
        guard let first = name.first else { return "" }
        return String(first) + String(repeating: "*", count: max(1, name.count - 1))
    }
}
