import Foundation
import MinqingCore
import MinqingRules
import PostgresNIO

/// 民情专报: for month M, on the 1st of M+1 at 09:00 (after the monthly tracking), one digest per region
/// that has departments, written once (``MonthlyDigest``), and its leaders and staff told in their inbox.
enum MonthlyDigestJob {
    static let name = "monthly_digest"
    static let words = 10, clusters = 5, items = 20

    static func kind(policy: RhythmPolicy) -> JobKind {
        JobKind(name: name, schedule: .monthly(day: 1, hour: 9, minute: 0), policy: .all, lease: .seconds(600)) { context, connection in
            let logger = context.logger
            guard let period = Period(key: context.periodKey), case .month = period else { return }
            let regions = try await ReportRegions.load(on: connection, logger: logger)
            let now = context.clock.now()
            let digests = try await build(
                period, regions: regions, policy: policy, calendar: context.calendar, on: connection, logger: logger)
            for region in regions.reporting {
                guard let digest = digests[region],
                    try await ReportStore.writeFirst(digest, region: region, period: period.key, now: now, on: connection, logger: logger)
                else { continue }
                let id = region.uuidString.lowercased()
                let top = digest.hotWords.prefix(3).map(\.term).joined(separator: "、")
                try await Notifier.notify(
                    Notification(
                        kind: .digestReady, title: "\(period.key) 民情专报（\(regions.names[region] ?? "")）",
                        body: "本月收到群众意见\(digest.figures.submissions)件，办结\(digest.figures.closed)件"
                            + (top.isEmpty ? "。" : "；民意热词：\(top)。"),
                        data: [
                            "period": .string(period.key), "region_id": .string(id),
                            "report": .string("/v1/reports/digest/\(period.key)?region_id=\(id)"),
                        ]),
                    to: [.regionLeaders(region), .regionStaff(region)], now: now, on: connection, logger: logger)
            }
        }
    }

    /// A region's digest of the month from the data as it is now: the dashboard's figures with the month's
    /// end as "now" (overdue at the month's end), hot words, clusters, key items and referrals of its subtree.
    static func build(
        _ period: Period, regions: ReportRegions, policy: RhythmPolicy, calendar local: LocalCalendar,
        on connection: PostgresConnection, logger: Logger
    ) async throws -> [UUID: MonthlyDigest] {
        var digests: [UUID: MonthlyDigest] = [:]
        for region in regions.reporting {
            digests[region] = try await build(
                period, region: region, regions: regions, policy: policy, calendar: local, on: connection, logger: logger)
        }
        return digests
    }

    static func build(
        _ period: Period, region: UUID, regions: ReportRegions, policy: RhythmPolicy, calendar local: LocalCalendar,
        on connection: PostgresConnection, logger: Logger
    ) async throws -> MonthlyDigest {
        let range = period.interval(in: local)
        let board = try await DashboardStore.dashboard(
            .init(
                region: region, regionName: regions.names[region] ?? "", period: range, now: range.upperBound, local: local, policy: policy),
            within: .everything, on: connection, logger: logger)
        let found = try await InsightStore.clusters(
            region: region, period: range, minimum: Clustering.defaultMinimum, within: .everything, on: connection, logger: logger)
        let key = try await connection.query(
            """
            SELECT s.receipt_no, coalesce(s.title, left(s.content, 30)), s.status FROM submissions s
            WHERE s.key_item AND s.created_at < \(range.upperBound) AND (s.closed_at IS NULL OR s.closed_at >= \(range.lowerBound))
              AND (s.region_id IN (SELECT id FROM regions WHERE path @> ARRAY[\(region)]::uuid[])
                   OR s.origin_region_id IN (SELECT id FROM regions WHERE path @> ARRAY[\(region)]::uuid[]))
            ORDER BY s.created_at, s.receipt_no LIMIT \(items)
            """,
            logger: logger
        ).collect().map { row in
            let (receipt, title, status) = try row.decode((String, String, String).self)
            return MonthlyDigest.Item(receiptNo: receipt, title: title, status: status)
        }
        let referred = try await connection.query(
            """
            SELECT s.receipt_no, coalesce(s.title, left(s.content, 30)), s.status, g.name FROM submission_referrals r
            JOIN submissions s ON s.id = r.submission_id JOIN regions g ON g.id = r.to_region_id
            WHERE r.referred_at >= \(range.lowerBound) AND r.referred_at < \(range.upperBound) 
              AND r.from_region_id IN (SELECT id FROM regions WHERE path @> ARRAY[\(region)]::uuid[])
            ORDER BY r.referred_at, s.receipt_no LIMIT \(items)
            """,
            logger: logger
        ).collect().map { row in
            let (receipt, title, status, to) = try row.decode((String, String, String, String).self)
            return MonthlyDigest.Item(receiptNo: receipt, title: title, status: status, toRegion: to)
        }
        return MonthlyDigest(
            period: period.key, from: range.lowerBound, to: range.upperBound, figures: .init(board),
            hotWords: (board.hotWords ?? []).map { .init(term: $0.term, items: $0.items, change: $0.change) },
            clusters: found.prefix(clusters).map {
                .init(term: $0.term, commonTerms: $0.commonTerms, size: $0.members.count, stations: $0.stations.count)
            },
            keyItems: key,
            departments: (board.handling?.departments ?? []).filter { $0.overdueNow > 0 }
                .sorted { ($1.overdueNow, $0.departmentName) < ($0.overdueNow, $1.departmentName) }
                .map { .init(departmentID: $0.departmentID, departmentName: $0.departmentName, overdue: $0.overdueNow) },
            referredUp: referred)
    }
}
