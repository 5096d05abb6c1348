import Foundation
import Logging
import MinqingRules
import NIOCore
import PostgresNIO

/// Bearer tokens: random, stored only as SHA-256, expiring, revocable.
public struct TokenStore: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Issues a token for a user and returns the secret (shown once) and its expiry.
    public func issue(for user: UUID, now: Date, lifetime: TimeInterval) async throws -> (token: String, expiresAt: Date) {
        let token = "mq_" + SecretToken.make()
        let expires = now.addingTimeInterval(lifetime)
        try await database.write(
            """
            INSERT INTO auth_tokens (token_hash, user_id, created_at, expires_at)
            VALUES (\(ByteBuffer(bytes: SecretToken.sha256(token))), \(user), \(now), \(expires))
            """,
            logger: logger
        )
        return (token, expires)
    }

    /// The active user of an unexpired, unrevoked token.
    public func user(for token: String, now: Date) async throws -> User? {
        let rows = try await database.query(
            """
            SELECT \(unescaped: UserStore.columns.split(separator: ",").map { "u." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", "))
            FROM auth_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.token_hash = \(ByteBuffer(bytes: SecretToken.sha256(token))) AND t.revoked_at IS NULL AND t.expires_at > \(now) AND u.active
            """,
            logger: logger
        )
        return try rows.first.map(UserStore.decode)
    }

    /// Revokes every live token of a user but `keeping` (the caller's own, when he changes his password),
    /// inside the caller's transaction.
    static func revokeAll(of user: UUID, keeping: String? = nil, now: Date, on connection: PostgresConnection, logger: Logger) async throws
    {
        let kept = keeping.map { ByteBuffer(bytes: SecretToken.sha256($0)) }
        try await connection.query(
            """
            UPDATE auth_tokens SET revoked_at = \(now)
            WHERE user_id = \(user) AND revoked_at IS NULL AND (\(kept)::bytea IS NULL OR token_hash <> \(kept)::bytea)
            """,
            logger: logger)
    }

    public func revoke(_ token: String, now: Date) async throws {
        try await database.write(
            "UPDATE auth_tokens SET revoked_at = \(now) WHERE token_hash = \(ByteBuffer(bytes: SecretToken.sha256(token))) AND revoked_at IS NULL",
            logger: logger
        )
    }
}
