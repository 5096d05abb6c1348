import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// The items most like a submission (merge candidates at triage, the members of a cluster): submissions
/// and suggestions of the last 180 days within the caller's reach that share its terms, scored by
/// ``Similarity``. Each kind is one aggregate over each term's newest postings (`item_terms_term`, at most
/// ``Similarity/postingsPerTerm``) joined to its table under the reach's own predicates, so nothing out of
/// reach is ever a candidate and a common word costs no more than a rare one.
public struct SimilarItems: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Candidates per kind before scoring.
    static let candidates = 200

    public func similar(to submission: UUID, within scope: AccessScope, now: Date, limit: Int) async throws -> [SimilarItem] {
        let since = now.addingTimeInterval(-Similarity.window)
        let mine = try await database.query(
            """
            SELECT t.term, (SELECT count(*)::integer FROM (SELECT 1 FROM item_terms x WHERE x.term = t.term AND x.filed_at >= \(since)
                                                           LIMIT \(Similarity.postingsPerTerm)) n),
                   s.category, s.station_id
            FROM item_terms t JOIN submissions s ON s.id = t.subject_id
            WHERE t.subject_kind = \(ItemTerms.Kind.submission.rawValue) AND t.subject_id = \(submission)
            """,
            logger: logger
        ).map { try $0.decode((String, Int, String, UUID?).self) }
        guard let (_, _, category, station) = mine.first else { return [] }
        let terms = mine.map(\.0)
        let weights = mine.map { Similarity.weight(itemsWithTerm: $0.1) }
        let ownWeight = weights.reduce(0, +)
        var found: [SimilarItem] = []
        for kind in [ItemTerms.Kind.submission, .suggestion] {
            found += try await candidates(kind, terms: terms, weights: weights, excluding: submission, since: since, within: scope).map {
                var item = $0.item
                item.score = Similarity.score(
                    sharedWeight: $0.weight, ownWeight: ownWeight, sharedTerms: item.sharedTerms.count, candidateTerms: $0.terms,
                    sameCategory: item.category == category, sameStation: station != nil && item.stationID == station)
                return item
            }
        }
        return Array(found.sorted { ($0.score, $0.createdAt) > ($1.score, $1.createdAt) }.prefix(limit))
    }

    private func candidates(
        _ kind: ItemTerms.Kind, terms: [String], weights: [Double], excluding submission: UUID, since: Date, within scope: AccessScope
    ) async throws -> [(item: SimilarItem, weight: Double, terms: Int)] {
        var q = QueryBuilder("")
        let k = q.bind(kind.rawValue)
        let (alias, columns, table) =
            kind == .submission
            ? (
                "s", "s.receipt_no, coalesce(s.title, left(s.content, 30)), s.status, s.category, s.station_id, s.created_at",
                "submissions s"
            )
            : ("g", "g.number, g.title, g.status, g.category, NULL::uuid, g.created_at", "suggestions g")
        let since = q.bind(since)
        q.base = """
            WITH postings AS (
                SELECT p.subject_id, w.term, w.weight
                FROM unnest(\(q.bind(terms))::text[], \(q.bind(weights))::double precision[]) AS w(term, weight)
                CROSS JOIN LATERAL (
                    SELECT x.subject_id FROM item_terms x
                    WHERE x.term = w.term AND x.filed_at >= \(since) AND x.subject_kind = \(k)
                    ORDER BY x.filed_at DESC LIMIT \(q.bind(Similarity.postingsPerTerm))) p),
            shared AS (
                SELECT subject_id, sum(weight) AS weight, array_agg(term ORDER BY weight DESC, term) AS terms
                FROM postings GROUP BY subject_id)
            SELECT \(alias).id, \(columns), t.weight, t.terms,
                   (SELECT count(*)::integer FROM item_terms x WHERE x.subject_kind = \(k) AND x.subject_id = \(alias).id)
            FROM shared t JOIN \(table) ON \(alias).id = t.subject_id
            """
        if kind == .submission {
            q.filter(submission) { "s.id <> \($0)" }
            scope.restrictSubmissions(&q)
        } else {
            scope.restrictSuggestions(&q)
        }
        let suffix = "ORDER BY t.weight DESC, \(alias).id LIMIT \(Self.candidates)"
        return try await database.query(q.query(suffix: suffix), logger: logger).map { row in
            let (id, label, title, status, category, station, created, weight, shared, own) =
                try row.decode((UUID, String?, String, String, String, UUID?, Date, Double, [String], Int).self)
            let item = SimilarItem(
                kind: kind, id: id, label: label, title: title, status: status, category: category, stationID: station, createdAt: created,
                score: 0, sharedTerms: shared)
            return (item, weight, own)
        }
    }
}
