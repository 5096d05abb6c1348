import Foundation
import Logging
import MinqingRules
import NIOCore
import PostgresNIO

/// Reads submissions with their assignments, evaluations and timeline; applies the visibility scopes.
public struct SubmissionStore: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Overdue and the traffic light are derived from `next_due_at` (the earliest open due time);
    /// `openStatuses` is the placeholder bound to ``AssignmentStatus/open``.
    static func columns(openStatuses: String) -> String {
        """
        s.id, s.receipt_no, s.channel, s.code, s.representative_id, s.station_id, s.region_id, s.origin_region_id, s.filed_by_user_id, s.filed_by_observer_id,
        s.kind, s.category, s.title, s.content, s.location_address, s.latitude, s.longitude, s.anonymous,
        s.contact_phone_masked, s.contact_name_masked, s.status, s.round, s.key_item, s.merged_into, s.escalation_required,
        s.close_reason, s.created_at, s.updated_at, s.closed_at, s.activity_id, s.rota_slot_id,
        (SELECT min(a.due_at) FROM assignments a WHERE a.submission_id = s.id AND a.status = ANY(\(openStatuses)))
            AS next_due_at
        """
    }

    /// Whether the submission exists within what `scope` reaches (``AccessPolicy``): through a
    /// representative's codes and stations, an observer's filings, or a department's assignments.
    /// `handling`: for an action rather than a read (a region that referred the item up only reads it).
    public func isVisible(_ id: UUID, to scope: AccessScope, handling: Bool = false) async throws -> Bool {
        var builder = QueryBuilder("SELECT 1 FROM submissions s")
        builder.filter(id) { "s.id = \($0)" }
        scope.restrictSubmissions(&builder, handling: handling)
        return try await !database.query(builder.query(suffix: ""), logger: logger).isEmpty
    }

    /// The order of `list`: newest first.
    static let order = Keyset.creation("s.created_at", id: "s.id", newestFirst: true)

    public func list(_ filter: SubmissionFilter, scope: AccessScope, page: PageRequest, now: Date) async throws -> Page<SubmissionRecord> {
        var query = QueryBuilder("")
        let open = query.bind(AssignmentStatus.open.rawValues)
        query.base = "SELECT \(Self.columns(openStatuses: open)), \(Self.order.columns) FROM submissions s"
        scope.restrictSubmissions(&query)
        query.filter(filter.status?.rawValue) { "s.status = \($0)" }
        query.filter(filter.kind?.rawValue) { "s.kind = \($0)" }
        query.filter(filter.category) { "s.category = \($0)" }
        query.filter(filter.stationID) { "s.station_id = \($0)" }
        query.filter(filter.representativeID) { "s.representative_id = \($0)" }
        query.region(filter.region, column: "s.region_id")
        query.filter(filter.departmentID) {
            "EXISTS (SELECT 1 FROM assignments a WHERE a.submission_id = s.id AND a.department_id = \($0))"
        }
        if filter.overdue == true {
            let overdue = query.overdue("a", at: now)
            query.condition("EXISTS (SELECT 1 FROM assignments a WHERE a.submission_id = s.id AND \(overdue))")
        }
        query.filter(filter.receivedFrom) { "s.created_at >= \($0)" }
        query.filter(filter.receivedTo) { "s.created_at < \($0)" }
        query.filter(filter.text.map(likePattern)) { "(coalesce(s.title, '') || ' ' || s.content) ILIKE \($0)" }
        let suffix = try query.page(page, Self.order)
        let rows = try await database.query(query.query(suffix: suffix), logger: logger)
        return try Page(rows: rows, limit: page.limit, keyset: Self.order) { try Self.decodeSubmission($0, now: now) }
    }

    public func detail(_ id: UUID, now: Date) async throws -> SubmissionDetail? {
        try await database.withConnection { connection in
            try await Self.detail(id, now: now, on: connection, logger: logger)
        }
    }

    static func detail(_ id: UUID, now: Date, on connection: PostgresConnection, logger: Logger) async throws -> SubmissionDetail? {
        var query = QueryBuilder("")
        let open = query.bind(AssignmentStatus.open.rawValues)
        query.base = "SELECT \(columns(openStatuses: open)) FROM submissions s"
        query.filter(id) { "s.id = \($0)" }
        guard let row = try await connection.query(query.query(suffix: ""), logger: logger).collect().first else { return nil }
        let submission = try decodeSubmission(row, now: now)
        let (assignments, replies) = try await AssignmentStore.of(.submission(id), on: connection, logger: logger)
        let evaluations = try await connection.query(
            "SELECT round, evaluator, rating, comment, created_at FROM evaluations WHERE submission_id = \(id) ORDER BY created_at",
            logger: logger
        ).collect().map { row in
            let (round, evaluator, rating, comment, at) = try row.decode((Int, String, String, String?, Date).self)
            return EvaluationRecord(
                round: round, evaluator: evaluator, rating: Rating(rawValue: rating) ?? .unsatisfied,
                comment: comment, createdAt: at)
        }
        let timeline = try await Timeline.entries(of: .submission(id), on: connection, logger: logger)
        return SubmissionDetail(
            submission: submission, assignments: assignments, evaluations: evaluations, timeline: timeline,
            directReplies: replies.filter { $0.assignmentID == nil }
        )
    }

    /// The submission a tracking token belongs to.
    public func id(forTrackingToken token: String) async throws -> UUID? {
        let rows = try await database.query(
            "SELECT id FROM submissions WHERE tracking_token_hash = \(ByteBuffer(bytes: SecretToken.sha256(token)))", logger: logger
        )
        return try rows.first?.decode(UUID.self)
    }

    static func decodeSubmission(_ row: PostgresRow, now: Date) throws -> SubmissionRecord {
        var record = try decodeSubmission(row)
        record.overdue = record.nextDueAt.map { $0 < now } ?? false
        return record
    }

    static func decodeSubmission(_ row: PostgresRow) throws -> SubmissionRecord {
        let r = row.makeRandomAccess()
        return SubmissionRecord(
            id: try r.value("id"), receiptNo: try r.value("receipt_no"),
            channel: Channel(rawValue: try r.value("channel")) ?? .code, code: try r.value("code"),
            representativeID: try r.value("representative_id"), stationID: try r.value("station_id"),
            regionID: try r.value("region_id"), originRegionID: try r.value("origin_region_id"),
            filedByUserID: try r.value("filed_by_user_id"), observerID: try r.value("filed_by_observer_id"),
            kind: SubmissionKind(rawValue: try r.value("kind")) ?? .opinion, category: try r.value("category"),
            title: try r.value("title"), content: try r.value("content"), address: try r.value("location_address"),
            latitude: try r.value("latitude"), longitude: try r.value("longitude"), anonymous: try r.value("anonymous"),
            phoneMasked: try r.value("contact_phone_masked"), nameMasked: try r.value("contact_name_masked"),
            status: SubmissionStatus(rawValue: try r.value("status")) ?? .submitted, round: try r.value("round"),
            keyItem: try r.value("key_item"), mergedInto: try r.value("merged_into"),
            escalationRequired: try r.value("escalation_required"), closeReason: try r.value("close_reason"),
            createdAt: try r.value("created_at"), updatedAt: try r.value("updated_at"), closedAt: try r.value("closed_at"),
            overdue: false, nextDueAt: try r.value("next_due_at"), activityID: try r.value("activity_id"),
            rotaSlotID: try r.value("rota_slot_id")
        )
    }

    /// Selected by `decodeReply` (of the table alias `alias`, when the query joins).
    static func replyColumns(_ alias: String = "") -> String {
        let p = alias.isEmpty ? "" : alias + "."
        return "\(p)id, \(p)assignment_id, \(p)round, \(p)outcome, \(p)text, \(p)promised_on::text, \(p)attachment_url, \(p)created_at"
    }

    static func decodeReply(_ row: PostgresRow) throws -> ReplyRecord {
        let (id, assignment, round, outcome, text, promised, attachment, at) =
            try row.decode((UUID, UUID?, Int, String, String, String?, String?, Date).self)
        return ReplyRecord(
            id: id, assignmentID: assignment, round: round, outcome: ReplyOutcome(rawValue: outcome) ?? .explained,
            text: text, promisedOn: promised, attachmentURL: attachment, createdAt: at)
    }
}
