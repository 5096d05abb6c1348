import Foundation
import Logging
import MinqingCore
import MinqingRules

/// `minqing-api create-admin`: the first account, before anyone can sign in to create others.
public enum AdminBootstrap {
    /// Creates an admin; a nil password is generated and returned (printed once by the command).
    public static func createAdmin(
        username: String, password: String?, config: AppConfig, database: Database, clock: AppClock = .system,
        logger: Logger
    ) async throws -> (user: User, password: String) {
        var v = FieldValidator()
        let name = v.required(username, "username", min: 3, max: 64)
        let secret = password ?? SecretToken.make(bytes: 12)
        if let refusal = PasswordRule.refusal(secret, username: username) { v.add("password", refusal) }
        try v.check()
        let hash = try await PasswordHasher(cost: config.bcryptCost).hash(secret)
        let user = try await UserStore(database: database, logger: logger)
            .create(.init(username: name, passwordHash: hash, role: .admin), now: clock.now())
        return (user, secret)
    }
}
