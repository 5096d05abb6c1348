import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// The representatives' records (履职档案), counted from the work itself — the rota, the activities, the
/// submissions, the ratings and the suggestions — in one statement for one representative or all of a
/// region's. The record endpoint, the dashboard's most active representatives and the year's ranking
/// snapshot all read them here.
public struct RecordStore: Sendable {
    public enum Selection: Sendable {
        case representative(UUID)
        /// The active representatives of the region and the regions below it.
        case region(UUID)
    }

    /// Slots and activities count by when they start; submissions by when they were filed; ratings by when they
    /// were given; suggestions by when they were submitted. A slot counts as missed only once it has ended
    /// (by `asOf`) without his check-in.
    public static func records(
        _ selection: Selection, period: Range<Date>, asOf: Date, weights: RecordWeights, on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [RepresentativeRecord] {
        var q = QueryBuilder("")
        let (from, to, now) = (q.bind(period.lowerBound), q.bind(period.upperBound), q.bind(min(asOf, period.upperBound)))
        let held = q.bind([ActivityStatus.held.rawValue, ActivityStatus.closed.rawValue])
        let (reception, reportBack) = (q.bind(ActivityKind.reception.rawValue), q.bind(ActivityKind.reportBack.rawValue))
        let filter: String
        switch selection {
        case .representative(let id): filter = "r.id = \(q.bind(id))"
        case .region(let region): filter = "r.active AND \(RegionStore.subtree("r.region_id", of: q.bind(region)))"
        }
        q.base = """
            WITH reps AS (SELECT r.id, r.name, r.region_id FROM representatives r WHERE \(filter)),
            slots AS (
                SELECT x.representative_id AS rep, x.checked_in_at IS NOT NULL AS kept, s.recorded_at IS NOT NULL AS recorded,
                       s.ends_at <= \(now) AS ended
                FROM rota_slot_representatives x JOIN rota_slots s ON s.id = x.slot_id
                WHERE x.representative_id IN (SELECT id FROM reps) AND s.starts_at >= \(from) AND s.starts_at < \(to)),
            acts AS (
                SELECT p.rep, v.kind FROM activities v
                CROSS JOIN LATERAL (
                    SELECT representative_id AS rep FROM activity_representatives WHERE activity_id = v.id
                    UNION SELECT v.organiser_representative_id WHERE v.organiser_representative_id IS NOT NULL) p
                WHERE v.status = ANY(\(held)) AND v.starts_at >= \(from) AND v.starts_at < \(to)
                  AND p.rep IN (SELECT id FROM reps)),
            items AS (
                SELECT b.representative_id AS rep, b.status, count(*)::int AS n FROM submissions b
                WHERE b.representative_id IN (SELECT id FROM reps) AND b.created_at >= \(from) AND b.created_at < \(to)
                GROUP BY 1, 2),
            rated AS (
                SELECT u.representative_id AS rep, count(*)::int AS n FROM timeline_events t JOIN users u ON u.id = t.actor_id
                WHERE t.action = 'evaluated' AND t.actor_role = 'representative' AND t.at >= \(from) AND t.at < \(to)
                  AND u.representative_id IN (SELECT id FROM reps)
                GROUP BY 1
                UNION ALL
                SELECT p.representative_id, count(*)::int FROM problem_ratings p
                WHERE p.representative_id IN (SELECT id FROM reps) AND p.created_at >= \(from) AND p.created_at < \(to)
                GROUP BY 1),
            led AS (
                SELECT g.representative_id AS rep, coalesce(g.outcome, 'pending') AS outcome, count(*)::int AS n FROM suggestions g
                WHERE g.representative_id IN (SELECT id FROM reps) AND g.submitted_at >= \(from) AND g.submitted_at < \(to)
                GROUP BY 1, 2)
            SELECT r.id, r.name, r.region_id,
                   (SELECT count(*) FILTER (WHERE kept)::int FROM slots WHERE rep = r.id),
                   (SELECT count(*) FILTER (WHERE NOT kept AND ended)::int FROM slots WHERE rep = r.id),
                   (SELECT count(*) FILTER (WHERE kept AND recorded)::int FROM slots WHERE rep = r.id)
                     + (SELECT count(*) FILTER (WHERE kind = \(reception))::int FROM acts WHERE rep = r.id),
                   (SELECT count(*) FILTER (WHERE kind <> \(reception) AND kind <> \(reportBack))::int FROM acts WHERE rep = r.id),
                   (SELECT count(*) FILTER (WHERE kind = \(reportBack))::int FROM acts WHERE rep = r.id),
                   coalesce((SELECT array_agg(status ORDER BY status) FROM items WHERE rep = r.id), '{}'),
                   coalesce((SELECT array_agg(n ORDER BY status) FROM items WHERE rep = r.id), '{}'),
                   (SELECT coalesce(sum(n), 0)::int FROM rated WHERE rep = r.id),
                   coalesce((SELECT array_agg(outcome ORDER BY outcome) FROM led WHERE rep = r.id), '{}'),
                   coalesce((SELECT array_agg(n ORDER BY outcome) FROM led WHERE rep = r.id), '{}'),
                   (SELECT count(*)::int FROM suggestion_co_signers c JOIN suggestions g ON g.id = c.suggestion_id
                    WHERE c.representative_id = r.id AND c.confirmed_at IS NOT NULL
                      AND g.submitted_at >= \(from) AND g.submitted_at < \(to))
            FROM reps r
            """
        let rows = try await connection.query(q.query(suffix: "ORDER BY r.name, r.id"), logger: logger).collect()
        return try rows.map { row in
            let (
                id, name, region, kept, missed, receptions, activities, reportBacks, statuses, statusCounts, rated, outcomes, outcomeCounts,
                cosigned
            ) =
                try row.decode((UUID, String, UUID, Int, Int, Int, Int, Int, [String], [Int], Int, [String], [Int], Int).self)
            let items = Dictionary(uniqueKeysWithValues: zip(statuses, statusCounts))
            let suggestions = Dictionary(uniqueKeysWithValues: zip(outcomes, outcomeCounts))
            var counts = RecordCounts()
            (counts.slotsKept, counts.slotsMissed, counts.receptions, counts.activities, counts.reportBacks) =
                (kept, missed, receptions, activities, reportBacks)
            counts.itemsReceived = items.values.reduce(0, +)
            counts.itemsClosed = items[SubmissionStatus.closed.rawValue] ?? 0
            (counts.itemsRated, counts.suggestionsLed, counts.suggestionsCoSigned) = (rated, suggestions.values.reduce(0, +), cosigned)
            return RepresentativeRecord(
                representativeID: id, name: name, regionID: region, counts: counts, itemsByStatus: items,
                suggestionsByOutcome: suggestions, score: weights.score(counts))
        }
    }

    /// Best first: by score, then name (then id, so the order is total).
    public static func ranked(_ records: [RepresentativeRecord]) -> [RepresentativeRecord] {
        records.sorted { ($0.score, $1.name, $1.representativeID.uuidString) > ($1.score, $0.name, $0.representativeID.uuidString) }
    }
}
