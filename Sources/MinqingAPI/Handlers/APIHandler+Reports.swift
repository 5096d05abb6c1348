import Foundation
import MinqingCore
import MinqingOpenAPI
import MinqingRules
import OpenAPIRuntime

extension APIHandler {
    var reports: ReportStore { ReportStore(database: services.database, logger: logger) }

    func getMonthlyReport(_ input: Operations.GetMonthlyReport.Input) async throws -> Operations.GetMonthlyReport.Output {
        let caller = try self.caller
        guard case .month? = Period(key: input.path.month) else { throw DomainError.invalid("month", "must be written YYYY-MM") }
        var v = FieldValidator()
        let department = v.id(input.query.departmentId, "department_id")
        try v.check()
        let (snapshot, data) = try await scopedReport(.monthly, input.path.month, caller: caller, department: department)
        if wantsCSV(input.headers.accept.map { ($0.contentType.rawValue, $0.quality.doubleValue) }) {
            return .ok(.init(body: .csv(HTTPBody(ReportCSV.render(.monthly, data)))))
        }
        return .ok(.init(body: .json(try .init(snapshot, data: data))))
    }

    func getQuarterlyReport(_ input: Operations.GetQuarterlyReport.Input) async throws -> Operations.GetQuarterlyReport.Output {
        let caller = try self.caller
        guard case .quarter? = Period(key: input.path.quarter) else { throw DomainError.invalid("quarter", "must be written YYYY-Qn") }
        let (snapshot, data) = try await scopedReport(.quarterly, input.path.quarter, caller: caller, department: nil)
        if wantsCSV(input.headers.accept.map { ($0.contentType.rawValue, $0.quality.doubleValue) }) {
            return .ok(.init(body: .csv(HTTPBody(ReportCSV.render(.quarterly, data)))))
        }
        return .ok(.init(body: .json(try .init(snapshot, data: data))))
    }

    func getAnnualReport(_ input: Operations.GetAnnualReport.Input) async throws -> Operations.GetAnnualReport.Output {
        let caller = try self.caller
        let year = try yearKey(input.path.year)
        let (snapshot, data) = try await scopedReport(.annual, year, caller: caller, department: nil)
        if wantsCSV(input.headers.accept.map { ($0.contentType.rawValue, $0.quality.doubleValue) }) {
            return .ok(.init(body: .csv(HTTPBody(ReportCSV.render(.annual, data)))))
        }
        return .ok(.init(body: .json(try .init(snapshot, data: data))))
    }

    func publishAnnualReport(_ input: Operations.PublishAnnualReport.Input) async throws -> Operations.PublishAnnualReport.Output {
        let year = try yearKey(input.path.year)
        let (now, logger) = (self.now, self.logger)
        let published = try await reports.publish(.annual, period: year, now: now) { data, connection in
            let departments = ReportCSV.departments(data).compactMap { $0["department_id"].flatMap { value -> UUID? in
                if case .string(let id) = value { return UUID(uuidString: id) } else { return nil }
            } }
            try await Notifier.notify(
                Notification(kind: .annualResultsPublished, title: "\(year)年度评议结果已公布", body: "三色榜已公布。",
                             data: ["year": .string(year), "board": .string("/v1/reports/annual/\(year)/board.svg")]),
                to: Set(departments.map(Recipients.department)).union([.admins]), now: now, on: connection, logger: logger
            )
        }
        guard let snapshot = published else { throw DomainError.notFound("Annual report \(year)") }
        return .ok(.init(body: .json(try .init(snapshot, data: snapshot.data))))
    }

    func getAnnualBoard(_ input: Operations.GetAnnualBoard.Input) async throws -> Operations.GetAnnualBoard.Output {
        let year = try yearKey(input.path.year)
        guard let snapshot = try await reports.latest(.annual, period: year) else { throw DomainError.notFound("Annual report \(year)") }
        if snapshot.publishedAt == nil, !AccessPolicy.seesUnpublishedReports(RequestCaller.current) {
            throw DomainError.notFound("Annual report \(year)")
        }
        return .ok(.init(body: .imageSvgXml(HTTPBody(AnnualBoard.render(year: year, snapshot.data, policy: services.config.rhythm)))))
    }

    /// A report as the caller may see it: departments see only their own rows and never the intake summary.
    private func scopedReport(_ kind: ReportStore.Kind, _ period: String, caller: User, department: UUID?) async throws
        -> (ReportStore.Snapshot, JSONValue)
    {
        guard let snapshot = try await reports.latest(kind, period: period) else {
            throw DomainError.notFound("\(kind.rawValue.capitalized) report \(period)")
        }
        // the rows the caller reaches, narrowed to the asked department; another's is simply absent
        let reach = AccessPolicy.scope(of: caller)
        guard department != nil || !reach.isEverything, case .object(var root) = snapshot.data else { return (snapshot, snapshot.data) }
        root["departments"] = .array(ReportCSV.departments(snapshot.data).filter { row in
            guard case .string(let text)? = row["department_id"], let id = UUID(uuidString: text) else { return false }
            return reach.reaches(department: id) && (department == nil || department == id)
        }.map(JSONValue.object))
        if !AccessPolicy.seesIntakeSummary(caller) { root["intake"] = nil }
        return (snapshot, .object(root))
    }

    private func yearKey(_ text: String) throws -> String {
        guard case .year? = Period(key: text) else { throw DomainError.invalid("year", "must be written YYYY") }
        return text
    }

    /// CSV only when the client asks for it over JSON (a missing Accept header means JSON).
    private func wantsCSV(_ accepted: [(type: String, quality: Double)]) -> Bool {
        let csv = accepted.filter { $0.type.lowercased().hasPrefix("text/csv") }.map(\.quality).max()
        let json = accepted.filter { $0.type.lowercased().hasPrefix("application/json") }.map(\.quality).max()
        guard let csv else { return false }
        return json.map { csv > $0 } ?? true
    }
}

extension Components.Schemas.Report {
    init(_ snapshot: ReportStore.Snapshot, data: JSONValue) throws {
        let container = try JSONDecoder().decode(Components.Schemas.Report.DataPayload.self, from: JSONEncoder().encode(data))
        self.init(
            kind: .init(rawValue: snapshot.kind.rawValue)!, period: snapshot.periodKey, version: snapshot.version,
            reason: snapshot.reason, createdAt: snapshot.createdAt, publishedAt: snapshot.publishedAt, data: container
        )
    }
}
