import HummingbirdBcrypt
import NIOPosix
import Synchronization

/// bcrypt hashing off the cooperative thread pool (it is deliberately slow).
struct PasswordHasher: Sendable {
    let cost: Int

    /// A hash at the configured cost, checked when the username is unknown, so an unknown name takes as
    /// long as a wrong password (and names cannot be told apart by timing). Made once per cost.
    var decoy: String {
        Self.decoys.withLock { decoys in
            if let hash = decoys[cost] { return hash }
            let hash = Bcrypt.hash("minqing-decoy-password", cost: UInt8(cost))
            decoys[cost] = hash
            return hash
        }
    }

    private static let decoys = Mutex<[Int: String]>([:])

    func hash(_ password: String) async throws -> String {
        let cost = UInt8(cost)
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
