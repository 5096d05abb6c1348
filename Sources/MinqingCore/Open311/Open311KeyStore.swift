import Foundation
import Logging
import MinqingRules
import NIOCore
import PostgresNIO

/// Open311 keys in PostgreSQL. The key itself is shown once, when it is issued; only its SHA-256 is kept
/// (a random 192-bit secret needs no slow hash). Staff reach the keys of their region and those below it.
public struct Open311KeyStore: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    static let columns = "k.id, k.name, k.region_id, k.station_id, k.created_at, k.revoked_at"

    /// Issues a key for a region in the caller's reach, optionally bound to a station of that region or below.
    public func issue(
        name: String, region: UUID, station: UUID?, by caller: User, within scope: AccessScope, now: Date
    ) async throws -> (key: Open311Key, secret: String) {
        let secret = "mq311_" + SecretToken.make(bytes: 24)
        return try await database.withTransaction(logger: logger) { connection in
            try await RegionStore.requireRegion(region, within: scope.region, field: "region_id", on: connection, logger: logger)
            if let station {
                let rows = try await connection.query(
                    "SELECT r.path FROM stations st JOIN regions r ON r.id = st.region_id WHERE st.id = \(station)", logger: logger
                ).collect()
                guard let path = try rows.first?.decode([UUID].self) else {
                    throw DomainError.invalid("station_id", "does not refer to an existing station")
                }
                guard path.contains(region) else { throw DomainError.invalid("station_id", "lies outside the key's region") }
            }
            let key = try await connection.query(
                """
                INSERT INTO open311_keys AS k (name, key_hash, region_id, station_id, created_by_user_id, created_at)
                VALUES (\(name), \(ByteBuffer(bytes: SecretToken.sha256(secret))), \(region), \(station), \(caller.id), \(now))
                RETURNING \(unescaped: Self.columns)
                """,
                logger: logger
            ).collect()[0]
            return (try Self.decode(key), secret)
        }
    }

    public func list(within scope: AccessScope) async throws -> [Open311Key] {
        try await database.query(
            """
            SELECT \(unescaped: Self.columns) FROM open311_keys k JOIN regions r ON r.id = k.region_id
            WHERE \(scope.region)::uuid IS NULL OR r.path @> ARRAY[\(scope.region)]::uuid[]
            ORDER BY k.created_at, k.id
            """,
            logger: logger
        ).map(Self.decode)
    }

    /// Revokes a key in the caller's reach (out of reach reads as unknown); revoking again keeps the first date.
    public func revoke(_ id: UUID, within scope: AccessScope, now: Date) async throws -> Open311Key {
        let rows = try await database.query(
            """
            UPDATE open311_keys k SET revoked_at = coalesce(k.revoked_at, \(now))
            FROM regions r
            WHERE k.id = \(id) AND r.id = k.region_id AND (\(scope.region)::uuid IS NULL OR r.path @> ARRAY[\(scope.region)]::uuid[])
            RETURNING \(unescaped: Self.columns)
            """,
            logger: logger)
        guard let row = rows.first else { throw DomainError.notFound("Open311 key \(id)") }
        return try Self.decode(row)
    }

    /// The live key a caller presents, or nil.
    public func authenticate(_ secret: String) async throws -> Open311Key? {
        try await database.query(
            """
            SELECT \(unescaped: Self.columns) FROM open311_keys k
            WHERE k.key_hash = \(ByteBuffer(bytes: SecretToken.sha256(secret))) AND k.revoked_at IS NULL
            """,
            logger: logger
        ).first.map(Self.decode)
    }

    static func decode(_ row: PostgresRow) throws -> Open311Key {
        let (id, name, region, station, created, revoked) = try row.decode((UUID, String, UUID, UUID?, Date, Date?).self)
        return Open311Key(id: id, name: name, regionID: region, stationID: station, createdAt: created, revokedAt: revoked)
    }
}
