import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// The insight figures over `item_terms`: one aggregate over the period's rows of the filter, never a
/// re-segmentation of the items.
public struct InsightStore: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// The period's most frequent terms (by the items they occur in) within the caller's reach, with the
    /// period before for the change and up to three newest items each.
    public func hotWords(_ query: HotWordsQuery, within scope: AccessScope) async throws -> [HotWord] {
        try await database.withConnection { connection in
            try await Self.hotWords(query, within: scope, on: connection, logger: logger)
        }
    }

    public static func hotWords(_ query: HotWordsQuery, within scope: AccessScope, on connection: PostgresConnection, logger: Logger)
        async throws -> [HotWord]
    {
        var q = QueryBuilder("")
        let dimensions = Self.dimensions(query, scope, &q)
        let (from, to) = (q.bind(query.period.lowerBound), q.bind(query.period.upperBound))
        let before = q.bind(query.previous.lowerBound)
        q.base = """
            WITH now AS (
                SELECT t.term, sum(t.occurrences)::integer AS n, count(*)::integer AS items FROM item_terms t
                WHERE t.filed_at >= \(from) AND t.filed_at < \(to) AND \(dimensions)
                GROUP BY t.term ORDER BY items DESC, n DESC, t.term LIMIT \(q.bind(query.limit))),
            before AS (
                SELECT t.term, sum(t.occurrences)::integer AS n, count(*)::integer AS items FROM item_terms t
                WHERE t.filed_at >= \(before) AND t.filed_at < \(from) AND t.term IN (SELECT term FROM now) AND \(dimensions)
                GROUP BY t.term)
            SELECT c.term, c.n, c.items, coalesce(p.n, 0), coalesce(p.items, 0),
                   ARRAY(SELECT t.subject_kind FROM item_terms t
                         WHERE t.term = c.term AND t.filed_at >= \(from) AND t.filed_at < \(to) AND \(dimensions)
                         ORDER BY t.filed_at DESC, t.subject_id LIMIT 3),
                   ARRAY(SELECT t.subject_id FROM item_terms t
                         WHERE t.term = c.term AND t.filed_at >= \(from) AND t.filed_at < \(to) AND \(dimensions)
                         ORDER BY t.filed_at DESC, t.subject_id LIMIT 3)
            FROM now c LEFT JOIN before p USING (term)
            ORDER BY c.items DESC, c.n DESC, c.term
            """
        return try await connection.query(q.query(suffix: ""), logger: logger).collect().map { row in
            let (term, count, items, previousCount, previousItems, kinds, ids) =
                try row.decode((String, Int, Int, Int, Int, [String], [UUID]).self)
            return HotWord(
                term: term, count: count, items: items, previousCount: previousCount, previousItems: previousItems,
                examples: zip(kinds, ids).compactMap { kind, id in ItemTerms.Kind(rawValue: kind).map { ItemReference(kind: $0, id: id) } })
        }
    }

    /// The filter and the caller's reach over `item_terms t`, with their values bound.
    static func dimensions(_ query: HotWordsQuery, _ scope: AccessScope, _ q: inout QueryBuilder) -> String {
        var conditions: [String] = []
        for region in [query.region, scope.region].compactMap({ $0 }) {
            conditions.append("t.region_id IN (SELECT id FROM regions WHERE path @> ARRAY[\(q.bind(region))]::uuid[])")
        }
        if let station = query.station { conditions.append("t.station_id = \(q.bind(station))") }
        for representative in [query.representative, scope.representative].compactMap({ $0 }) {
            let p = q.bind(representative)
            conditions.append(
                """
                (t.representative_id = \(p) OR t.station_id IN (
                    SELECT home_station_id FROM representatives WHERE id = \(p)
                    UNION ALL SELECT station_id FROM representative_stations WHERE representative_id = \(p)))
                """)
        }
        if let category = query.category { conditions.append("t.category = \(q.bind(category))") }
        if scope.department != nil || scope.observer != nil { conditions.append("false") }
        return conditions.isEmpty ? "true" : conditions.joined(separator: " AND ")
    }
}
