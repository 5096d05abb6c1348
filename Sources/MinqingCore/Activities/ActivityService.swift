import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// Every action on an activity, each in one transaction that first locks the activity row and asks
/// ``ActivityStateMachine``. Who may act is decided before (``AccessPolicy/mayManage(activityOrganisedBy:caller:)``,
/// checked here against the locked row).
public struct ActivityService: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// A new planned activity. Staff place it in a region of their subtree; a representative organises a
    /// reception or report-back at one of his stations (its region is the station's), taking part himself.
    public func create(_ draft: ActivityDraft, by caller: User, within scope: AccessScope, now: Date) async throws -> UUID {
        guard let kind = draft.kind, let startsAt = draft.startsAt, let endsAt = draft.endsAt, let title = draft.title else {
            throw DomainError.invalid("kind", "is required")
        }
        var representatives = draft.representativeIDs ?? []
        var organiserRepresentative: UUID?
        let station = draft.stationID ?? nil
        return try await database.withTransaction(logger: logger) { connection in
            var region = draft.regionID
            if caller.role == .representative {
                guard kind.representativeMayOrganise else {
                    throw DomainError.forbidden("A representative organises receptions and report-backs; the congress's staff the rest.")
                }
                guard let me = caller.representativeID, let station,
                    try await Self.isOwnStation(station, of: me, on: connection, logger: logger)
                else { throw DomainError.invalid("station_id", "must be one of your own stations") }
                let stationRegion = try await connection.query("SELECT region_id FROM stations WHERE id = \(station)", logger: logger)
                    .collect()[0].decode(UUID.self)
                if let given = region, given != stationRegion {
                    throw DomainError.invalid("region_id", "must be the region of the station")
                }
                region = stationRegion
                organiserRepresentative = me
                if !representatives.contains(me) { representatives.insert(me, at: 0) }
            }
            guard let region else { throw DomainError.invalid("region_id", "is required") }
            try await RegionStore.requireRegion(region, within: scope.region, field: "region_id", on: connection, logger: logger)
            try Self.checkQuestions(draft.questions, kind: kind)
            try await check(
                region: region, station: station, officials: draft.officials ?? [], questions: draft.questions ?? [],
                representatives: representatives, planItem: draft.planItemID ?? nil, on: connection)
            let officials = String(decoding: try JSONEncoder().encode(draft.officials ?? []), as: UTF8.self)
            let questions = String(decoding: try JSONEncoder().encode(draft.questions ?? []), as: UTF8.self)
            let id = try await connection.query(
                """
                INSERT INTO activities (region_id, station_id, kind, title, topic, starts_at, ends_at, place, officials, organiser,
                                        organiser_representative_id, status, plan_item_id, questions, created_by_user_id, created_at,
                                        updated_at)
                VALUES (\(region), \(station), \(kind.rawValue), \(title), \(draft.topic), \(startsAt), \(endsAt), \(draft.place),
                        \(officials)::jsonb, \(draft.organiser), \(organiserRepresentative), \(ActivityStatus.planned.rawValue),
                        \(draft.planItemID ?? nil), \(questions)::jsonb, \(caller.id), \(now), \(now))
                RETURNING id
                """,
                logger: logger
            ).collect()[0].decode(UUID.self)
            try await replaceRepresentatives(id, representatives, on: connection)
            return id
        }
    }

    /// Changes a planned or held activity (nil fields keep their value; its region and kind stay).
    public func update(_ id: UUID, _ draft: ActivityDraft, by caller: User, now: Date) async throws {
        try await database.withTransaction(logger: logger) { connection in
            let locked = try await lock(id, by: caller, on: connection)
            _ = try ActivityStateMachine.next(from: locked.status, on: .revise)
            let (startsAt, endsAt) = (draft.startsAt ?? locked.startsAt, draft.endsAt ?? locked.endsAt)
            guard endsAt > startsAt else { throw DomainError.invalid("ends_at", "must be after starts_at") }
            let station = draft.stationID ?? locked.station
            if caller.role == .representative, draft.stationID != nil {
                guard let station, let me = caller.representativeID,
                    try await Self.isOwnStation(station, of: me, on: connection, logger: logger)
                else { throw DomainError.invalid("station_id", "must be one of your own stations") }
            }
            try Self.checkQuestions(draft.questions, kind: locked.kind)
            try await check(
                region: locked.region, station: station, officials: draft.officials ?? [], questions: draft.questions ?? [],
                representatives: draft.representativeIDs ?? [], planItem: draft.planItemID ?? nil, on: connection)
            let officials = try draft.officials.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
            let questions = try draft.questions.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
            try await connection.query(
                """
                UPDATE activities SET title = coalesce(\(draft.title), title), topic = coalesce(\(draft.topic), topic),
                    station_id = \(station), starts_at = \(startsAt), ends_at = \(endsAt), place = coalesce(\(draft.place), place),
                    officials = coalesce(\(officials)::jsonb, officials), questions = coalesce(\(questions)::jsonb, questions),
                    organiser = coalesce(\(draft.organiser), organiser),
                    visitors = coalesce(\(draft.visitors), visitors), minutes = coalesce(\(draft.minutes), minutes),
                    plan_item_id = CASE WHEN \(draft.planItemID != nil) THEN \(draft.planItemID ?? nil) ELSE plan_item_id END,
                    updated_at = \(now)
                WHERE id = \(id)
                """,
                logger: logger
            )
            if var representatives = draft.representativeIDs {
                if let organiser = locked.organiser, !representatives.contains(organiser) { representatives.insert(organiser, at: 0) }
                try await replaceRepresentatives(id, representatives, on: connection)
            }
        }
    }

    /// It took place: only once it has started; visitors and minutes may be recorded with it.
    public func hold(_ id: UUID, visitors: Int?, minutes: String?, by caller: User, now: Date) async throws {
        try await database.withTransaction(logger: logger) { connection in
            let locked = try await lock(id, by: caller, on: connection)
            let next = try ActivityStateMachine.hold(from: locked.status, startsAt: locked.startsAt, now: now)
            try await connection.query(
                """
                UPDATE activities SET status = \(next.rawValue), held_at = \(now), visitors = coalesce(\(visitors), visitors),
                    minutes = coalesce(\(minutes), minutes), updated_at = \(now)
                WHERE id = \(id)
                """,
                logger: logger
            )
        }
    }

    /// Its follow-up is finished: a consultation needs its minutes, and every problem of the list a reply.
    public func close(_ id: UUID, minutes: String?, by caller: User, now: Date) async throws {
        try await database.withTransaction(logger: logger) { connection in
            let locked = try await lock(id, by: caller, on: connection)
            let awaiting = try await Self.problemsAwaitingReply(id, on: connection, logger: logger)
            let next = try ActivityStateMachine.close(
                from: locked.status, kind: locked.kind, hasMinutes: (minutes ?? locked.minutes) != nil, problemsAwaitingReply: awaiting)
            try await connection.query(
                """
                UPDATE activities SET status = \(next.rawValue), closed_at = \(now), minutes = coalesce(\(minutes), minutes),
                    updated_at = \(now)
                WHERE id = \(id)
                """,
                logger: logger
            )
        }
    }

    /// Makes a held or closed activity's outcome public (公开成果) on the page of its code, `/a/{code}`: its
    /// topic, its problems and their replies, no personal data. It needs a code (409 `activity_code_missing`).
    public func publish(_ id: UUID, by caller: User, now: Date) async throws {
        try await database.withTransaction(logger: logger) { connection in
            let locked = try await lock(id, by: caller, on: connection)
            _ = try ActivityStateMachine.next(from: locked.status, on: .publish)
            let codes = try await connection.query("SELECT 1 FROM codes WHERE activity_id = \(id)", logger: logger).collect()
            guard !codes.isEmpty else {
                throw DomainError.conflict(
                    code: "activity_code_missing", detail: "Issue the activity's code first: its public page lives at /a/{code}.")
            }
            try await connection.query(
                "UPDATE activities SET published_at = coalesce(published_at, \(now)), updated_at = \(now) WHERE id = \(id)",
                logger: logger
            )
        }
    }

    /// Called off before it was held; the reason is kept as its minutes' note.
    public func cancel(_ id: UUID, reason: String, by caller: User, now: Date) async throws {
        try await database.withTransaction(logger: logger) { connection in
            let locked = try await lock(id, by: caller, on: connection)
            let next = try ActivityStateMachine.next(from: locked.status, on: .cancel)
            try await connection.query(
                """
                UPDATE activities SET status = \(next.rawValue), cancelled_at = \(now), minutes = \(reason), updated_at = \(now)
                WHERE id = \(id)
                """,
                logger: logger
            )
        }
    }

    // MARK: - Helpers

    struct Locked {
        let status: ActivityStatus
        let kind: ActivityKind
        let region: UUID
        let station: UUID?
        let startsAt: Date
        let endsAt: Date
        let organiser: UUID?
        let minutes: String?
        let hasReviewOpinion: Bool
    }

    /// Locks the row and refuses a caller who may not run it (403: he reaches it, so it is no secret).
    func lock(_ id: UUID, by caller: User, on connection: PostgresConnection) async throws -> Locked {
        let locked = try await Self.lock(id, on: connection, logger: logger)
        guard AccessPolicy.mayManage(activityOrganisedBy: locked.organiser, caller: caller) else {
            throw DomainError.forbidden("Only the congress's staff and the representative who organised it run this activity.")
        }
        return locked
    }

    static func lock(_ id: UUID, on connection: PostgresConnection, logger: Logger) async throws -> Locked {
        let rows = try await connection.query(
            """
            SELECT status, kind, region_id, station_id, starts_at, ends_at, organiser_representative_id, minutes,
                   review_opinion IS NOT NULL
            FROM activities WHERE id = \(id) FOR UPDATE
            """,
            logger: logger
        ).collect()
        guard let row = rows.first else { throw DomainError.notFound("Activity \(id)") }
        let (status, kind, region, station, startsAt, endsAt, organiser, minutes, hasReviewOpinion) =
            try row.decode((String, String, UUID, UUID?, Date, Date, UUID?, String?, Bool).self)
        return Locked(
            status: ActivityStatus(rawValue: status) ?? .cancelled, kind: ActivityKind(rawValue: kind) ?? .talk, region: region,
            station: station, startsAt: startsAt, endsAt: endsAt, organiser: organiser, minutes: minutes,
            hasReviewOpinion: hasReviewOpinion)
    }

    /// Problems of the activity's list that no lead department has replied to yet.
    static func problemsAwaitingReply(_ id: UUID, on connection: PostgresConnection, logger: Logger) async throws -> Int {
        let awaiting = ProblemStatus.allCases.filter(\.awaitsReply).map(\.rawValue)
        return try await connection.query(
            "SELECT count(*)::int FROM activity_problems WHERE activity_id = \(id) AND status = ANY(\(awaiting))", logger: logger
        ).collect()[0].decode(Int.self)
    }

    static func isOwnStation(_ station: UUID, of representative: UUID, on connection: PostgresConnection, logger: Logger)
        async throws -> Bool
    {
        try await connection.query(
            """
            SELECT 1 FROM representatives WHERE id = \(representative) AND home_station_id = \(station)
            UNION ALL SELECT 1 FROM representative_stations WHERE representative_id = \(representative) AND station_id = \(station)
            """,
            logger: logger
        ).collect().isEmpty == false
    }

    /// The station lies in the activity's region or below it; the representatives are active and of its
    /// region, one below or one above it (a county's representative at a township's event); each official's
    /// department exists.
    private func check(
        region: UUID, station: UUID?, officials: [ActivityOfficial], questions: [InquiryQuestion], representatives: [UUID],
        planItem: UUID?, on connection: PostgresConnection
    ) async throws {
        if let planItem {
            let rows = try await connection.query(
                """
                SELECT 1 FROM consultation_plan_items p, regions a
                WHERE p.id = \(planItem) AND a.id = \(region) AND a.path @> ARRAY[p.region_id]
                """,
                logger: logger
            ).collect()
            if rows.isEmpty { throw DomainError.invalid("plan_item_id", "is not an item of a consultation plan of this region or above") }
        }
        if let station {
            let rows = try await connection.query(
                """
                SELECT r.path @> ARRAY[\(region)]::uuid[] FROM stations st JOIN regions r ON r.id = st.region_id WHERE st.id = \(station)
                """,
                logger: logger
            ).collect()
            guard let inside = try rows.first?.decode(Bool.self) else {
                throw DomainError.invalid("station_id", "does not refer to an existing station")
            }
            guard inside else { throw DomainError.invalid("station_id", "lies outside the activity's region") }
        }
        if !representatives.isEmpty {
            let rows = try await connection.query(
                """
                SELECT p.id FROM representatives p JOIN regions r ON r.id = p.region_id, regions a
                WHERE a.id = \(region) AND p.id = ANY(\(representatives)) AND p.active
                  AND (r.path @> ARRAY[a.id] OR a.path @> ARRAY[p.region_id])
                """,
                logger: logger
            ).collect()
            let found = Set(try rows.map { try $0.decode(UUID.self) })
            if let index = representatives.firstIndex(where: { !found.contains($0) }) {
                throw DomainError.invalid("representative_ids[\(index)]", "does not refer to an active representative of this region")
            }
        }
        let departments = officials.compactMap(\.departmentID) + questions.compactMap(\.departmentID)
        if !departments.isEmpty {
            let rows = try await connection.query("SELECT id FROM departments WHERE id = ANY(\(departments))", logger: logger).collect()
            let found = Set(try rows.map { try $0.decode(UUID.self) })
            let unknown = { (id: UUID?) in id.map { !found.contains($0) } ?? false }
            if let index = officials.firstIndex(where: { unknown($0.departmentID) }) {
                throw DomainError.invalid("officials[\(index)].department_id", "does not refer to an existing department")
            }
            if let index = questions.firstIndex(where: { unknown($0.departmentID) }) {
                throw DomainError.invalid("questions[\(index)].department_id", "does not refer to an existing department")
            }
        }
    }

    /// Questions are an inquiry's (专题询问) only.
    private static func checkQuestions(_ questions: [InquiryQuestion]?, kind: ActivityKind) throws {
        if let questions, !questions.isEmpty, !kind.takesQuestions {
            throw DomainError.invalid("questions", "are kept for an inquiry (专题询问) only")
        }
    }

    private func replaceRepresentatives(_ id: UUID, _ representatives: [UUID], on connection: PostgresConnection) async throws {
        try await connection.query("DELETE FROM activity_representatives WHERE activity_id = \(id)", logger: logger)
        let unique = representatives.reduce(into: [UUID]()) { if !$0.contains($1) { $0.append($1) } }
        guard !unique.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO activity_representatives (activity_id, representative_id) SELECT \(id), unnest(\(unique)::uuid[])
            """,
            logger: logger
        )
    }
}
