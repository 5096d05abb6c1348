import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// Activities in PostgreSQL.
public struct ActivityStore: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Selected from `activities v`.
    static let columns = """
        v.id, v.region_id, v.station_id, v.kind, v.title, v.topic, v.starts_at, v.ends_at, v.place, v.officials::text AS officials,
        ARRAY(SELECT x.representative_id FROM activity_representatives x WHERE x.activity_id = v.id ORDER BY x.representative_id)
            AS representative_ids,
        v.organiser, v.organiser_representative_id, v.status, v.visitors, v.minutes, v.held_at, v.closed_at, v.cancelled_at,
        v.created_at, v.updated_at, v.plan_item_id, v.published_at, v.questions::text AS questions, v.review_opinion,
        v.review_opinion_at, v.rectification_problem_id
        """

    /// Soonest first within a list: by start, then id.
    static let order = Keyset(.init("v.starts_at", .timestamp), .init("v.id", .uuid))

    /// Over `activities v`: the representative bound at `p` organises it or takes part in it.
    static func takesPart(_ p: String) -> String {
        """
        (v.organiser_representative_id = \(p) OR EXISTS (
            SELECT 1 FROM activity_representatives x WHERE x.activity_id = v.id AND x.representative_id = \(p)))
        """
    }

    public func find(_ id: UUID) async throws -> ActivityRecord? {
        try await database.query("SELECT \(unescaped: Self.columns) FROM activities v WHERE v.id = \(id)", logger: logger)
            .first.map(Self.decode)
    }

    /// Whether the scope reaches the activity (unknown ones do not).
    public func isVisible(_ id: UUID, to scope: AccessScope) async throws -> Bool {
        var query = QueryBuilder("SELECT 1 FROM activities v")
        query.filter(id) { "v.id = \($0)" }
        scope.restrictActivities(&query)
        return try await database.query(query.query(suffix: ""), logger: logger).first != nil
    }

    public func list(_ filter: ActivityFilter, within scope: AccessScope, page: PageRequest) async throws -> Page<ActivityRecord> {
        var builder = QueryBuilder("SELECT \(Self.columns), \(Self.order.columns) FROM activities v")
        scope.restrictActivities(&builder)
        builder.filter(filter.kind?.rawValue) { "v.kind = \($0)" }
        builder.region(filter.region, column: "v.region_id")
        builder.filter(filter.stationID) { "v.station_id = \($0)" }
        builder.filter(filter.status?.rawValue) { "v.status = \($0)" }
        builder.filter(filter.from) { "v.starts_at >= \($0)" }
        builder.filter(filter.to) { "v.starts_at < \($0)" }
        builder.filter(filter.representativeID, Self.takesPart)
        let suffix = try builder.page(page, Self.order)
        let rows = try await database.query(builder.query(suffix: suffix), logger: logger)
        return try Page(rows: rows, limit: page.limit, keyset: Self.order, decode: Self.decode)
    }

    /// What residents see of a station's activities: `upcoming`, the planned ones that have not ended,
    /// soonest first; otherwise those held or closed in the last 90 days, newest first. `nil` for an
    /// unknown station.
    public func forResidents(station: UUID, upcoming: Bool, now: Date, limit: Int) async throws -> [ActivityRecord]? {
        let known = try await database.query("SELECT 1 FROM stations WHERE id = \(station)", logger: logger).first != nil
        guard known else { return nil }
        let query: PostgresQuery =
            upcoming
            ? """
            SELECT \(unescaped: Self.columns) FROM activities v
            WHERE v.station_id = \(station) AND v.status = \(ActivityStatus.planned.rawValue) AND v.ends_at > \(now)
            ORDER BY v.starts_at, v.id LIMIT \(limit)
            """
            : """
            SELECT \(unescaped: Self.columns) FROM activities v
            WHERE v.station_id = \(station) AND v.status IN ('held', 'closed') AND v.starts_at > \(now.addingTimeInterval(-90 * 86400))
            ORDER BY v.starts_at DESC, v.id DESC LIMIT \(limit)
            """
        return try await database.query(query, logger: logger).map(Self.decode)
    }

    /// The published activity behind an activity code, for its public outcome page (`/a/{code}`); nil when
    /// the code is unknown, not an activity's, or the outcome is not published.
    public func published(code: String) async throws -> ActivityRecord? {
        try await database.query(
            """
            SELECT \(unescaped: Self.columns) FROM activities v JOIN codes c ON c.activity_id = v.id
            WHERE c.code = \(code) AND v.published_at IS NOT NULL
            """,
            logger: logger
        ).first.map(Self.decode)
    }

    /// The newest code of an activity (its public page's address), if it has one.
    public func code(of activity: UUID) async throws -> String? {
        try await database.query(
            "SELECT code FROM codes WHERE activity_id = \(activity) ORDER BY status = 'active' DESC, created_at DESC LIMIT 1",
            logger: logger
        ).first?.decode(String.self)
    }

    static func decode(_ row: PostgresRow) throws -> ActivityRecord {
        let r = row.makeRandomAccess()
        let officials = try JSONDecoder().decode([ActivityOfficial].self, from: Data((try r.value("officials") as String).utf8))
        var record = ActivityRecord(
            id: try r.value("id"), regionID: try r.value("region_id"), stationID: try r.value("station_id"),
            kind: ActivityKind(rawValue: try r.value("kind")) ?? .talk, title: try r.value("title"), topic: try r.value("topic"),
            startsAt: try r.value("starts_at"), endsAt: try r.value("ends_at"), place: try r.value("place"), officials: officials,
            representativeIDs: try r.value("representative_ids"), organiser: try r.value("organiser"),
            organiserRepresentativeID: try r.value("organiser_representative_id"),
            status: ActivityStatus(rawValue: try r.value("status")) ?? .cancelled, visitors: try r.value("visitors"),
            minutes: try r.value("minutes"), heldAt: try r.value("held_at"), closedAt: try r.value("closed_at"),
            cancelledAt: try r.value("cancelled_at"), createdAt: try r.value("created_at"), updatedAt: try r.value("updated_at"),
            planItemID: try r.value("plan_item_id"), publishedAt: try r.value("published_at"))
        record.questions = try JSONDecoder().decode([InquiryQuestion].self, from: Data((try r.value("questions") as String).utf8))
        (record.reviewOpinion, record.reviewOpinionAt) = (try r.value("review_opinion"), try r.value("review_opinion_at"))
        record.rectificationProblemID = try r.value("rectification_problem_id")
        return record
    }
}
