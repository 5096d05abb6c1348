import Foundation
import MinqingCore
import MinqingRules
import PostgresNIO

extension MonthlyTracking {
    /// Each reporting region's active stations (of its subtree) at work in `range` (``StationWork``).
    static func stationMonths(
        _ range: Range<Date>, regions: ReportRegions, target: Int, on connection: PostgresConnection, logger: Logger
    ) async throws -> [UUID: [MonthlySheet.StationMonth]] {
        var months: [UUID: [MonthlySheet.StationMonth]] = [:]
        for (region, month) in try await StationWork.figures(range, target: target, on: connection, logger: logger) {
            for reporting in regions.reporting where regions.tree.isWithin(region, reporting) {
                months[reporting, default: []].append(month)
            }
        }
        return months
    }
}
