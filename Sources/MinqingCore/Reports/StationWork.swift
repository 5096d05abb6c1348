import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// The stations at work over a period (``MonthlySheet/StationMonth``), the one count the monthly sheet and the
/// dashboard share: a slot belongs to the period it starts in, a reception activity counts once it was held.
public enum StationWork {
    /// Each active station's figures, with its region, by name: all of them, or those of a region's subtree,
    /// or a representative's own (home and further).
    public static func figures(
        _ range: Range<Date>, target: Int, region: UUID? = nil, representative: UUID? = nil, on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [(region: UUID, month: MonthlySheet.StationMonth)] {
        var q = QueryBuilder("")
        let (start, end) = (q.bind(range.lowerBound), q.bind(range.upperBound))
        let held = q.bind([ActivityStatus.held.rawValue, ActivityStatus.closed.rawValue])
        let (reception, receptionChannel) = (q.bind(ActivityKind.reception.rawValue), q.bind(Channel.reception.rawValue))
        q.base = """
            WITH slots AS (
                SELECT s.station_id, s.recorded_at IS NOT NULL AS recorded, coalesce(s.visitors, 0) AS visitors,
                       EXISTS (SELECT 1 FROM rota_slot_representatives x WHERE x.slot_id = s.id AND x.checked_in_at IS NOT NULL) AS kept
                FROM rota_slots s WHERE s.starts_at >= \(start) AND s.starts_at < \(end)),
            receptions AS (
                SELECT v.station_id, coalesce(v.visitors, 0) AS visitors FROM activities v
                WHERE v.kind = \(reception) AND v.status = ANY(\(held)) AND v.starts_at >= \(start) AND v.starts_at < \(end))
            SELECT st.id, st.name, st.region_id,
                   (SELECT count(*) FILTER (WHERE recorded)::int FROM slots WHERE station_id = st.id)
                     + (SELECT count(*)::int FROM receptions WHERE station_id = st.id),
                   (SELECT count(*) FILTER (WHERE kept)::int FROM slots WHERE station_id = st.id),
                   (SELECT count(*) FILTER (WHERE NOT kept)::int FROM slots WHERE station_id = st.id),
                   (SELECT coalesce(sum(visitors), 0)::int FROM slots WHERE station_id = st.id)
                     + (SELECT coalesce(sum(visitors), 0)::int FROM receptions WHERE station_id = st.id),
                   (SELECT count(*)::int FROM submissions b
                    WHERE b.station_id = st.id AND b.channel = \(receptionChannel) AND b.created_at >= \(start) AND b.created_at < \(end))
            FROM stations st
            """
        q.condition("st.active")
        q.filter(region) { RegionStore.subtree("st.region_id", of: $0) }
        q.filter(representative) { "st.id IN (\(AccessScope.stations(of: $0)))" }
        let rows = try await connection.query(q.query(suffix: "ORDER BY st.name, st.id"), logger: logger).collect()
        return try rows.map { row in
            let (id, name, region, receptions, kept, missed, visitors, items) =
                try row.decode((UUID, String, UUID, Int, Int, Int, Int, Int).self)
            return (
                region,
                MonthlySheet.StationMonth(
                    stationID: id, stationName: name, receptions: receptions, receptionTarget: target, slotsKept: kept,
                    slotsMissed: missed, visitors: visitors, itemsFiled: items)
            )
        }
    }
}
