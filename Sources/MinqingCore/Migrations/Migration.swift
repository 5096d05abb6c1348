import Crypto
import Foundation

/// One ordered SQL migration shipped with the library (`Migrations/SQL/NNNN_name.sql`).
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// SHA-256 of the file's bytes, recorded when applied; a later change to an applied file is refused.
    public var checksum: String {
        SHA256.hash(data: Data(sql.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    public var label: String { String(format: "%04d_%@", version, name) }
}
