import Foundation
import MinqingCore
import MinqingOpenAPI
import MinqingRules
import OpenAPIRuntime

/// The dashboard (驾驶舱) as JSON and as printable charts, and a representative's record (履职档案).
extension APIHandler {
    func getDashboard(_ input: Operations.GetDashboard.Input) async throws -> Operations.GetDashboard.Output {
        let board = try await dashboard(region: input.query.regionId, from: input.query.from, to: input.query.to)
        return .ok(.init(body: .json(try .init(board))))
    }

    func getDashboardChart(_ input: Operations.GetDashboardChart.Input) async throws -> Operations.GetDashboardChart.Output {
        // only the section the chart draws
        let section: DashboardStore.Sections = input.path.name == .intake_svg || input.path.name == .categories_svg ? .intake : .handling
        let board = try await dashboard(region: input.query.regionId, from: input.query.from, to: input.query.to, sections: section)
        let day = { (date: Date) in WorkingCalendar.Day(date, in: self.calendar).key }
        let span = "\(board.regionName) · \(day(board.period.lowerBound)) 至 \(day(board.period.upperBound.addingTimeInterval(-1)))"
        let departments = board.handling?.departments ?? []
        let svg: String
        switch input.path.name {
        case .intake_svg:
            svg = LineChart(
                title: "每周收到群众意见", subtitle: span + " · 按周（周一起）",
                points: (board.intake?.weekly ?? []).map { .init(label: String($0.week.dropFirst(5)), value: Double($0.submissions)) }
            ).render()
        case .onTime_svg:
            svg = Self.rateChart(
                "按时答复率", span + " · 按时答复 / 交办", departments, rate: \.onTimeRate
            ) { "\($0.repliedOnTime)/\($0.assigned)" }
        case .satisfaction_svg:
            svg = Self.rateChart("满意率", span + " · （满意 + 基本满意）/ 已评价", departments, rate: \.satisfactionRate) {
                "\($0.satisfied + $0.basicallySatisfied)/\($0.rated)"
            }
        case .categories_svg:
            svg = RankedBarChart(
                title: "各类别收到件数", subtitle: span + " · 群众意见、代表建议、活动问题合计",
                bars: (board.intake?.categories ?? []).map { .init(label: $0.name, value: Double($0.received), note: "\($0.received) 件") }
            ).render()
        }
        return .ok(.init(body: .imageSvgXml(HTTPBody(svg))))
    }

    /// One bar per department that has the rate, best first, a full bar being 100 %; the note gives the
    /// percentage and the fraction it comes from.
    static func rateChart(
        _ title: String, _ subtitle: String, _ departments: [Dashboard.DepartmentFigures],
        rate: KeyPath<DepartmentYearFigures.Increment, Double?>, fraction: (DepartmentYearFigures.Increment) -> String
    ) -> String {
        let rated = departments.compactMap { d in d.figures[keyPath: rate].map { (d, $0) } }.sorted {
            ($1.1, $0.0.departmentName) < ($0.1, $1.0.departmentName)
        }
        return RankedBarChart(
            title: title, subtitle: subtitle,
            bars: rated.map {
                .init(
                    label: $0.0.departmentName, value: $0.1, note: String(format: "%.1f%%", $0.1 * 100) + " · \(fraction($0.0.figures)) 件")
            },
            maximum: 1
        ).render()
    }

    /// The dashboard the parameters ask for: the period by ``InsightPeriod``, the region within the caller's
    /// reach (422 naming `region_id` otherwise) or his own by default.
    func dashboard(region text: String?, from: Date?, to: Date?, sections: DashboardStore.Sections = .all) async throws -> Dashboard {
        var v = FieldValidator()
        let asked = v.id(text, "region_id")
        try v.check()
        let period = try InsightPeriod.resolve(from: from, to: to, now: now)
        let caller = try self.caller
        let scope = AccessPolicy.scope(of: caller)
        let own = try await dashboardRegion(of: caller)
        if let asked {
            try await regions.require(asked, within: scope.region, field: "region_id")
            // a department's slice is its own department's, which lies in one region
            if scope.department != nil, asked != own { throw DomainError.invalid("region_id", "lies outside the region it must be within") }
        }
        guard let id = asked ?? own, let region = try await regions.find(id) else { throw DomainError.notFound("Region") }
        let request = DashboardStore.Request(
            region: region.id, regionName: region.name, period: period, now: now, local: calendar, policy: services.config.rhythm,
            sections: sections)
        return try await DashboardStore(database: services.database, logger: logger).dashboard(request, within: scope)
    }

    /// The region a dashboard shows by default: a staff member's or leader's, a department's, a
    /// representative's; the top region for an admin.
    private func dashboardRegion(of caller: User) async throws -> UUID? {
        if let region = try await ownRegion(of: caller) { return region }
        if let representative = caller.representativeID { return try await regions.path(of: .representatives, representative)?.last }
        return try await regions.top()
    }
}

extension APIHandler {
    /// The local year's record; a running year's counts as of now.
    func getRepresentativeRecord(_ input: Operations.GetRepresentativeRecord.Input) async throws
        -> Operations.GetRepresentativeRecord.Output
    {
        let id = try pathID(input.path.id, "Representative")
        var v = FieldValidator()
        v.range(input.query.year, "year", 2000...2100)
        try v.check()
        let now = self.now
        let year = input.query.year.map(Period.year) ?? Period.year(containing: now, in: calendar)
        let period = year.interval(in: calendar)
        let weights = services.config.rhythm.recordWeights
        let records = try await services.database.withConnection { connection in
            try await RecordStore.records(.representative(id), period: period, asOf: now, weights: weights, on: connection, logger: logger)
        }
        guard let record = records.first else { throw DomainError.notFound("Representative \(id.text)") }
        return .ok(
            .init(
                body: .json(
                    .init(
                        year: year.year, from: period.lowerBound, to: min(max(now, period.lowerBound), period.upperBound),
                        weights: try .init(recoding: weights), record: try .init(record)))))
    }
}

extension Components.Schemas.Dashboard {
    init(_ board: Dashboard) throws {
        self.init(
            regionId: board.regionID.text, regionName: board.regionName, from: board.period.lowerBound, to: board.period.upperBound,
            intake: board.intake.map { intake in
                .init(
                    kinds: intake.kinds.map { .init(kind: .init(rawValue: $0.kind.rawValue)!, received: $0.received, closed: $0.closed) },
                    categories: intake.categories.map {
                        .init(
                            code: $0.code, name: $0.name, received: $0.received, submissions: $0.submissions, suggestions: $0.suggestions,
                            problems: $0.problems)
                    },
                    directFromResidents: intake.directFromResidents, directShare: intake.directShare,
                    weekly: intake.weekly.map { .init(week: $0.week, submissions: $0.submissions) })
            },
            handling: board.handling.map { handling in
                .init(
                    totals: .init(handling.totals), overdueNow: handling.overdueNow,
                    departments: handling.departments.map {
                        .init(
                            departmentId: $0.departmentID.text, departmentName: $0.departmentName, figures: .init($0.figures),
                            overdueNow: $0.overdueNow)
                    })
            },
            suggestions: board.suggestions.map {
                .init(
                    submitted: $0.submitted, fromResidents: $0.fromResidents, share: $0.share,
                    byOutcome: .init(additionalProperties: $0.byOutcome))
            },
            stations: board.stations.map {
                .init(
                    stations: $0.stations, receptions: $0.receptions, slotsKept: $0.slotsKept, slotsMissed: $0.slotsMissed,
                    visitors: $0.visitors)
            },
            representatives: try board.representatives?.map(Components.Schemas.RepresentativeRecord.init),
            hotWords: board.hotWords?.map(Components.Schemas.HotWord.init))
    }
}

extension Components.Schemas.HandlingFigures {
    init(_ f: DepartmentYearFigures.Increment) {
        self.init(
            assigned: f.assigned, replied: f.replied, repliedOnTime: f.repliedOnTime, onTimeRate: f.onTimeRate.map(ReportRounding.rate),
            satisfied: f.satisfied, basicallySatisfied: f.basicallySatisfied, unsatisfied: f.unsatisfied, rated: f.rated,
            satisfactionRate: f.satisfactionRate.map(ReportRounding.rate),
            averageWorkingDaysToReply: f.averageWorkingDaysToReply.map(ReportRounding.tenths),
            extensions: f.extensions, escalations: f.escalations)
    }
}

extension Components.Schemas.RepresentativeRecord {
    init(_ record: RepresentativeRecord) throws {
        self.init(
            representativeId: record.representativeID.text, name: record.name, regionId: record.regionID.text,
            counts: try .init(recoding: record.counts), itemsByStatus: .init(additionalProperties: record.itemsByStatus),
            suggestionsByOutcome: .init(additionalProperties: record.suggestionsByOutcome), score: record.score)
    }
}

extension Decodable {
    /// The generated twin of a Core value whose coding keys are the spec's (counts, weights): one shape, one
    /// place to name the fields.
    init(recoding value: some Encodable) throws {
        self = try JSONDecoder().decode(Self.self, from: JSONEncoder().encode(value))
    }
}
