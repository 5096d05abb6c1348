import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// Reads suggestions with their co-signers, sources, assignments and timeline; applies the scopes.
public struct SuggestionStore: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Selected from `suggestions g JOIN representatives r`.
    static let columns = """
        g.id, g.number, g.region_id, g.session_id, g.representative_id, r.name AS representative_name, g.type, g.title, g.body,
        g.category, g.status, g.round, g.review_note, g.key_item, g.lead_official, g.lead_department_id, g.outcome,
        g.promised_on::text AS promised_on, g.done_note, g.done_at, g.submitted_at,
        g.replied_at, g.closed_at, g.created_at, g.updated_at, g.letter_submission_id,
        (SELECT receipt_no FROM submissions WHERE id = g.letter_submission_id) AS letter_receipt_no
        """
    static let from = "suggestions g JOIN representatives r ON r.id = g.representative_id"

    /// Whether the scope reaches the suggestion (unknown ones do not).
    public func isVisible(_ id: UUID, to scope: AccessScope) async throws -> Bool {
        var query = QueryBuilder("SELECT 1 FROM suggestions g")
        query.filter(id) { "g.id = \($0)" }
        scope.restrictSuggestions(&query)
        return try await database.query(query.query(suffix: ""), logger: logger).first != nil
    }

    public func find(_ id: UUID) async throws -> SuggestionRecord? {
        try await database.withConnection { connection in try await Self.find(id, on: connection, logger: logger) }
    }

    static func find(_ id: UUID, on connection: PostgresConnection, logger: Logger) async throws -> SuggestionRecord? {
        let rows = try await connection.query("SELECT \(unescaped: columns) FROM \(unescaped: from) WHERE g.id = \(id)", logger: logger)
            .collect()
        return try await withParts(rows.map(decode), on: connection, logger: logger).first
    }

    public func detail(_ id: UUID) async throws -> SuggestionDetail? {
        try await database.withConnection { connection in
            guard let suggestion = try await Self.find(id, on: connection, logger: logger) else { return nil }
            let (assignments, _) = try await AssignmentStore.of(.suggestion(id), on: connection, logger: logger)
            let timeline = try await Timeline.entries(of: .suggestion(id), on: connection, logger: logger)
            let ratings = try await connection.query(
                """
                SELECT round, representative_id, lead, rating, contacted_before, comment, created_at FROM suggestion_ratings
                WHERE suggestion_id = \(id) ORDER BY round, created_at
                """,
                logger: logger
            ).collect().map { row in
                let (round, representative, lead, rating, contacted, comment, at) =
                    try row.decode((Int, UUID, Bool, String, Bool, String?, Date).self)
                return SuggestionDetail.RatingRecord(
                    round: round, representativeID: representative, lead: lead, rating: Rating(rawValue: rating) ?? .unsatisfied,
                    contactedBefore: contacted, comment: comment, createdAt: at)
            }
            let preassignments = try await connection.query(
                """
                SELECT p.department_id, d.name, p.role, p.months, p.object_by, p.objection, p.objected_at
                FROM suggestion_preassignments p JOIN departments d ON d.id = p.department_id
                WHERE p.suggestion_id = \(id) ORDER BY p.role DESC, d.name
                """,
                logger: logger
            ).collect().map { row in
                let (department, name, role, months, objectBy, objection, objectedAt) =
                    try row.decode((UUID, String, String, Int?, Date, String?, Date?).self)
                return SuggestionDetail.Preassignment(
                    departmentID: department, departmentName: name, role: AssignmentRole(rawValue: role) ?? .co, months: months,
                    objectBy: objectBy, objection: objection, objectedAt: objectedAt)
            }
            return SuggestionDetail(
                suggestion: suggestion, assignments: assignments, ratings: ratings, preassignments: preassignments, timeline: timeline)
        }
    }

    /// What a resident's tracking page says of the newest suggestion grown from his submission (已转为代表建议):
    /// its number, status and, once answered, the answer's outcome and text.
    public func grownFrom(_ submission: UUID) async throws -> (number: String?, status: SuggestionStatus, answer: ReplyRecord?)? {
        try await database.withConnection { connection in
            let rows = try await connection.query(
                """
                SELECT g.id, g.number, g.status, g.round FROM suggestion_sources x JOIN suggestions g ON g.id = x.suggestion_id
                WHERE x.submission_id = \(submission) ORDER BY g.created_at DESC, g.id LIMIT 1
                """,
                logger: logger
            ).collect()
            guard let (id, number, status, round) = try rows.first?.decode((UUID, String?, String, Int).self) else { return nil }
            let answered = try await connection.query(
                """
                SELECT \(unescaped: SubmissionStore.replyColumns("r"))
                FROM replies r JOIN assignments a ON a.id = r.assignment_id
                WHERE a.suggestion_id = \(id) AND a.round = \(round) AND a.role = 'lead' AND EXISTS (
                    SELECT 1 FROM suggestions g WHERE g.id = \(id) AND g.replied_at IS NOT NULL)
                ORDER BY r.created_at DESC, r.id DESC LIMIT 1
                """,
                logger: logger
            ).collect().first.map(SubmissionStore.decodeReply)
            return (number, SuggestionStatus(rawValue: status) ?? .draft, answered)
        }
    }

    /// The order of `list`: newest first.
    static let order = Keyset.creation("g.created_at", id: "g.id", newestFirst: true)

    public func list(_ filter: SuggestionFilter, scope: AccessScope, page: PageRequest) async throws -> Page<SuggestionRecord> {
        var query = QueryBuilder("SELECT \(Self.columns), \(Self.order.columns) FROM \(Self.from)")
        scope.restrictSuggestions(&query)
        query.filter(filter.sessionID) { "g.session_id = \($0)" }
        if let between = filter.betweenSessions { query.condition(between ? "g.session_id IS NULL" : "g.session_id IS NOT NULL") }
        query.filter(filter.status?.rawValue) { "g.status = \($0)" }
        query.filter(filter.type?.rawValue) { "g.type = \($0)" }
        query.filter(filter.representativeID) { "g.representative_id = \($0)" }
        query.filter(filter.departmentID) {
            "EXISTS (SELECT 1 FROM assignments a WHERE a.suggestion_id = g.id AND a.department_id = \($0))"
        }
        query.filter(filter.keyItem) { "g.key_item = \($0)" }
        query.filter(filter.category) { "g.category = \($0)" }
        query.filter(filter.text.map { likePattern(containing: $0) }) { "(g.title ILIKE \($0) OR g.body ILIKE \($0))" }
        let suffix = try query.page(page, Self.order)
        let rows = try await database.query(query.query(suffix: suffix), logger: logger)
        let page = try Page(rows: rows, limit: page.limit, keyset: Self.order, decode: Self.decode)
        let items = try await database.withConnection { connection in
            try await Self.withParts(page.items, on: connection, logger: logger)
        }
        return Page(items: items, nextCursor: page.nextCursor)
    }

    /// Fills in co-signers and sources for a batch of suggestions (two queries whatever the batch).
    static func withParts(
        _ suggestions: [SuggestionRecord], on connection: PostgresConnection, logger: Logger
    ) async throws -> [SuggestionRecord] {
        guard !suggestions.isEmpty else { return [] }
        let ids = suggestions.map(\.id)
        var coSigners: [UUID: [SuggestionRecord.CoSigner]] = [:]
        for try await row in try await connection.query(
            """
            SELECT c.suggestion_id, c.representative_id, r.name, c.confirmed_at
            FROM suggestion_co_signers c JOIN representatives r ON r.id = c.representative_id
            WHERE c.suggestion_id = ANY(\(ids)) ORDER BY c.invited_at, r.name
            """,
            logger: logger
        ) {
            let (suggestion, representative, name, confirmed) = try row.decode((UUID, UUID, String, Date?).self)
            coSigners[suggestion, default: []].append(.init(representativeID: representative, name: name, confirmedAt: confirmed))
        }
        var sources: [UUID: [UUID]] = [:]
        for try await row in try await connection.query(
            """
            SELECT x.suggestion_id, x.submission_id FROM suggestion_sources x JOIN submissions s ON s.id = x.submission_id
            WHERE x.suggestion_id = ANY(\(ids)) ORDER BY s.created_at
            """,
            logger: logger
        ) {
            let (suggestion, submission) = try row.decode((UUID, UUID).self)
            sources[suggestion, default: []].append(submission)
        }
        return suggestions.map { suggestion in
            var suggestion = suggestion
            suggestion.coSigners = coSigners[suggestion.id] ?? []
            suggestion.sourceSubmissionIDs = sources[suggestion.id] ?? []
            return suggestion
        }
    }

    static func decode(_ row: PostgresRow) throws -> SuggestionRecord {
        let r = row.makeRandomAccess()
        return SuggestionRecord(
            id: try r.value("id"), number: try r.value("number"), regionID: try r.value("region_id"),
            sessionID: try r.value("session_id"), representativeID: try r.value("representative_id"),
            representativeName: try r.value("representative_name"),
            type: SuggestionType(rawValue: try r.value("type")) ?? .suggestion, title: try r.value("title"),
            body: try r.value("body"), category: try r.value("category"),
            status: SuggestionStatus(rawValue: try r.value("status")) ?? .draft, round: try r.value("round"),
            reviewNote: try r.value("review_note"), keyItem: try r.value("key_item"), leadOfficial: try r.value("lead_official"),
            leadDepartmentID: try r.value("lead_department_id"), coSigners: [], sourceSubmissionIDs: [],
            outcome: (try r.value("outcome") as String?).flatMap(ReplyOutcome.init(rawValue:)), promisedOn: try r.value("promised_on"),
            doneNote: try r.value("done_note"), doneAt: try r.value("done_at"),
            submittedAt: try r.value("submitted_at"), repliedAt: try r.value("replied_at"), closedAt: try r.value("closed_at"),
            createdAt: try r.value("created_at"), updatedAt: try r.value("updated_at"),
            letterSubmissionID: try r.value("letter_submission_id"), letterReceiptNo: try r.value("letter_receipt_no"))
    }
}
