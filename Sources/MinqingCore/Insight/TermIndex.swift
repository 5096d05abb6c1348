import Foundation
import Logging
import PostgresNIO

/// Where each kind of item keeps the text and the dimensions its terms are counted by, and the indexing
/// from them: one item after it was written (a suggestion edited, a problem listed), or every item
/// (`minqing-api index-terms`: after the lexicon changed, or for items filed before terms were kept), in
/// batches of 500 by id, each in its own transaction, so it can run beside the API. Intake writes a
/// submission's terms in its own filing statement, from the same dimensions.
public enum TermIndex {
    public struct Counts: Sendable, Equatable {
        public var submissions = 0, suggestions = 0, problems = 0

        public init(submissions: Int = 0, suggestions: Int = 0, problems: Int = 0) {
            (self.submissions, self.suggestions, self.problems) = (submissions, suggestions, problems)
        }
    }

    /// (id, title, text, region, station, representative, category, filed) of the items `x`, then `AND …`.
    static func source(_ kind: ItemTerms.Kind) -> String {
        switch kind {
        case .submission:
            """
            SELECT x.id, x.title, x.content, coalesce(x.origin_region_id, x.region_id), x.station_id, x.representative_id, x.category,
                   x.created_at
            FROM submissions x WHERE coalesce(x.origin_region_id, x.region_id) IS NOT NULL
            """
        case .suggestion:
            """
            SELECT x.id, x.title, x.body, x.region_id, r.home_station_id, x.representative_id, x.category, x.created_at
            FROM suggestions x JOIN representatives r ON r.id = x.representative_id WHERE true
            """
        case .problem:
            """
            SELECT x.id, x.title, x.body, x.region_id, v.station_id, NULL::uuid, x.category, x.created_at
            FROM activity_problems x JOIN activities v ON v.id = x.activity_id WHERE true
            """
        }
    }

    /// Indexes one item as it now stands, in the caller's transaction.
    public static func index(_ kind: ItemTerms.Kind, _ id: UUID, on connection: PostgresConnection, logger: Logger) async throws {
        _ = try await index(kind, source(kind) + " AND x.id = $1", after: id, on: connection, logger: logger)
    }

    public static func rebuild(database: Database, logger: Logger) async throws -> Counts {
        var counts = Counts()
        counts.submissions = try await rebuild(.submission, database: database, logger: logger)
        counts.suggestions = try await rebuild(.suggestion, database: database, logger: logger)
        counts.problems = try await rebuild(.problem, database: database, logger: logger)
        return counts
    }

    private static func rebuild(_ kind: ItemTerms.Kind, database: Database, logger: Logger) async throws -> Int {
        let sql = source(kind) + " AND x.id > $1 ORDER BY x.id LIMIT 500"
        var last = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
        var done = 0
        while let next = try await database.withTransaction(
            logger: logger,
            { connection in
                try await index(kind, sql, after: last, on: connection, logger: logger)
            })
        {
            (last, done) = (next.last, done + next.count)
        }
        return done
    }

    /// Indexes the items `sql` selects with `$1` bound to `id`; the last id and the count, nil when none.
    private static func index(
        _ kind: ItemTerms.Kind, _ sql: String, after id: UUID, on connection: PostgresConnection, logger: Logger
    ) async throws -> (last: UUID, count: Int)? {
        var binds = PostgresBindings()
        binds.append(id)
        let rows = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).collect()
        var last: UUID?
        for row in rows {
            let (id, title, text, region, station, representative, category, filed) =
                try row.decode((UUID, String?, String, UUID, UUID?, UUID?, String, Date).self)
            try await ItemTerms.write(
                kind, id, texts: [title, text],
                dimensions: .init(region: region, station: station, representative: representative, category: category, filedAt: filed),
                on: connection, logger: logger)
            last = id
        }
        return last.map { ($0, rows.count) }
    }
}
