import Foundation
import MinqingCore
import MinqingOpenAPI
import MinqingRules
import OpenAPIRuntime

extension APIHandler {
    var reports: ReportStore { ReportStore(database: services.database, logger: logger) }

    func getMonthlyReport(_ input: Operations.GetMonthlyReport.Input) async throws -> Operations.GetMonthlyReport.Output {
        guard case .month? = Period(key: input.path.month) else { throw DomainError.invalid("month", "must be written YYYY-MM") }
        var v = FieldValidator()
        let department = v.id(input.query.departmentId, "department_id")
        let read = try await report(
            MonthlySheet.self, input.path.month, version: input.query.version, department: department,
            accept: input.headers.accept, validator: v, csv: ReportCSV.render)
        return .ok(.init(body: try read.csv.map { .csv(HTTPBody($0)) } ?? .json(.init(read.snapshot))))
    }

    func getQuarterlyReport(_ input: Operations.GetQuarterlyReport.Input) async throws -> Operations.GetQuarterlyReport.Output {
        guard case .quarter? = Period(key: input.path.quarter) else { throw DomainError.invalid("quarter", "must be written YYYY-Qn") }
        let read = try await report(
            OversightList.self, input.path.quarter, version: input.query.version, department: nil,
            accept: input.headers.accept, csv: ReportCSV.render)
        return .ok(.init(body: try read.csv.map { .csv(HTTPBody($0)) } ?? .json(.init(read.snapshot))))
    }

    func getAnnualReport(_ input: Operations.GetAnnualReport.Input) async throws -> Operations.GetAnnualReport.Output {
        let year = try yearKey(input.path.year)
        let read = try await report(
            AnnualReport.self, year, version: input.query.version, department: nil,
            accept: input.headers.accept, csv: ReportCSV.render)
        return .ok(.init(body: try read.csv.map { .csv(HTTPBody($0)) } ?? .json(.init(read.snapshot))))
    }

    /// A report as the caller asked for it: the version (validated with the operation's other parameters), cut
    /// to his scope, and rendered as CSV when he prefers it.
    private func report<Content: ReportData, Accept: AcceptableProtocol>(
        _ type: Content.Type, _ period: String, version: Int?, department: UUID?, accept: [AcceptHeaderContentType<Accept>],
        validator: FieldValidator = FieldValidator(), csv: (Content) -> String
    ) async throws -> (snapshot: ReportStore.Snapshot<Content>, csv: String?) {
        let caller = try self.caller
        var v = validator
        if let version { v.range(version, "version", 1...Int(Int32.max)) }
        try v.check()
        let snapshot = try await scopedReport(type, period, version: version, caller: caller, department: department)
        let csvWanted = wantsCSV(accept.map { ($0.contentType.rawValue, $0.quality.doubleValue) })
        return (snapshot, csvWanted ? csv(snapshot.data) : nil)
    }

    func publishAnnualReport(_ input: Operations.PublishAnnualReport.Input) async throws -> Operations.PublishAnnualReport.Output {
        let year = try yearKey(input.path.year)
        let (now, logger) = (self.now, self.logger)
        let published = try await reports.publish(AnnualReport.self, period: year, now: now) { report, connection in
            try await Notifier.notify(
                Notification(
                    kind: .annualResultsPublished, title: "\(year)年度评议结果已公布", body: "三色榜已公布。",
                    data: ["year": .string(year), "board": .string("/v1/reports/annual/\(year)/board.svg")]),
                to: Set(report.departments.map { Recipients.department($0.departmentID) }).union([.admins]),
                now: now, on: connection, logger: logger
            )
        }
        guard let snapshot = published else { throw DomainError.notFound("Annual report \(year)") }
        return .ok(.init(body: .json(try .init(snapshot))))
    }

    /// The board of the newest version; for whoever may not see unpublished results, of the newest published one.
    func getAnnualBoard(_ input: Operations.GetAnnualBoard.Input) async throws -> Operations.GetAnnualBoard.Output {
        let year = try yearKey(input.path.year)
        let publishedOnly = !AccessPolicy.seesUnpublishedReports(RequestCaller.current)
        guard let snapshot = try await reports.snapshot(AnnualReport.self, period: year, publishedOnly: publishedOnly) else {
            throw DomainError.notFound("Annual report \(year)")
        }
        return .ok(.init(body: .imageSvgXml(HTTPBody(AnnualBoard.render(snapshot.data, policy: services.config.rhythm)))))
    }

    /// A report as the caller may see it: departments see only their own rows and never the intake summary.
    private func scopedReport<Content: ReportData>(
        _ type: Content.Type, _ period: String, version: Int?, caller: User, department: UUID?
    ) async throws -> ReportStore.Snapshot<Content> {
        guard var snapshot = try await reports.snapshot(type, period: period, version: version) else {
            let asked = version.map { " version \($0)" } ?? ""
            throw DomainError.notFound("\(Content.kind.rawValue.capitalized) report \(period)\(asked)")
        }
        // the rows the caller reaches, narrowed to the asked department; another's is simply absent
        let reach = AccessPolicy.scope(of: caller)
        if department != nil || !reach.isEverything {
            // a region's staff and leaders read the rows of the departments in it
            var regional: Set<UUID>?
            if let region = reach.region { regional = try await regions.ids(of: .departments, within: region) }
            snapshot.data = snapshot.data.departments { id in
                (regional?.contains(id) ?? reach.reaches(department: id)) && (department == nil || department == id)
            }
        }
        if !AccessPolicy.seesIntakeSummary(caller) { snapshot.data = snapshot.data.withoutStaffParts() }
        return snapshot
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
    init<Content: ReportData>(_ snapshot: ReportStore.Snapshot<Content>) throws {
        let container = try JSONDecoder().decode(Components.Schemas.Report.DataPayload.self, from: Data(try snapshot.data.json().utf8))
        self.init(
            kind: .init(rawValue: snapshot.kind.rawValue)!, period: snapshot.periodKey, version: snapshot.version,
            reason: snapshot.reason, newestVersion: snapshot.newestVersion, createdAt: snapshot.createdAt,
            publishedAt: snapshot.publishedAt, data: container
        )
    }
}
