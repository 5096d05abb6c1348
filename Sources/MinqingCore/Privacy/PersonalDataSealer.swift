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
