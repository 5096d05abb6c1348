import HummingbirdBcrypt
import NIOPosix

/// bcrypt hashing off the cooperative thread pool (it is deliberately slow).
struct PasswordHasher: Sendable {
    let cost: Int

    /// A fixed hash checked when the username is unknown, so both answers take as long.
    static let decoy = Bcrypt.hash("minqing-decoy-password", cost: 4)

    func hash(_ password: String) async throws -> String {
        let cost = UInt8(cost)
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
