import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// Reads the dashboard (``Dashboard``): each section one aggregate over the period, within the caller's
/// reach, on one connection.
public struct DashboardStore: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    public struct Request: Sendable {
        public var region: UUID
        public var regionName: String
        public var period: Range<Date>
        public var now: Date
        public var local: LocalCalendar
        public var policy: RhythmPolicy
        /// The sections to read (a chart needs one); those of them the caller has.
        public var sections: Sections

        public init(
            region: UUID, regionName: String, period: Range<Date>, now: Date, local: LocalCalendar, policy: RhythmPolicy,
            sections: Sections = .all
        ) {
            (self.region, self.regionName, self.period, self.now, self.local, self.policy) = (
                region, regionName, period, now, local, policy
            )
            self.sections = sections
        }
    }

    public struct Sections: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        public static let intake = Sections(rawValue: 1 << 0)
        public static let handling = Sections(rawValue: 1 << 1)
        public static let suggestions = Sections(rawValue: 1 << 2)
        public static let stations = Sections(rawValue: 1 << 3)
        public static let representatives = Sections(rawValue: 1 << 4)
        public static let hotWords = Sections(rawValue: 1 << 5)
        public static let all: Sections = [.intake, .handling, .suggestions, .stations, .representatives, .hotWords]
    }

    /// Staff, leaders and admins get every section over the region; a department its own handling; a
    /// representative what came through his codes and stations, his suggestions, his stations and his record.
    /// The sections are independent reads, each on its own connection of the pool, run at once.
    public func dashboard(_ request: Request, within scope: AccessScope) async throws -> Dashboard {
        try await Self.dashboard(request, within: scope, connections: .pool(database), logger: logger)
    }

    /// The same on one connection (the digest job's, in its transaction): the sections one after another.
    public static func dashboard(_ request: Request, within scope: AccessScope, on connection: PostgresConnection, logger: Logger)
        async throws -> Dashboard
    {
        try await dashboard(request, within: scope, connections: .one(connection), logger: logger)
    }

    /// Where a section reads: its own connection of the pool, or the one it was given (whose queries queue).
    enum Connections: Sendable {
        case pool(Database)
        case one(PostgresConnection)

        func read<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
            switch self {
            case .pool(let database): try await database.withConnection { try await body($0) }
            case .one(let connection): try await body(connection)
            }
        }
    }

    static func dashboard(_ request: Request, within scope: AccessScope, connections: Connections, logger: Logger)
        async throws -> Dashboard
    {
        var board = Dashboard(regionID: request.region, regionName: request.regionName, period: request.period)
        let wanted = request.sections
        if let department = scope.department {
            if wanted.contains(.handling) {
                board.handling = try await connections.read {
                    try await Self.handling(request, departments: .one(department), on: $0, logger: logger)
                }
            }
            return board
        }
        let representative = scope.representative
        /// A section's read, when it is wanted.
        func section<T: Sendable>(_ which: Sections, _ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T? {
            wanted.contains(which) ? try await connections.read(body) : nil
        }
        async let intake = section(.intake) { try await Self.intake(request, representative: representative, on: $0, logger: logger) }
        async let weekly = section(.intake) { try await Self.weekly(request, through: representative, on: $0, logger: logger) }
        async let suggestions = section(.suggestions) {
            try await Self.suggestions(request, representative: representative, on: $0, logger: logger)
        }
        async let stations = section(.stations) {
            try await Self.stations(request, representative: representative, on: $0, logger: logger)
        }
        async let records = section(.representatives) {
            try await RecordStore.records(
                representative.map { .representative($0) } ?? .region(request.region), period: request.period, asOf: request.now,
                weights: request.policy.recordWeights, on: $0, logger: logger)
        }
        async let hotWords = section(.hotWords) {
            try await InsightStore.hotWords(
                HotWordsQuery(region: request.region, period: request.period, limit: 10), within: scope, on: $0, logger: logger)
        }
        // a representative's dashboard has no departments' handling
        async let handling =
            representative == nil
            ? try await section(.handling) {
                try await Self.handling(request, departments: .subtree, on: $0, logger: logger)
            } : nil
        board.intake = try await intake
        if let weekly = try await weekly { board.intake?.weekly = weekly }
        (board.suggestions, board.stations) = (try await suggestions, try await stations)
        board.representatives = try await records.map { Array(RecordStore.ranked($0).prefix(10)) }
        (board.hotWords, board.handling) = (try await hotWords, try await handling)
        return board
    }

    enum Departments { case subtree, one(UUID) }

    /// The assignments of the period by department (``DepartmentYearFigures/figures(_:local:departments:_:on:logger:)``)
    /// and those overdue now.
    static func handling(_ request: Request, departments: Departments, on connection: PostgresConnection, logger: Logger)
        async throws -> Dashboard.Handling
    {
        var q = QueryBuilder("")
        let condition: String
        switch departments {
        case .subtree: condition = RegionStore.subtree("d.region_id", of: q.bind(request.region))
        case .one(let id): condition = "d.id = \(q.bind(id))"
        }
        let figures = try await DepartmentYearFigures.figures(
            request.period, local: request.local, departments: condition, q, on: connection, logger: logger)
        let overdue = q.overdue(at: request.now)
        q.base = """
            SELECT a.department_id, d.name, count(*)::int FROM assignments a JOIN departments d ON d.id = a.department_id
            WHERE \(overdue) AND \(condition) GROUP BY 1, 2
            """
        let late = try await connection.query(q.query(suffix: ""), logger: logger).collect().map { try $0.decode((UUID, String, Int).self) }
        var rows = Dictionary(
            uniqueKeysWithValues: figures.map { id, entry in
                (id, Dashboard.DepartmentFigures(departmentID: id, departmentName: entry.name, figures: entry.figures, overdueNow: 0))
            })
        for (id, name, count) in late {
            rows[id, default: .init(departmentID: id, departmentName: name, figures: .init(), overdueNow: 0)].overdueNow = count
        }
        var totals = DepartmentYearFigures.Increment()
        for row in rows.values { totals += row.figures }
        return Dashboard.Handling(
            totals: totals, overdueNow: late.reduce(0) { $0 + $1.2 },
            departments: rows.values.sorted {
                ($0.departmentName, $0.departmentID.uuidString) < ($1.departmentName, $1.departmentID.uuidString)
            })
    }

    /// Items in and closed by kind and category and the direct share (the weekly series is read apart).
    static func intake(_ request: Request, representative: UUID?, on connection: PostgresConnection, logger: Logger)
        async throws -> Dashboard.Intake
    {
        var q = QueryBuilder("")
        let (from, to) = (q.bind(request.period.lowerBound), q.bind(request.period.upperBound))
        let region = q.bind(request.region)
        let filed = "s.created_at >= \(from) AND s.created_at < \(to) AND \(RegionStore.subtree("s.origin_region_id", of: region))"
        let closed = """
            s.status = \(q.bind(SubmissionStatus.closed.rawValue)) AND s.closed_at >= \(from) AND s.closed_at < \(to)
              AND \(RegionStore.subtree("s.region_id", of: region))
            """
        let through =
            representative.map {
                "AND " + AccessScope.throughRepresentative(q.bind($0), representative: "s.representative_id", station: "s.station_id")
            } ?? ""
        let suggestionReach = representative.map { "AND g.representative_id = \(q.bind($0))" } ?? ""
        let problemReach =
            representative.map { "AND p.activity_id IN (SELECT v.id FROM activities v WHERE \(ActivityStore.takesPart(q.bind($0))))" } ?? ""
        let (closedSuggestion, doneProblem) = (q.bind(SuggestionStatus.closed.rawValue), q.bind(ProblemStatus.done.rawValue))
        let code = q.bind(Channel.code.rawValue)
        // a representative's: his items row by row; a region's: its rollup (Rollups.submissionRows)
        let submissionRows =
            representative == nil
            ? "SELECT 'submission' AS kind, x.* FROM (\(Rollups.submissionRows(request.period, region: request.region, &q))) x"
            : """
            -- filed and closed apart, each one index range (a submission of both is counted once in each)
            SELECT 'submission' AS kind, s.category, 1 AS filed, 0 AS closed, (s.channel = \(code))::int AS direct
            FROM submissions s WHERE \(filed) \(through)
            UNION ALL
            SELECT 'submission', s.category, 0, 1, 0 FROM submissions s WHERE \(closed) \(through)
            """
        q.base = """
            WITH items (kind, category, filed, closed, direct) AS (
                \(submissionRows)
                UNION ALL
                SELECT 'suggestion', g.category, (g.submitted_at >= \(from) AND g.submitted_at < \(to))::int,
                       (g.status = \(closedSuggestion) AND g.closed_at >= \(from) AND g.closed_at < \(to))::int, 0
                FROM suggestions g
                WHERE \(RegionStore.subtree("g.region_id", of: region)) \(suggestionReach)
                  AND ((g.submitted_at >= \(from) AND g.submitted_at < \(to)) OR (g.closed_at >= \(from) AND g.closed_at < \(to)))
                UNION ALL
                SELECT 'problem', p.category, (p.created_at >= \(from) AND p.created_at < \(to))::int,
                       (p.status = \(doneProblem) AND p.closed_at >= \(from) AND p.closed_at < \(to))::int, 0
                FROM activity_problems p
                WHERE \(RegionStore.subtree("p.region_id", of: region)) \(problemReach)
                  AND ((p.created_at >= \(from) AND p.created_at < \(to)) OR (p.closed_at >= \(from) AND p.closed_at < \(to))))
            SELECT i.kind, i.category, c.name, sum(i.filed)::int, sum(i.closed)::int, sum(i.direct)::int
            FROM items i JOIN categories c ON c.code = i.category
            GROUP BY 1, 2, 3
            """
        var kinds = Dictionary(
            uniqueKeysWithValues: ItemTerms.Kind.allCases.map { ($0, Dashboard.KindCount(kind: $0, received: 0, closed: 0)) })
        var categories: [String: Dashboard.CategoryCount] = [:]
        var direct = 0
        for row in try await connection.query(q.query(suffix: ""), logger: logger).collect() {
            let (kindText, category, name, received, closedCount, directCount) = try row.decode(
                (String, String, String, Int, Int, Int).self)
            guard let kind = ItemTerms.Kind(rawValue: kindText) else { continue }
            kinds[kind]!.received += received
            kinds[kind]!.closed += closedCount
            direct += directCount
            var entry = categories[category] ?? .init(code: category, name: name, submissions: 0, suggestions: 0, problems: 0)
            switch kind {
            case .submission: entry.submissions += received
            case .suggestion: entry.suggestions += received
            case .problem: entry.problems += received
            }
            categories[category] = entry
        }
        let submissions = kinds[.submission]!.received
        return Dashboard.Intake(
            kinds: ItemTerms.Kind.allCases.map { kinds[$0]! },
            categories: categories.values.filter { $0.received > 0 }.sorted { ($1.received, $0.code) < ($0.received, $1.code) },
            directFromResidents: direct,
            directShare: ReportRounding.share(direct, of: submissions) ?? 0,
            weekly: [])
    }

    /// Submissions filed per local week that overlaps the period (weeks without any included).
    static func weekly(_ request: Request, through representative: UUID?, on connection: PostgresConnection, logger: Logger)
        async throws -> [Dashboard.WeekCount]
    {
        var q = QueryBuilder("")
        let zone = q.bind(request.local.timeZone.identifier)
        if representative == nil {
            // a region's: the hours of its rollup (Rollups.filedHourRows), grouped by the local week they fall in
            q.base = """
                SELECT to_char(date_trunc('week', x.at AT TIME ZONE \(zone)), 'YYYY-MM-DD'), sum(x.n)::int
                FROM (\(Rollups.filedHourRows(request.period, region: request.region, &q))) x (at, n)
                """
        } else {
            q.base = """
                SELECT to_char(date_trunc('week', s.created_at AT TIME ZONE \(zone)), 'YYYY-MM-DD'), count(*)::int FROM submissions s
                """
            q.condition("s.created_at >= \(q.bind(request.period.lowerBound)) AND s.created_at < \(q.bind(request.period.upperBound))")
            q.condition(RegionStore.subtree("s.origin_region_id", of: q.bind(request.region)))
            q.filter(representative) {
                AccessScope.throughRepresentative($0, representative: "s.representative_id", station: "s.station_id")
            }
        }
        let counts = Dictionary(
            uniqueKeysWithValues: try await connection.query(q.query(suffix: "GROUP BY 1"), logger: logger).collect().map {
                try $0.decode((String, Int).self)
            })
        return request.local.weekStarts(overlapping: request.period).map { monday in
            let week = WorkingCalendar.Day(monday, in: request.local).key
            return .init(week: week, submissions: counts[week] ?? 0)
        }
    }

    /// The suggestions submitted in the period (made to the subtree's congresses; a representative's own).
    static func suggestions(_ request: Request, representative: UUID?, on connection: PostgresConnection, logger: Logger)
        async throws -> Dashboard.Suggestions
    {
        var q = QueryBuilder(
            """
            SELECT coalesce(g.outcome, 'pending'), count(*)::int,
                   count(*) FILTER (WHERE EXISTS (SELECT 1 FROM suggestion_sources x WHERE x.suggestion_id = g.id))::int
            FROM suggestions g
            """)
        q.condition("g.submitted_at >= \(q.bind(request.period.lowerBound)) AND g.submitted_at < \(q.bind(request.period.upperBound))")
        q.condition(RegionStore.subtree("g.region_id", of: q.bind(request.region)))
        q.filter(representative) { "g.representative_id = \($0)" }
        let rows = try await connection.query(q.query(suffix: "GROUP BY 1"), logger: logger).collect().map {
            try $0.decode((String, Int, Int).self)
        }
        let submitted = rows.reduce(0) { $0 + $1.1 }, fromResidents = rows.reduce(0) { $0 + $1.2 }
        return Dashboard.Suggestions(
            submitted: submitted, fromResidents: fromResidents,
            share: ReportRounding.share(fromResidents, of: submitted),
            byOutcome: Dictionary(uniqueKeysWithValues: rows.map { ($0.0, $0.1) }))
    }

    /// The subtree's active stations at work (``StationWork``); a representative's own stations.
    static func stations(_ request: Request, representative: UUID?, on connection: PostgresConnection, logger: Logger)
        async throws -> Dashboard.Stations
    {
        let months = try await StationWork.figures(
            request.period, target: request.policy.receptionsPerMonth, region: request.region, representative: representative,
            on: connection, logger: logger
        ).map(\.month)
        return Dashboard.Stations(
            stations: months.count, receptions: months.reduce(0) { $0 + $1.receptions }, slotsKept: months.reduce(0) { $0 + $1.slotsKept },
            slotsMissed: months.reduce(0) { $0 + $1.slotsMissed }, visitors: months.reduce(0) { $0 + $1.visitors })
    }
}
