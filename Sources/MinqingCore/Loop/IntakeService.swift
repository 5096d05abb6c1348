import Crypto
import Foundation
import Logging
import MinqingRules
import NIOCore
import PostgresNIO

/// Files submissions: rate limits, idempotent replay, code or staff channel, encrypted contact data,
/// receipt numbers from the year's sequence (unique and increasing, with a gap where a filing rolled back);
/// everything a filing writes in one statement, so in one transaction.
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
        return try await file(
            valid, request, bucket: valid.code.map { "intake:code:\($0)" }, clientAddress: clientAddress,
            idempotencyKey: idempotencyKey, actor: filer.map(Actor.init(user:)) ?? .resident, now: now
        ) { connection in
            try await resolveOrigin(valid, filer: filer, now: now, on: connection)
        }
    }

    /// A filing through the Open311 facade with a live key: it lands in the key's region and station with
    /// channel `open311`, counted against the key's own rate bucket (as a code's) besides the address's.
    public func file(
        _ request: IntakeRequest, through open311: Open311Key, mediaURL: String?, clientAddress: String, idempotencyKey: String?,
        now: Date
    ) async throws -> Receipt {
        let valid = try request.validated(as: .open311)
        return try await file(
            valid, request, bucket: "intake:open311:\(open311.id)", clientAddress: clientAddress, idempotencyKey: idempotencyKey,
            actor: .resident, note: "channel: open311 (\(open311.name))", now: now
        ) { connection in
            try await requireCategory(valid.category, on: connection)
            return Origin(
                channel: .open311, stationID: open311.stationID, regionID: open311.regionID, open311KeyID: open311.id,
                mediaURL: mediaURL)
        }
    }

    private func file(
        _ valid: IntakeRequest.Valid, _ request: IntakeRequest, bucket: String?, clientAddress: String, idempotencyKey: String?,
        actor: Actor, note: String? = nil, now: Date, origin resolve: (PostgresConnection) async throws -> Origin
    ) async throws -> Receipt {
        if let key = idempotencyKey, key.isEmpty || key.count > 128 {
            throw DomainError.invalid("Idempotency-Key", "must be 1 to 128 characters")
        }
        let buckets =
            [("intake:address:\(clientAddress)", policy.intakePerAddressPerMinute)]
            + (bucket.map { [($0, policy.intakePerCodePerMinute)] } ?? [])
        let key = try idempotencyKey.map { (key: $0, hash: ByteBuffer(bytes: SHA256.hash(data: try Self.canonicalJSON(request)))) }
        // the submission's id and tracking token are made first, so that the key can name them when it is claimed
        let filing = (id: UUID(), token: SecretToken.make())
        // Three statements on one connection, each its own transaction: the rate count, the reads that
        // check the filing, and one statement that claims the key and writes the submission with its first
        // timeline entry (atomic as any statement is). A filing through a code is three round trips.
        return try await database.withConnection { connection in
            try await RateLimiter(database: database, logger: logger).hit(buckets, now: now, on: connection)
            let origin: Origin
            do {
                origin = try await resolve(connection)
            } catch let refusal as DomainError {
                // a retry of a filing that went through replays it, even if its code was withdrawn since
                if let key, let replay = try await replay(key.key, hash: key.hash, now: now, on: connection) { return replay }
                throw refusal
            }
            if let receipt = try await insert(
                valid, as: filing, claiming: key, origin: origin, actor: actor, note: note ?? "channel: \(origin.channel.rawValue)",
                now: now, on: connection)
            {
                return receipt
            }
            // the key was claimed before, and not by a filing older than a day: this is a retry
            guard let key, let replay = try await replay(key.key, hash: key.hash, now: now, on: connection) else {
                throw DomainError.conflict(code: "idempotency_key_in_use", detail: "Retry the request.")
            }
            return replay
        }
    }

    /// Where a submission came from: the code's representative and station, or the staff filer's; and the
    /// region it belongs to: the station's (of the code, else the filer's), else the filing staff member's.
    struct Origin {
        var channel: MinqingRules.Channel
        var code: String?
        var representativeID: UUID?
        var stationID: UUID?
        var regionID: UUID?
        var filedBy: UUID?
        var observerID: UUID?
        var activityID: UUID?
        var rotaSlotID: UUID?
        var open311KeyID: UUID?
        var mediaURL: String?
    }

    /// Also checks the category: for a filing through a code in the same query (one round trip fewer on the
    /// path every resident takes).
    private func resolveOrigin(_ valid: IntakeRequest.Valid, filer: User?, now: Date, on connection: PostgresConnection) async throws
        -> Origin
    {
        if let code = valid.code {
            let rows = try await connection.query(
                """
                SELECT c.status, c.representative_id, c.station_id, st.region_id,
                       EXISTS (SELECT 1 FROM categories WHERE code = \(valid.category) AND active),
                       c.activity_id, v.region_id, v.starts_at, v.ends_at, v.status
                FROM codes c JOIN stations st ON st.id = c.station_id LEFT JOIN activities v ON v.id = c.activity_id
                WHERE c.code = \(code)
                """,
                logger: logger
            ).collect()
            guard let row = rows.first else { throw DomainError.invalid("code", "is not a known code") }
            let (status, representative, station, region, categoryActive, activity, activityRegion, startsAt, endsAt, activityStatus) =
                try row.decode((String, UUID?, UUID, UUID, Bool, UUID?, UUID?, Date?, Date?, String?).self)
            guard status == Code.Status.active.rawValue else {
                throw DomainError.gone(code: "code_revoked", detail: "This code was withdrawn; ask the station for a current one.")
            }
            // an activity's code files into the activity, within its window, in the region that runs it
            if activity != nil, let startsAt, let endsAt {
                try policy.activityCodeWindow.check(
                    startsAt: startsAt, endsAt: endsAt, cancelled: activityStatus == ActivityStatus.cancelled.rawValue, now: now)
            }
            guard categoryActive else { throw Self.unknownCategory }
            return Origin(
                channel: activity == nil ? .code : .activity, code: code, representativeID: representative, stationID: station,
                regionID: activityRegion ?? region, filedBy: filer?.id, observerID: filer?.observerID, activityID: activity)
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
                """
                SELECT r.home_station_id, st.region_id FROM representatives r JOIN stations st ON st.id = r.home_station_id
                WHERE r.id = \(filer.representativeID)
                """,
                logger: logger
            ).collect()
            if let row = rows.first { (origin.stationID, origin.regionID) = try row.decode((UUID?, UUID?).self) }
        case .observer:
            origin.observerID = filer.observerID
            let rows = try await connection.query(
                """
                SELECT o.representative_id, o.station_id, st.region_id FROM observers o JOIN stations st ON st.id = o.station_id
                WHERE o.id = \(filer.observerID)
                """,
                logger: logger
            ).collect()
            if let row = rows.first {
                (origin.representativeID, origin.stationID, origin.regionID) = try row.decode((UUID?, UUID?, UUID?).self)
            }
        case .staff:
            origin.regionID = filer.regionID
        case .admin, .leader, .department:
            break
        }
        if let station = valid.stationID {
            let rows = try await connection.query("SELECT region_id FROM stations WHERE id = \(station)", logger: logger).collect()
            guard let region = try rows.first?.decode(UUID.self) else {
                throw DomainError.invalid("station_id", "does not refer to an existing station")
            }
            try await RegionStore.requireRegion(
                region, within: AccessPolicy.scope(of: filer).region, field: "station_id", on: connection, logger: logger)
            origin.stationID = station
            origin.regionID = region
        }
        if let slot = valid.rotaSlotID {
            (origin.stationID, origin.regionID) = try await receptionStation(slot, filer: filer, now: now, on: connection)
            origin.rotaSlotID = slot
        }
        if origin.regionID == nil { throw DomainError.invalid("station_id", "is required: the filing must belong to a station's region") }
        try await requireCategory(valid.category, on: connection)
        return origin
    }

    /// The station and region of a reception filing's slot, with the refusals of recording its reception: a
    /// slot the filer's scope does not reach reads as unknown, a representative not on it gets 403, and one
    /// not yet started is 409 `slot_not_started`.
    private func receptionStation(_ slot: UUID, filer: User, now: Date, on connection: PostgresConnection) async throws
        -> (station: UUID, region: UUID)
    {
        var query = QueryBuilder("")
        query.base = """
            SELECT s.station_id, st.region_id, s.starts_at, EXISTS (SELECT 1 FROM rota_slot_representatives x
                WHERE x.slot_id = s.id AND x.representative_id = \(query.bind(filer.representativeID))::uuid)
            FROM rota_slots s JOIN stations st ON st.id = s.station_id
            """
        query.filter(slot) { "s.id = \($0)" }
        RotaStore.restrict(&query, to: AccessPolicy.scope(of: filer))
        let rows = try await connection.query(query.query(suffix: ""), logger: logger).collect()
        guard let (station, region, starts, onDuty) = try rows.first?.decode((UUID, UUID, Date, Bool).self) else {
            throw DomainError.invalid("rota_slot_id", "does not refer to an existing duty slot")
        }
        if filer.role == .representative, !onDuty {
            throw DomainError.forbidden("Only the representatives on this slot file its reception.")
        }
        guard now >= starts else {
            throw DomainError.conflict(code: "slot_not_started", detail: "The slot starts at \(starts); file its reception after that.")
        }
        return (station, region)
    }

    private func requireCategory(_ code: String, on connection: PostgresConnection) async throws {
        let rows = try await connection.query("SELECT 1 FROM categories WHERE code = \(code) AND active", logger: logger).collect()
        if rows.isEmpty { throw Self.unknownCategory }
    }

    private static let unknownCategory = DomainError.invalid("category", "is not an active category code (GET /v1/categories)")

    /// Writes the submission and its first timeline entry, claiming the Idempotency-Key in the same
    /// statement with the id and sealed tracking token the filing has. `nil` when the key was claimed before
    /// (a key older than a day is spent and taken over as if new). A concurrent request with the same key
    /// waits on the key's primary key until the first one commits or rolls back, then files itself or finds
    /// the key claimed.
    func insert(
        _ valid: IntakeRequest.Valid, as filing: (id: UUID, token: String), claiming key: (key: String, hash: ByteBuffer)?,
        origin: Origin, actor: Actor, note: String, now: Date, on connection: PostgresConnection
    ) async throws -> Receipt? {
        let year = calendar.ymd(now).year
        var q = QueryBuilder("")
        var claim = ""
        if let key {
            let token = Data(try sealer.seal(filing.token)).base64EncodedString()
            claim = """
                claim AS (
                    INSERT INTO idempotency_keys (scope, key, request_hash, response, created_at)
                    VALUES ('submission', \(q.bind(key.key)), \(q.bind(key.hash)),
                            jsonb_build_object('submission_id', \(q.bind(filing.id))::text, 'token_sealed', \(q.bind(token))::text),
                            \(q.bind(now)))
                    ON CONFLICT (scope, key) DO UPDATE
                        SET request_hash = EXCLUDED.request_hash, response = EXCLUDED.response, created_at = EXCLUDED.created_at
                    WHERE idempotency_keys.created_at < \(q.bind(Self.keyExpiry(now)))
                    RETURNING 1),
                """
        }
        let nameBox = try valid.name.map { ByteBuffer(bytes: try sealer.seal($0)) }
        let phoneBox = try valid.phone.map { ByteBuffer(bytes: try sealer.seal($0)) }
        let filed = """
            filed AS (
                INSERT INTO submissions (id, receipt_no, tracking_token_hash, channel, code, representative_id, station_id,
                    region_id, origin_region_id, filed_by_user_id, filed_by_observer_id, kind, category, title, content, location_address, latitude,
                    longitude, anonymous, contact_name_sealed, contact_phone_sealed, contact_phone_masked, contact_name_masked,
                    status, activity_id, rota_slot_id, open311_key_id, media_url, created_at, updated_at)
                SELECT \(q.bind(filing.id)), next_receipt_no(\(q.bind(year))::integer),
                    \(q.bind(ByteBuffer(bytes: SecretToken.sha256(filing.token)))), \(q.bind(origin.channel.rawValue)),
                    \(q.bind(origin.code))::text, \(q.bind(origin.representativeID))::uuid, \(q.bind(origin.stationID))::uuid,
                    \(q.bind(origin.regionID))::uuid, \(q.bind(origin.regionID))::uuid, \(q.bind(origin.filedBy))::uuid, \(q.bind(origin.observerID))::uuid, \(q.bind(valid.kind.rawValue)),
                    \(q.bind(valid.category)), \(q.bind(valid.title))::text, \(q.bind(valid.content)), \(q.bind(valid.address))::text,
                    \(q.bind(valid.latitude))::double precision, \(q.bind(valid.longitude))::double precision,
                    \(q.bind(valid.anonymous)), \(q.bind(nameBox))::bytea, \(q.bind(phoneBox))::bytea,
                    \(q.bind(valid.phone.map(Masking.phone)))::text, \(q.bind(valid.name.map(Masking.name)))::text,
                    \(q.bind(SubmissionStatus.submitted.rawValue)), \(q.bind(origin.activityID))::uuid,
                    \(q.bind(origin.rotaSlotID))::uuid, \(q.bind(origin.open311KeyID))::uuid, \(q.bind(origin.mediaURL))::text,
                    \(q.bind(now)), \(q.bind(now))
                \(key == nil ? "" : "WHERE EXISTS (SELECT 1 FROM claim)")
                RETURNING id, receipt_no)
            """
        let entry = Timeline.appendStatement(
            from: "filed", action: "submitted", actor: actor, to: .submitted, note: note, at: now, binding: &q)
        // its terms for hot words, counted in the region it is filed in
        var terms = ""
        let extracted = ItemTerms.extract([valid.title, valid.content])
        if let region = origin.regionID, !extracted.terms.isEmpty {
            let dimensions = ItemTerms.Dimensions(
                region: region, station: origin.stationID, representative: origin.representativeID, category: valid.category,
                filedAt: now)
            let insert = ItemTerms.insertStatement(
                kind: .submission, from: "filed f", terms: extracted, dimensions: dimensions, binding: &q)
            terms = ", terms AS (\(insert))"
        }
        q.base = "WITH \(claim) \(filed), entry AS (\(entry)) \(terms) SELECT receipt_no FROM filed"
        let rows = try await connection.query(q.query(suffix: ""), logger: logger).collect()
        guard let row = rows.first else { return nil }
        return Receipt(
            id: filing.id, receiptNo: try row.decode(String.self), trackingToken: filing.token, createdAt: now,
            expectedReplyWorkingDays: policy.defaultWorkingDays(for: valid.kind))
    }

    /// A key is spent a day after it was claimed.
    private static func keyExpiry(_ now: Date) -> Date { now.addingTimeInterval(-24 * 3600) }

    /// The filing stored under a key claimed within the last day: same body → its receipt, another body →
    /// 409; `nil` when no such key is stored.
    private func replay(_ key: String, hash: ByteBuffer, now: Date, on connection: PostgresConnection) async throws -> Receipt? {
        let rows = try await connection.query(
            """
            SELECT k.request_hash, k.response->>'sealed', k.response->>'token_sealed', s.id, s.receipt_no, s.created_at, s.kind
            FROM idempotency_keys k
            LEFT JOIN submissions s ON s.id = (k.response->>'submission_id')::uuid
            WHERE k.scope = 'submission' AND k.key = \(key) AND k.created_at >= \(Self.keyExpiry(now))
            """,
            logger: logger
        ).collect()
        guard let row = rows.first else { return nil }
        let (storedHash, legacy, sealedToken, id, receiptNo, createdAt, kind) =
            try row.decode((ByteBuffer, String?, String?, UUID?, String?, Date?, String?).self)
        guard storedHash == hash else {
            throw DomainError.conflict(
                code: "idempotency_key_reused", detail: "This Idempotency-Key was used with a different request body."
            )
        }
        if let sealedToken, let box = Data(base64Encoded: sealedToken), let id, let receiptNo, let createdAt,
            let kind = kind.flatMap(SubmissionKind.init(rawValue:))
        {
            return Receipt(
                id: id, receiptNo: receiptNo, trackingToken: try sealer.open(Array(box)), createdAt: createdAt,
                expectedReplyWorkingDays: policy.defaultWorkingDays(for: kind))
        }
        // a key claimed by an earlier version kept the whole receipt, sealed (such keys expire within a day)
        guard let legacy, let box = Data(base64Encoded: legacy) else {
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
