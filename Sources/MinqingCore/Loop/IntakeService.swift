import Crypto
import Foundation
import Logging
import MinqingRules
import NIOCore
import PostgresNIO

/// Files submissions: rate limits, idempotent replay, code or staff channel, encrypted contact data,
/// receipt numbers from the year's sequence (unique and increasing, with a gap where a filing rolled back);
/// everything of one filing in one transaction.
public struct IntakeService: Sendable {
    let database: Database
    let policy: LoopPolicy
    let sealer: PersonalDataSealer
    let calendar: LocalCalendar
    let logger: Logger

    public init(database: Database, policy: LoopPolicy, sealer: PersonalDataSealer, calendar: LocalCalendar, logger: Logger) {
        self.database = database
        self.policy = policy
        self.sealer = sealer
        self.calendar = calendar
        self.logger = logger
    }

    public func file(
        _ request: IntakeRequest, filer: User?, clientAddress: String, idempotencyKey: String?, now: Date
    ) async throws -> Receipt {
        let valid = try request.validated()
        if let key = idempotencyKey, key.isEmpty || key.count > 128 {
            throw DomainError.invalid("Idempotency-Key", "must be 1 to 128 characters")
        }
        try await RateLimiter(database: database, logger: logger).hit(
            [("intake:address:\(clientAddress)", policy.intakePerAddressPerMinute)]
                + (valid.code.map { [("intake:code:\($0)", policy.intakePerCodePerMinute)] } ?? []),
            now: now
        )
        let requestHash = ByteBuffer(bytes: SHA256.hash(data: try Self.canonicalJSON(request)))
        return try await database.withTransaction(logger: logger) { connection in
            if let key = idempotencyKey, let replay = try await claimKey(key, hash: requestHash, now: now, on: connection) {
                return replay
            }
            let origin = try await resolveOrigin(valid, filer: filer, on: connection)
            try await requireCategory(valid.category, on: connection)
            let receipt = try await insert(valid, origin: origin, filer: filer, now: now, on: connection)
            if let key = idempotencyKey {
                let sealed = Data(try sealer.seal(String(decoding: try JSONEncoder().encode(receipt), as: UTF8.self)))
                    .base64EncodedString()
                try await connection.query(
                    """
                    UPDATE idempotency_keys SET response = jsonb_build_object('sealed', \(sealed)::text)
                    WHERE scope = 'submission' AND key = \(key)
                    """,
                    logger: logger
                )
            }
            return receipt
        }
    }

    /// Where a submission came from: the code's representative and station, or the staff filer's.
    struct Origin {
        var channel: MinqingRules.Channel
        var code: String?
        var representativeID: UUID?
        var stationID: UUID?
        var filedBy: UUID?
        var observerID: UUID?
    }

    private func resolveOrigin(_ valid: IntakeRequest.Valid, filer: User?, on connection: PostgresConnection) async throws -> Origin {
        if let code = valid.code {
            let rows = try await connection.query(
                "SELECT status, representative_id, station_id FROM codes WHERE code = \(code)", logger: logger
            ).collect()
            guard let row = rows.first else { throw DomainError.invalid("code", "is not a known code") }
            let (status, representative, station) = try row.decode((String, UUID?, UUID).self)
            guard status == Code.Status.active.rawValue else {
                throw DomainError.gone(code: "code_revoked", detail: "This code was withdrawn; ask the station for a current one.")
            }
            return Origin(
                channel: .code, code: code, representativeID: representative, stationID: station,
                filedBy: filer?.id, observerID: filer?.observerID)
        }
        guard let filer else {
            throw DomainError.unauthenticated("Filing without a code needs a signed-in representative, observer or admin.")
        }
        guard AccessPolicy.mayFileWithoutCode(filer) else {
            throw DomainError.forbidden("The \(filer.role.rawValue) role does not file submissions.")
        }
        var origin = Origin(channel: valid.channel, filedBy: filer.id)
        switch filer.role {
        case .representative:
            origin.representativeID = filer.representativeID
            let rows = try await connection.query(
                "SELECT home_station_id FROM representatives WHERE id = \(filer.representativeID)", logger: logger
            ).collect()
            origin.stationID = try rows.first?.decode(UUID.self)
        case .observer:
            origin.observerID = filer.observerID
            let rows = try await connection.query(
                "SELECT representative_id, station_id FROM observers WHERE id = \(filer.observerID)", logger: logger
            ).collect()
            if let row = rows.first { (origin.representativeID, origin.stationID) = try row.decode((UUID?, UUID?).self) }
        case .admin, .department:
            break
        }
        if let station = valid.stationID {
            try await TreeCheck.requireExists(.stations, station, field: "station_id", on: connection, logger: logger)
            origin.stationID = station
        }
        return origin
    }

    private func requireCategory(_ code: String, on connection: PostgresConnection) async throws {
        let rows = try await connection.query("SELECT 1 FROM categories WHERE code = \(code) AND active", logger: logger).collect()
        if rows.isEmpty { throw DomainError.invalid("category", "is not an active category code (GET /v1/categories)") }
    }

    private func insert(
        _ valid: IntakeRequest.Valid, origin: Origin, filer: User?, now: Date, on connection: PostgresConnection
    ) async throws -> Receipt {
        let year = calendar.ymd(now).year
        let number = try await connection.query("SELECT next_receipt_number(\(year)::integer)", logger: logger).collect()
        let receiptNo = String(format: "MQ%04d-%06d", year, try number[0].decode(Int.self))
        let token = SecretToken.make()
        let nameBox = try valid.name.map { ByteBuffer(bytes: try sealer.seal($0)) }
        let phoneBox = try valid.phone.map { ByteBuffer(bytes: try sealer.seal($0)) }
        let rows = try await connection.query(
            """
            INSERT INTO submissions (receipt_no, tracking_token_hash, channel, code, representative_id, station_id,
                filed_by_user_id, filed_by_observer_id, kind, category, title, content, location_address, latitude, longitude,
                anonymous, contact_name_sealed, contact_phone_sealed, contact_phone_masked, contact_name_masked, status,
                created_at, updated_at)
            VALUES (\(receiptNo), \(ByteBuffer(bytes: SecretToken.sha256(token))), \(origin.channel.rawValue), \(origin.code),
                \(origin.representativeID), \(origin.stationID), \(origin.filedBy), \(origin.observerID), \(valid.kind.rawValue),
                \(valid.category), \(valid.title), \(valid.content), \(valid.address), \(valid.latitude), \(valid.longitude),
                \(valid.anonymous), \(nameBox), \(phoneBox), \(valid.phone.map(Masking.phone)), \(valid.name.map(Masking.name)),
                \(SubmissionStatus.submitted.rawValue), \(now), \(now))
            RETURNING id
            """,
            logger: logger
        ).collect()
        let id = try rows[0].decode(UUID.self)
        let actor = filer.map(Actor.init(user:)) ?? .resident
        try await Timeline.append(
            id, action: "submitted", actor: actor, to: .submitted, note: "channel: \(origin.channel.rawValue)",
            at: now, on: connection, logger: logger)
        return Receipt(
            id: id, receiptNo: receiptNo, trackingToken: token, createdAt: now,
            expectedReplyWorkingDays: policy.defaultWorkingDays(for: valid.kind))
    }

    /// Records the key, or replays the response stored under it: same body → the original receipt, another
    /// body → 409. A concurrent request with the same key waits here for the first one to commit.
    private func claimKey(_ key: String, hash: ByteBuffer, now: Date, on connection: PostgresConnection) async throws -> Receipt? {
        let expiry = now.addingTimeInterval(-24 * 3600)
        try await connection.query(
            "DELETE FROM idempotency_keys WHERE scope = 'submission' AND key = \(key) AND created_at < \(expiry)", logger: logger
        )
        let inserted = try await connection.query(
            """
            INSERT INTO idempotency_keys (scope, key, request_hash, created_at) VALUES ('submission', \(key), \(hash), \(now))
            ON CONFLICT (scope, key) DO NOTHING RETURNING 1
            """,
            logger: logger
        ).collect()
        if !inserted.isEmpty { return nil }
        let rows = try await connection.query(
            "SELECT request_hash, response->>'sealed' FROM idempotency_keys WHERE scope = 'submission' AND key = \(key)",
            logger: logger
        ).collect()
        guard let row = rows.first else { throw DomainError.conflict(code: "idempotency_key_in_use", detail: "Retry the request.") }
        let (storedHash, sealed) = try row.decode((ByteBuffer, String?).self)
        guard storedHash == hash else {
            throw DomainError.conflict(
                code: "idempotency_key_reused", detail: "This Idempotency-Key was used with a different request body."
            )
        }
        guard let sealed, let box = Data(base64Encoded: sealed) else {
            throw DomainError.conflict(code: "idempotency_key_in_use", detail: "The first request with this key is still running.")
        }
        return try JSONDecoder().decode(Receipt.self, from: Data(try sealer.open(Array(box)).utf8))
    }

    static func canonicalJSON(_ request: IntakeRequest) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(request)
    }
}
