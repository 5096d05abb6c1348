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
        // by region alone the rollup's whole days and the rows of the edges; with any other filter the rows
        let rollup = Self.rollupServes(query, scope)
        let byRegion = rollup ? Self.dimensions(query, scope, &q, alias: "r") : "false"
        let now = Rollups.termRows(query.period, rollup: rollup, rollupCondition: byRegion, rowCondition: dimensions, &q)
        let then = Rollups.termRows(
            query.previous, rollup: rollup, rollupCondition: byRegion, rowCondition: "\(dimensions) AND t.term IN (SELECT term FROM now)",
            &q)
        q.base = """
            WITH now AS (
                SELECT x.term, sum(x.n)::integer AS n, sum(x.items)::integer AS items FROM (\(now)) x (term, n, items)
                GROUP BY x.term HAVING sum(x.items) > 0 ORDER BY items DESC, n DESC, x.term LIMIT \(q.bind(query.limit))),
            before AS (
                SELECT x.term, sum(x.n)::integer AS n, sum(x.items)::integer AS items FROM (\(then)) x (term, n, items)
                WHERE x.term IN (SELECT term FROM now) GROUP BY x.term)
            SELECT c.term, c.n, c.items, coalesce(p.n, 0), coalesce(p.items, 0), e.kinds, e.ids
            FROM now c LEFT JOIN before p USING (term)
            CROSS JOIN LATERAL (
                SELECT array_agg(x.subject_kind ORDER BY x.filed_at DESC, x.subject_id) AS kinds,
                       array_agg(x.subject_id ORDER BY x.filed_at DESC, x.subject_id) AS ids
                FROM (SELECT t.subject_kind, t.subject_id, t.filed_at FROM item_terms t
                      WHERE t.term = c.term AND t.filed_at >= \(from) AND t.filed_at < \(to) AND \(dimensions)
                      ORDER BY t.filed_at DESC, t.subject_id LIMIT 3) x) e
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

    /// Whether the rollup answers the query: it counts by region only, so not for a station, category or
    /// representative, nor for a reach cut by anything but a region.
    static func rollupServes(_ query: HotWordsQuery, _ scope: AccessScope) -> Bool {
        query.station == nil && query.category == nil && query.representative == nil && scope.representative == nil
            && scope.department == nil && scope.observer == nil
    }

    /// The filter and the caller's reach over `item_terms t`, with their values bound.
    /// `alias` `r` for the term rollup, which keeps the region alone (``rollupServes(_:_:)``).
    static func dimensions(_ query: HotWordsQuery, _ scope: AccessScope, _ q: inout QueryBuilder, alias: String = "t") -> String {
        var conditions: [String] = []
        for region in [query.region, scope.region].compactMap({ $0 }) {
            conditions.append(RegionStore.subtree("\(alias).region_id", of: q.bind(region)))
        }
        if let station = query.station { conditions.append("t.station_id = \(q.bind(station))") }
        for representative in [query.representative, scope.representative].compactMap({ $0 }) {
            conditions.append(
                AccessScope.throughRepresentative(q.bind(representative), representative: "t.representative_id", station: "t.station_id"))
        }
        if let category = query.category { conditions.append("t.category = \(q.bind(category))") }
        if scope.department != nil || scope.observer != nil { conditions.append("false") }
        return conditions.isEmpty ? "true" : conditions.joined(separator: " AND ")
    }
}

extension InsightStore {
    /// The period's clusters of open submissions within the reach (``Clustering``), largest first.
    public func clusters(region: UUID?, period: Range<Date>, minimum: Int, within scope: AccessScope) async throws -> [IssueCluster] {
        try await database.withConnection { connection in
            try await Self.clusters(region: region, period: period, minimum: minimum, within: scope, on: connection, logger: logger)
        }
    }

    public static func clusters(
        region: UUID?, period: Range<Date>, minimum: Int, within scope: AccessScope, on connection: PostgresConnection, logger: Logger
    ) async throws -> [IssueCluster] {
        var q = QueryBuilder("")
        q.base = """
            SELECT t.term, array_agg(s.id ORDER BY s.created_at, s.id),
                   array_agg(coalesce(s.station_id, '00000000-0000-0000-0000-000000000000'::uuid) ORDER BY s.created_at, s.id)
            FROM item_terms t JOIN submissions s ON s.id = t.subject_id
            """
        q.condition("t.subject_kind = \(q.bind(ItemTerms.Kind.submission.rawValue))")
        q.filter(period.lowerBound) { "t.filed_at >= \($0)" }
        q.filter(period.upperBound) { "t.filed_at < \($0)" }
        q.filter(SubmissionStatus.open.rawValues) { "s.status = ANY(\($0))" }
        q.filter(region) { RegionStore.subtree("t.region_id", of: $0) }
        scope.restrictSubmissions(&q)
        let suffix = """
            GROUP BY t.term HAVING count(*) >= \(minimum) AND count(DISTINCT s.station_id) >= 2
            ORDER BY count(*) DESC, t.term LIMIT 500
            """
        let none = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
        let candidates = try await connection.query(q.query(suffix: suffix), logger: logger).collect().map { row in
            let (term, items, stations) = try row.decode((String, [UUID], [UUID]).self)
            let byItem = Dictionary(zip(items, stations).filter { $0.1 != none }, uniquingKeysWith: { first, _ in first })
            return Clustering.Candidate(term: term, items: items, stations: byItem)
        }
        let found = Clustering.clusters(candidates, minimum: minimum)
        let members = found.flatMap(\.items)
        guard !members.isEmpty else { return [] }
        let rows = try await connection.query(
            """
            SELECT s.id, s.receipt_no, coalesce(s.title, left(s.content, 30)), s.station_id, s.created_at,
                   ARRAY(SELECT t.term FROM item_terms t WHERE t.subject_kind = \(ItemTerms.Kind.submission.rawValue) AND t.subject_id = s.id)
            FROM submissions s WHERE s.id = ANY(\(members))
            """,
            logger: logger
        ).collect().map { try $0.decode((UUID, String, String, UUID?, Date, [String]).self) }
        let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0.0, $0) })
        return found.map { cluster in
            let rows = cluster.items.compactMap { byID[$0] }
            return IssueCluster(
                term: cluster.term,
                commonTerms: Clustering.commonTerms(Dictionary(uniqueKeysWithValues: rows.map { ($0.0, Set($0.5)) })),
                members: rows.map { .init(id: $0.0, receiptNo: $0.1, title: $0.2, stationID: $0.3, createdAt: $0.4) })
        }
    }
}
