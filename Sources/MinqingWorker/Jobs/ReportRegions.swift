import Foundation
import MinqingCore
import MinqingRules
import PostgresNIO

/// The regions the periodic reports are written for — every region that has departments, or the one a
/// correction names — with the tree their figures roll up along. A region's report ranks its own
/// departments; its intake and graded handling cover its subtree.
struct ReportRegions: Sendable {
    let tree: RegionTree
    let names: [UUID: String]
    /// The department's region as the report is built.
    let departmentRegion: [UUID: UUID]
    /// In `precedes` order: the order reports are written and notified in.
    var reporting: [UUID]

    /// Shallowest first, then by name (then id, so the order is total).
    func precedes(_ a: UUID, _ b: UUID) -> Bool {
        (tree.depth(of: a), names[a] ?? "", a.uuidString) < (tree.depth(of: b), names[b] ?? "", b.uuidString)
    }

    /// With `only`, just that region (a correction); otherwise every region that has departments.
    static func load(only: UUID? = nil, on connection: PostgresConnection, logger: Logger) async throws -> ReportRegions {
        var paths: [UUID: [UUID]] = [:], names: [UUID: String] = [:]
        for row in try await connection.query("SELECT id, name, path FROM regions", logger: logger).collect() {
            let (id, name, path) = try row.decode((UUID, String, [UUID]).self)
            (paths[id], names[id]) = (path, name)
        }
        let departments = try await connection.query("SELECT id, region_id FROM departments", logger: logger).collect()
        let departmentRegion = Dictionary(uniqueKeysWithValues: try departments.map { try $0.decode((UUID, UUID).self) })
        let tree = RegionTree(paths: paths)
        let reporting =
            only.map { [$0] }
            ?? Set(departmentRegion.values).sorted {
                (tree.depth(of: $0), names[$0] ?? "", $0.uuidString) < (tree.depth(of: $1), names[$1] ?? "", $1.uuidString)
            }
        return ReportRegions(tree: tree, names: names, departmentRegion: departmentRegion, reporting: reporting)
    }

    /// The rows of one region's report: those of its own departments.
    func own<Row: ReportDepartmentRow>(_ rows: [Row], of region: UUID) -> [Row] {
        rows.filter { departmentRegion[$0.departmentID] == region }
    }

    /// Who hears of a region's report (`Recipients.ofReport`).
    func recipients(of region: UUID, departments: [UUID] = []) -> Set<Recipients> {
        Recipients.ofReport(region: region, isTop: tree.depth(of: region) == 1, departments: departments)
    }

    /// Graded handling in `range` for each reporting region: one row per region of its subtree with
    /// anything to count, shallowest first. Closed means closed in the range and still closed.
    func handling(_ range: Range<Date>, on connection: PostgresConnection, logger: Logger) async throws -> [UUID: [RegionHandling]] {
        let (from, to) = (range.lowerBound, range.upperBound)
        var figures: [UUID: RegionHandling] = [:]
        func add(_ region: UUID, _ change: (inout RegionHandling) -> Void) {
            change(&figures[region, default: RegionHandling(regionID: region, regionName: names[region] ?? "")])
        }
        // one pass over the submissions, grouped by where they started and where they are handled now
        let pairs = try await connection.query(
            """
            SELECT origin_region_id, region_id,
                   count(*) FILTER (WHERE created_at >= \(from) AND created_at < \(to))::int,
                   count(*) FILTER (WHERE status = \(SubmissionStatus.closed.rawValue) AND closed_at >= \(from) AND closed_at < \(to))::int
            FROM submissions
            WHERE (created_at >= \(from) AND created_at < \(to)) OR (closed_at >= \(from) AND closed_at < \(to))
            GROUP BY 1, 2
            """,
            logger: logger
        ).collect()
        for row in pairs {
            let (origin, region, received, closed) = try row.decode((UUID, UUID, Int, Int).self)
            if received > 0 { add(origin) { $0.received += received } }
            if closed > 0, origin == region { add(region) { $0.closedAtOwnLevel += closed } }
            if closed > 0, origin != region { add(region) { $0.closedOnReferral += closed } }
        }
        let referrals = try await connection.query(
            """
            SELECT from_region_id, count(*)::int FROM submission_referrals
            WHERE referred_at >= \(from) AND referred_at < \(to) GROUP BY 1
            """,
            logger: logger
        ).collect()
        for row in referrals {
            let (region, count) = try row.decode((UUID, Int).self)
            add(region) { $0.referredUp += count }
        }
        return perSubtree(Array(figures.values), region: \.regionID)
    }

    /// Rows kept per region, listed for each reporting region over its subtree, in region order.
    func perSubtree<Row>(_ rows: [Row], region: KeyPath<Row, UUID>) -> [UUID: [Row]] {
        let all = rows.sorted { precedes($0[keyPath: region], $1[keyPath: region]) }
        return Dictionary(uniqueKeysWithValues: reporting.map { root in (root, all.filter { tree.isWithin($0[keyPath: region], root) }) })
    }

    /// Counts kept per region, rolled up to each reporting region's subtree.
    func rollUp<Key: Hashable>(_ counts: [(region: UUID, key: Key, count: Int)]) -> [UUID: [Key: Int]] {
        tree.rollUp(counts, into: Set(reporting))
    }
}
