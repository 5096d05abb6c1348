import Foundation
import Logging
import PostgresNIO

/// Recomputes every item's terms (`minqing-api index-terms`): after the lexicon changed, or for items filed
/// before terms were kept. Batches of 500 by id, each in its own transaction, so it can run beside the API.
public enum TermIndex {
    public struct Counts: Sendable, Equatable {
        public var submissions = 0, suggestions = 0, problems = 0

        public init(submissions: Int = 0, suggestions: Int = 0, problems: Int = 0) {
            (self.submissions, self.suggestions, self.problems) = (submissions, suggestions, problems)
        }
    }

    public static func rebuild(database: Database, logger: Logger) async throws -> Counts {
        var counts = Counts()
        counts.submissions = try await each(
            .submission,
            """
            SELECT s.id, s.title, s.content, coalesce(s.origin_region_id, s.region_id), s.station_id, s.representative_id, s.category,
                   s.created_at
            FROM submissions s WHERE coalesce(s.origin_region_id, s.region_id) IS NOT NULL AND s.id > $1 ORDER BY s.id LIMIT 500
            """, database: database, logger: logger)
        counts.suggestions = try await each(
            .suggestion,
            """
            SELECT s.id, s.title, s.body, s.region_id, r.home_station_id, s.representative_id, s.category, s.created_at
            FROM suggestions s JOIN representatives r ON r.id = s.representative_id WHERE s.id > $1 ORDER BY s.id LIMIT 500
            """, database: database, logger: logger)
        counts.problems = try await each(
            .problem,
            """
            SELECT p.id, p.title, p.body, p.region_id, v.station_id, NULL::uuid, p.category, p.created_at
            FROM activity_problems p JOIN activities v ON v.id = p.activity_id WHERE p.id > $1 ORDER BY p.id LIMIT 500
            """, database: database, logger: logger)
        return counts
    }

    /// `sql` selects (id, title, text, region, station, representative, category, filed) after the id `$1`.
    private static func each(_ kind: ItemTerms.Kind, _ sql: String, database: Database, logger: Logger) async throws -> Int {
        var last = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
        var done = 0
        while true {
            let batch = try await database.withTransaction(logger: logger) { connection in
                var binds = PostgresBindings()
                binds.append(last)
                let rows = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).collect()
                var ids: [UUID] = []
                for row in rows {
                    let (id, title, text, region, station, representative, category, filed) =
                        try row.decode((UUID, String?, String, UUID, UUID?, UUID?, String, Date).self)
                    try await ItemTerms.write(
                        kind, id, texts: [title, text],
                        dimensions: .init(
                            region: region, station: station, representative: representative, category: category, filedAt: filed),
                        on: connection, logger: logger)
                    ids.append(id)
                }
                return ids
            }
            guard let next = batch.last else { return done }
            (last, done) = (next, done + batch.count)
        }
    }
}
