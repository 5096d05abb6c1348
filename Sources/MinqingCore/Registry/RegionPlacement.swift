import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// The one check of where a registry row (station, department, representative) may be put: in an existing
/// region, within the caller's region when his scope has one (staff), and a station within its parent
/// station's region. Each failure names `region_id`.
enum RegionPlacement {
    static func require(
        _ region: UUID?, within scope: AccessScope, underStation parent: UUID? = nil, on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        guard let region else { throw DomainError.invalid("region_id", "is required") }
        try await RegionStore.requireRegion(region, within: scope.region, field: "region_id", on: connection, logger: logger)
        guard let parent else { return }
        let rows = try await connection.query(
            """
            SELECT 1 FROM regions r, stations p
            WHERE r.id = \(region) AND p.id = \(parent) AND r.path @> ARRAY[p.region_id]
            """,
            logger: logger
        ).collect()
        if rows.isEmpty { throw DomainError.invalid("region_id", "lies outside the region of the parent station") }
    }
}
