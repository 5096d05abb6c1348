import Foundation
import MinqingRules
import PostgresNIO

/// The references a draft names, each checked against the database (422 naming the field): what
/// `FieldValidator` cannot know by itself.
extension SuggestionService {
    struct CheckedDraft {
        let session: UUID?
        let coSigners: [UUID]
        let sources: [UUID]
    }

    /// The region of an active representative within `scope` (another is refused like an unknown one).
    func representativeRegion(
        _ id: UUID, field: String, within scope: AccessScope, on connection: PostgresConnection
    ) async throws -> UUID {
        let rows = try await connection.query(
            """
            SELECT p.region_id, r.path, p.active FROM representatives p JOIN regions r ON r.id = p.region_id WHERE p.id = \(id)
            """,
            logger: logger
        ).collect()
        guard let (region, path, active) = try rows.first?.decode((UUID, [UUID], Bool).self),
            scope.reaches(representative: id, regionPath: path)
        else { throw DomainError.invalid(field, "does not refer to an existing representative") }
        guard active else { throw DomainError.invalid(field, "refers to an inactive representative") }
        return region
    }

    /// Checks what the draft names: a session of the suggestion's region, an active category, co-signers
    /// who are other active representatives of the same region, sources the lead representative may see.
    func check(_ draft: SuggestionDraft, lead: UUID, region: UUID, on connection: PostgresConnection) async throws -> CheckedDraft {
        var v = FieldValidator()
        let session: UUID? = draft.sessionID ?? nil
        if let session {
            let rows = try await connection.query(
                "SELECT 1 FROM congress_sessions WHERE id = \(session) AND region_id = \(region)", logger: logger
            ).collect()
            if rows.isEmpty { v.add("session_id", "does not refer to a session of the representative's region") }
        }
        if let category = draft.category {
            let rows = try await connection.query("SELECT 1 FROM categories WHERE code = \(category) AND active", logger: logger)
                .collect()
            if rows.isEmpty { v.add("category", "is not an active category code (GET /v1/categories)") }
        }
        let coSigners = draft.coSignerIDs ?? []
        if !coSigners.isEmpty {
            let found = Set(
                try await connection.query(
                    "SELECT id FROM representatives WHERE id = ANY(\(coSigners)) AND region_id = \(region) AND active", logger: logger
                ).collect().map { try $0.decode(UUID.self) })
            for (index, id) in coSigners.enumerated() {
                if id == lead {
                    v.add("co_signer_ids[\(index)]", "is the lead representative himself")
                } else if !found.contains(id) {
                    v.add("co_signer_ids[\(index)]", "is not an active representative of the suggestion's region")
                } else if coSigners[..<index].contains(id) {
                    v.add("co_signer_ids[\(index)]", "names a co-signer twice")
                }
            }
        }
        let sources = draft.sourceSubmissionIDs ?? []
        if !sources.isEmpty {
            var query = QueryBuilder("SELECT s.id FROM submissions s")
            query.filter(sources) { "s.id = ANY(\($0))" }
            AccessScope(representative: lead).restrictSubmissions(&query)
            let seen = Set(try await connection.query(query.query(suffix: ""), logger: logger).collect().map { try $0.decode(UUID.self) })
            for (index, id) in sources.enumerated() where !seen.contains(id) {
                v.add("source_submission_ids[\(index)]", "does not refer to a submission the representative can see")
            }
        }
        try v.check()
        return CheckedDraft(session: session, coSigners: coSigners, sources: sources)
    }

    /// Replaces co-signers (those who stay keep their confirmation) and sources; nil leaves a list alone.
    func replaceParts(_ id: UUID, coSigners: [UUID]?, sources: [UUID]?, now: Date, on connection: PostgresConnection) async throws {
        if let coSigners {
            try await connection.query(
                "DELETE FROM suggestion_co_signers WHERE suggestion_id = \(id) AND NOT (representative_id = ANY(\(coSigners)))",
                logger: logger
            )
            try await connection.query(
                """
                INSERT INTO suggestion_co_signers (suggestion_id, representative_id, invited_at)
                SELECT \(id), r, \(now) FROM unnest(\(coSigners)::uuid[]) AS t(r)
                ON CONFLICT DO NOTHING
                """,
                logger: logger
            )
        }
        if let sources {
            try await connection.query("DELETE FROM suggestion_sources WHERE suggestion_id = \(id)", logger: logger)
            try await connection.query(
                """
                INSERT INTO suggestion_sources (suggestion_id, submission_id)
                SELECT DISTINCT \(id), s FROM unnest(\(sources)::uuid[]) AS t(s)
                """,
                logger: logger
            )
        }
    }
}
