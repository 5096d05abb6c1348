import Foundation
import MinqingCore
import MinqingRules
import PostgresNIO

/// 代表履职排名: for year Y, on 1 January Y+1 at 02:00, one ranking per region that has departments, of the
/// active representatives of its subtree by their year's record (``RepresentativeRanking``), written once;
/// the region's staff and leaders are told.
enum RepresentativeRankingJob {
    static let name = "representative_ranking"

    static func kind(policy: RhythmPolicy) -> JobKind {
        JobKind(name: name, schedule: .yearly(hour: 2, minute: 0), policy: .all, lease: .seconds(1800)) { context, connection in
            let logger = context.logger
            guard let period = Period(key: context.periodKey), case .year(let year) = period else { return }
            let regions = try await ReportRegions.load(on: connection, logger: logger)
            let rankings = try await build(
                period, regions: regions, policy: policy, calendar: context.calendar, on: connection, logger: logger)
            let now = context.clock.now()
            for region in regions.reporting {
                guard let ranking = rankings[region],
                    try await ReportStore.writeFirst(ranking, region: region, period: period.key, now: now, on: connection, logger: logger)
                else { continue }
                let id = region.uuidString.lowercased()
                try await Notifier.notify(
                    Notification(
                        kind: .rankingReady, title: "\(year)年度代表履职排名已生成（\(regions.names[region] ?? "")）",
                        body: "\(ranking.representatives.count)名代表的履职档案与排名可在报表中查看。",
                        data: [
                            "year": .string(period.key), "region_id": .string(id),
                            "report": .string("/v1/reports/representatives/\(period.key)?region_id=\(id)"),
                        ]),
                    to: [.regionStaff(region), .regionLeaders(region)], now: now, on: connection, logger: logger)
            }
        }
    }

    /// Each reporting region's ranking of the year from the data as it is now (a slot counts as missed once
    /// it ended within the year).
    static func build(
        _ period: Period, regions: ReportRegions, policy: RhythmPolicy, calendar: LocalCalendar, on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [UUID: RepresentativeRanking] {
        guard case .year(let year) = period else { preconditionFailure("the ranking is of a year") }
        let range = period.interval(in: calendar)
        var rankings: [UUID: RepresentativeRanking] = [:]
        for region in regions.reporting {
            let records = try await RecordStore.records(
                .region(region), period: range, asOf: range.upperBound, weights: policy.recordWeights, on: connection, logger: logger)
            rankings[region] = RepresentativeRanking(year: year, weights: policy.recordWeights, records: records)
        }
        return rankings
    }
}
