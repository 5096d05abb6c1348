import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// A station's duty rota in PostgreSQL: a month's slots, check-ins on the day, receptions recorded.
public struct RotaStore: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    public struct Slot: Sendable {
        public var id: UUID
        public var stationID: UUID
        public var date: String
        public var from: Int
        public var to: Int
        public var endsAt: Date
        public var representativeIDs: [UUID]
        public var checkIns: [(representativeID: UUID, at: Date)]
        public var visitors: Int?
        public var note: String?
        public var recordedAt: Date?
        /// Submissions filed at the reception (channel `reception`, linked to the slot).
        public var submissions: Int
    }

    static let columns = """
        s.id, s.station_id, s.day::text AS day, s.from_minute, s.to_minute, s.ends_at, s.visitors, s.note, s.recorded_at,
        ARRAY(SELECT x.representative_id FROM rota_slot_representatives x WHERE x.slot_id = s.id ORDER BY x.representative_id)
            AS representative_ids,
        ARRAY(SELECT x.representative_id FROM rota_slot_representatives x WHERE x.slot_id = s.id AND x.checked_in_at IS NOT NULL
              ORDER BY x.representative_id) AS checked_in,
        ARRAY(SELECT x.checked_in_at FROM rota_slot_representatives x WHERE x.slot_id = s.id AND x.checked_in_at IS NOT NULL
              ORDER BY x.representative_id) AS checked_in_at,
        (SELECT count(*)::int FROM submissions b WHERE b.rota_slot_id = s.id) AS submissions
        """

    /// A station's slots of a month (`YYYY-MM`) in time order; with `representative`, only his.
    public func month(station: UUID, month: String, representative: UUID? = nil) async throws -> [Slot] {
        try await database.withConnection { connection in
            try await Self.month(station: station, month: month, representative: representative, on: connection, logger: logger)
        }
    }

    static func month(
        station: UUID, month: String, representative: UUID? = nil, on connection: PostgresConnection, logger: Logger
    ) async throws -> [Slot] {
        var query = QueryBuilder("SELECT \(Self.columns) FROM rota_slots s")
        query.filter(station) { "s.station_id = \($0)" }
        query.filter(month + "-01") { "s.day >= \($0)::date AND s.day < (\($0)::date + interval '1 month')" }
        query.filter(representative) {
            "EXISTS (SELECT 1 FROM rota_slot_representatives x WHERE x.slot_id = s.id AND x.representative_id = \($0))"
        }
        return try await connection.query(query.query(suffix: "ORDER BY s.day, s.from_minute, s.id"), logger: logger).collect()
            .map(Self.decode)
    }

    /// The station's next slot not yet over at `now` (with `representative`, his next one there), for the
    /// code pages.
    public func next(station: UUID, representative: UUID?, now: Date) async throws -> Slot? {
        var query = QueryBuilder("SELECT \(Self.columns) FROM rota_slots s")
        query.filter(station) { "s.station_id = \($0)" }
        query.filter(now) { "s.ends_at > \($0)" }
        query.filter(representative) {
            "EXISTS (SELECT 1 FROM rota_slot_representatives x WHERE x.slot_id = s.id AND x.representative_id = \($0))"
        }
        return try await database.query(query.query(suffix: "ORDER BY s.starts_at, s.id LIMIT 1"), logger: logger).first.map(Self.decode)
    }

    /// Replaces a station's month in one transaction (``DutyRota`` checks it, with the representatives'
    /// slots at other stations): slots named by id are kept (with their check-ins and reception), new
    /// ones added, the rest removed — unless someone checked in, a reception was recorded or an item
    /// was filed there (409 `slot_in_use`).
    public func replace(station: UUID, month: String, with slots: [DutySlot], calendar: LocalCalendar, now: Date) async throws
        -> [Slot]
    {
        try await database.withTransaction(logger: logger) { connection in
            // one writer per station at a time; each representative's slots elsewhere are read under it
            let found = try await connection.query("SELECT 1 FROM stations WHERE id = \(station) FOR UPDATE", logger: logger).collect()
            guard !found.isEmpty else { throw DomainError.notFound("Station \(station)") }
            let first = month + "-01"
            let representatives = Array(Set(slots.flatMap(\.representativeIDs)))
            let active = Set(
                try await connection.query(
                    "SELECT id FROM representatives WHERE id = ANY(\(representatives)) AND active", logger: logger
                ).collect().map { try $0.decode(UUID.self) })
            if let index = slots.firstIndex(where: { $0.representativeIDs.contains { !active.contains($0) } }) {
                throw DomainError.invalid("slots[\(index)].representative_ids", "names an unknown or inactive representative")
            }
            let elsewhere = try await connection.query(
                """
                SELECT x.representative_id, s.day::text, s.from_minute, s.to_minute
                FROM rota_slots s JOIN rota_slot_representatives x ON x.slot_id = s.id
                WHERE s.station_id <> \(station) AND x.representative_id = ANY(\(representatives))
                  AND s.day >= \(first)::date AND s.day < (\(first)::date + interval '1 month')
                """,
                logger: logger
            ).collect().map { row in
                let (representative, day, from, to) = try row.decode((UUID, String, Int, Int).self)
                return DutyRota.Busy(representativeID: representative, date: day, from: from, to: to)
            }
            try DutyRota.check(slots, month: month, elsewhere: elsewhere)
            let existing = try await connection.query(
                """
                SELECT s.id, s.recorded_at IS NOT NULL OR EXISTS (
                    SELECT 1 FROM rota_slot_representatives x WHERE x.slot_id = s.id AND x.checked_in_at IS NOT NULL)
                    OR EXISTS (SELECT 1 FROM submissions b WHERE b.rota_slot_id = s.id)
                FROM rota_slots s
                WHERE s.station_id = \(station) AND s.day >= \(first)::date AND s.day < (\(first)::date + interval '1 month')
                """,
                logger: logger
            ).collect().map { try $0.decode((UUID, Bool).self) }
            let known = Dictionary(uniqueKeysWithValues: existing)
            if let index = slots.firstIndex(where: { $0.id.map { known[$0] == nil } ?? false }) {
                throw DomainError.invalid("slots[\(index)].id", "is not a slot of this station's month")
            }
            let kept = Set(slots.compactMap(\.id))
            let removed = known.keys.filter { !kept.contains($0) }
            if removed.contains(where: { known[$0] == true }) {
                throw DomainError.conflict(
                    code: "slot_in_use",
                    detail: "A slot someone checked in to, whose reception was recorded or where items were filed, stays in the rota.")
            }
            if !removed.isEmpty {
                try await connection.query("DELETE FROM rota_slots WHERE id = ANY(\(Array(removed)))", logger: logger)
            }
            for slot in slots {
                let parts = slot.date.split(separator: "-").compactMap { Int($0) }
                let starts = calendar.date(year: parts[0], month: parts[1], day: parts[2], hour: slot.from / 60, minute: slot.from % 60)
                let ends = calendar.date(year: parts[0], month: parts[1], day: parts[2], hour: slot.to / 60, minute: slot.to % 60)
                let id: UUID
                if let existingID = slot.id {
                    id = existingID
                    try await connection.query(
                        """
                        UPDATE rota_slots SET day = \(slot.date)::date, from_minute = \(slot.from), to_minute = \(slot.to),
                            starts_at = \(starts), ends_at = \(ends), updated_at = \(now)
                        WHERE id = \(id)
                        """,
                        logger: logger
                    )
                    try await connection.query(
                        "DELETE FROM rota_slot_representatives WHERE slot_id = \(id) AND NOT (representative_id = ANY(\(slot.representativeIDs)))",
                        logger: logger
                    )
                } else {
                    id = try await connection.query(
                        """
                        INSERT INTO rota_slots (station_id, day, from_minute, to_minute, starts_at, ends_at, created_at, updated_at)
                        VALUES (\(station), \(slot.date)::date, \(slot.from), \(slot.to), \(starts), \(ends), \(now), \(now))
                        RETURNING id
                        """,
                        logger: logger
                    ).collect()[0].decode(UUID.self)
                }
                try await connection.query(
                    """
                    INSERT INTO rota_slot_representatives (slot_id, representative_id)
                    SELECT \(id), unnest(\(slot.representativeIDs)::uuid[]) ON CONFLICT DO NOTHING
                    """,
                    logger: logger
                )
            }
            return try await Self.month(station: station, month: month, on: connection, logger: logger)
        }
    }

    /// A representative on the slot checks in, only on its local day (409 `not_slot_day`); again changes nothing.
    public func checkIn(_ slot: UUID, representative: UUID, calendar: LocalCalendar, now: Date) async throws {
        try await database.withTransaction(logger: logger) { connection in
            let rows = try await connection.query(
                """
                SELECT s.day::text, EXISTS (SELECT 1 FROM rota_slot_representatives x WHERE x.slot_id = s.id AND x.representative_id = \(representative))
                FROM rota_slots s WHERE s.id = \(slot) FOR UPDATE
                """,
                logger: logger
            ).collect()
            guard let (day, onDuty) = try rows.first?.decode((String, Bool).self) else { throw DomainError.notFound("Slot \(slot)") }
            guard onDuty else { throw DomainError.forbidden("Only the representatives on this slot check in to it.") }
            guard day == WorkingCalendar.Day(now, in: calendar).key else {
                throw DomainError.conflict(code: "not_slot_day", detail: "This slot is on \(day); check in on that day.")
            }
            try await connection.query(
                """
                UPDATE rota_slot_representatives SET checked_in_at = coalesce(checked_in_at, \(now))
                WHERE slot_id = \(slot) AND representative_id = \(representative)
                """,
                logger: logger
            )
        }
    }

    /// The reception the slot held: visitors and a note, once it has started (409 `slot_not_started`);
    /// recording again corrects it. A representative records only a slot he is on (403).
    public func recordReception(_ slot: UUID, visitors: Int, note: String?, representative: UUID?, now: Date) async throws {
        try await database.withTransaction(logger: logger) { connection in
            let rows = try await connection.query(
                """
                SELECT s.starts_at, EXISTS (SELECT 1 FROM rota_slot_representatives x WHERE x.slot_id = s.id AND x.representative_id = \(representative))
                FROM rota_slots s WHERE s.id = \(slot) FOR UPDATE
                """,
                logger: logger
            ).collect()
            guard let (starts, onDuty) = try rows.first?.decode((Date, Bool).self) else { throw DomainError.notFound("Slot \(slot)") }
            if representative != nil, !onDuty { throw DomainError.forbidden("Only the representatives on this slot record its reception.") }
            guard now >= starts else {
                throw DomainError.conflict(
                    code: "slot_not_started", detail: "The slot starts at \(starts); record its reception after that.")
            }
            try await connection.query(
                "UPDATE rota_slots SET visitors = \(visitors), note = \(note), recorded_at = \(now), updated_at = \(now) WHERE id = \(slot)",
                logger: logger
            )
        }
    }

    /// Whether the scope reaches the slot: a region its station's; a representative one at his stations
    /// (home or further: he reads the rota there, and checking in to another's slot is 403, not 404).
    public func isVisible(_ slot: UUID, to scope: AccessScope) async throws -> Bool {
        var query = QueryBuilder("SELECT 1 FROM rota_slots s JOIN stations st ON st.id = s.station_id")
        query.filter(slot) { "s.id = \($0)" }
        Self.restrict(&query, to: scope)
        return try await database.query(query.query(suffix: ""), logger: logger).first != nil
    }

    /// The scope's slots, on a query over `rota_slots s JOIN stations st`.
    static func restrict(_ query: inout QueryBuilder, to scope: AccessScope) {
        query.filter(scope.region) { RegionStore.subtree("st.region_id", of: $0) }
        query.filter(scope.representative) {
            """
            (EXISTS (SELECT 1 FROM rota_slot_representatives x WHERE x.slot_id = s.id AND x.representative_id = \($0))
             OR s.station_id IN (SELECT home_station_id FROM representatives WHERE id = \($0)
                                 UNION SELECT station_id FROM representative_stations WHERE representative_id = \($0)))
            """
        }
        if scope.department != nil || scope.observer != nil { query.condition("false") }
    }

    static func decode(_ row: PostgresRow) throws -> Slot {
        let r = row.makeRandomAccess()
        let checkedIn: [UUID] = try r.value("checked_in")
        let checkedInAt: [Date] = try r.value("checked_in_at")
        return Slot(
            id: try r.value("id"), stationID: try r.value("station_id"), date: try r.value("day"), from: try r.value("from_minute"),
            to: try r.value("to_minute"), endsAt: try r.value("ends_at"), representativeIDs: try r.value("representative_ids"),
            checkIns: Array(zip(checkedIn, checkedInAt)).map { (representativeID: $0.0, at: $0.1) }, visitors: try r.value("visitors"),
            note: try r.value("note"), recordedAt: try r.value("recorded_at"), submissions: try r.value("submissions"))
    }
}
