import Foundation
import Logging
import MinqingRules
import MinqingText
import PostgresNIO

/// Writes an item's terms (``TermExtractor``), replacing those of an earlier version of its text: the one
/// writer of `item_terms` (its INSERT is ``insertStatement(kind:from:terms:dimensions:binding:)``, which
/// intake embeds in its single filing statement).
public enum ItemTerms {
    public enum Kind: String, Sendable, CaseIterable { case submission, suggestion, problem }

    /// Where an item counts: its region, station and representative, its category and when it was filed.
    public struct Dimensions: Sendable {
        public var region: UUID
        public var station: UUID?
        public var representative: UUID?
        public var category: String
        public var filedAt: Date

        public init(region: UUID, station: UUID?, representative: UUID?, category: String, filedAt: Date) {
            (self.region, self.station, self.representative, self.category, self.filedAt) =
                (region, station, representative, category, filedAt)
        }
    }

    /// The terms of an item's title and text, in a stable order, as two parallel arrays for binding.
    public static func extract(_ texts: [String?]) -> (terms: [String], counts: [Int]) {
        let counts = TermExtractor.standard.terms(texts.compactMap { $0 }.joined(separator: "\n"))
        let sorted = counts.sorted { $0.key < $1.key }
        return (sorted.map(\.key), sorted.map(\.value))
    }

    /// `INSERT … SELECT` of the terms for each `id` that `source` yields (`filed f`, or one bound id).
    static func insertStatement(
        kind: Kind, from source: String, terms: (terms: [String], counts: [Int]), dimensions d: Dimensions,
        binding q: inout QueryBuilder
    ) -> String {
        """
        INSERT INTO item_terms (subject_kind, subject_id, term, occurrences, region_id, station_id, representative_id, category,
                                filed_at)
        SELECT \(q.bind(kind.rawValue)), f.id, t.term, t.n, \(q.bind(d.region)), \(q.bind(d.station))::uuid,
               \(q.bind(d.representative))::uuid, \(q.bind(d.category)), \(q.bind(d.filedAt))
        FROM \(source), unnest(\(q.bind(terms.terms))::text[], \(q.bind(terms.counts))::integer[]) AS t(term, n)
        """
    }

    public static func write(
        _ kind: Kind, _ id: UUID, texts: [String?], dimensions: Dimensions, on connection: PostgresConnection, logger: Logger
    ) async throws {
        let terms = extract(texts)
        try await connection.query(
            "DELETE FROM item_terms WHERE subject_kind = \(kind.rawValue) AND subject_id = \(id)", logger: logger)
        guard !terms.terms.isEmpty else { return }
        var q = QueryBuilder("")
        let item = q.bind(id)
        q.base = insertStatement(kind: kind, from: "(SELECT \(item)::uuid AS id) f", terms: terms, dimensions: dimensions, binding: &q)
        try await connection.query(q.query(suffix: ""), logger: logger)
    }
}
