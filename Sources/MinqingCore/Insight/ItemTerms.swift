import Foundation
import Logging
import MinqingRules
import MinqingText
import PostgresNIO

/// Writes an item's terms (``TermExtractor``) in the caller's transaction, replacing those of an earlier
/// version of its text: the one writer of `item_terms`.
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
    public static func extract(_ texts: String?...) -> (terms: [String], counts: [Int]) {
        let counts = TermExtractor.standard.terms(texts.compactMap { $0 }.joined(separator: "\n"))
        let sorted = counts.sorted { $0.key < $1.key }
        return (sorted.map(\.key), sorted.map(\.value))
    }

    public static func write(
        _ kind: Kind, _ id: UUID, texts: [String?], dimensions d: Dimensions, on connection: PostgresConnection, logger: Logger
    ) async throws {
        let (terms, counts) = extract(texts.compactMap { $0 }.joined(separator: "\n"))
        try await connection.query(
            "DELETE FROM item_terms WHERE subject_kind = \(kind.rawValue) AND subject_id = \(id)", logger: logger)
        guard !terms.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO item_terms (subject_kind, subject_id, term, occurrences, region_id, station_id, representative_id, category,
                                    filed_at)
            SELECT \(kind.rawValue), \(id), t.term, t.n, \(d.region), \(d.station), \(d.representative), \(d.category), \(d.filedAt)
            FROM unnest(\(terms)::text[], \(counts)::integer[]) AS t(term, n)
            """,
            logger: logger
        )
    }
}
