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
            MonthlySheet.self, input.path.month, region: input.query.regionId, version: input.query.version, department: department,
            accept: input.headers.accept, validator: v)
        return .ok(
            .init(body: read.format == .csv ? .csv(HTTPBody(ReportCSV.render(read.snapshot.data))) : .json(try .init(read.snapshot))))
    }

    func getQuarterlyReport(_ input: Operations.GetQuarterlyReport.Input) async throws -> Operations.GetQuarterlyReport.Output {
        guard case .quarter? = Period(key: input.path.quarter) else { throw DomainError.invalid("quarter", "must be written YYYY-Qn") }
        let read = try await report(
            OversightList.self, input.path.quarter, region: input.query.regionId, version: input.query.version, department: nil,
            accept: input.headers.accept)
        return .ok(
            .init(body: read.format == .csv ? .csv(HTTPBody(ReportCSV.render(read.snapshot.data))) : .json(try .init(read.snapshot))))
    }

    func getAnnualReport(_ input: Operations.GetAnnualReport.Input) async throws -> Operations.GetAnnualReport.Output {
        let year = try yearKey(input.path.year)
        let read = try await report(
            AnnualReport.self, year, region: input.query.regionId, version: input.query.version, department: nil,
            accept: input.headers.accept)
        return .ok(
            .init(body: read.format == .csv ? .csv(HTTPBody(ReportCSV.render(read.snapshot.data))) : .json(try .init(read.snapshot))))
    }

    func getRepresentativeRanking(_ input: Operations.GetRepresentativeRanking.Input) async throws
        -> Operations.GetRepresentativeRanking.Output
    {
        let year = try yearKey(input.path.year)
        let read = try await report(
            RepresentativeRanking.self, year, region: input.query.regionId, version: input.query.version, department: nil,
            accept: input.headers.accept)
        return .ok(
            .init(body: read.format == .csv ? .csv(HTTPBody(ReportCSV.render(read.snapshot.data))) : .json(try .init(read.snapshot))))
    }

    func getDigest(_ input: Operations.GetDigest.Input) async throws -> Operations.GetDigest.Output {
        guard case .month? = Period(key: input.path.month) else { throw DomainError.invalid("month", "must be written YYYY-MM") }
        let read = try await report(
            MonthlyDigest.self, input.path.month, region: input.query.regionId, version: input.query.version, department: nil,
            accept: input.headers.accept, formats: [.json, .csv, .html])
        switch read.format {
        case .json: return .ok(.init(body: .json(try .init(read.snapshot))))
        case .csv: return .ok(.init(body: .csv(HTTPBody(ReportCSV.render(read.snapshot.data)))))
        case .html: return .ok(.init(body: .html(HTTPBody(try DigestPage.render(read.snapshot, local: calendar)))))
        }
    }

    /// A report as the caller asked for it: the region and version (validated with the operation's other
    /// parameters), cut to his scope, and the format he prefers among those the operation offers.
    private func report<Content: ReportData, Accept: AcceptableProtocol>(
        _ type: Content.Type, _ period: String, region: String?, version: Int?, department: UUID?,
        accept: [AcceptHeaderContentType<Accept>], validator: FieldValidator = FieldValidator(),
        formats: [ReportFormat] = [.json, .csv]
    ) async throws -> (snapshot: ReportStore.Snapshot<Content>, format: ReportFormat) {
        let caller = try self.caller
        var v = validator
        let asked = v.id(region, "region_id")
        if let version { v.range(version, "version", 1...Int(Int32.max)) }
        try v.check()
        let region = try await reportRegion(asked, caller: caller).id
        let snapshot = try await scopedReport(type, period, region: region, version: version, caller: caller, department: department)
        let accepted = accept.map { ($0.contentType.rawValue, $0.quality.doubleValue) }
        let type = preferred(accepted, among: formats.map(\.rawValue))
        return (snapshot, formats.first { $0.rawValue == type } ?? .json)
    }

    func publishAnnualReport(_ input: Operations.PublishAnnualReport.Input) async throws -> Operations.PublishAnnualReport.Output {
        let year = try yearKey(input.path.year)
        let region = try await reportRegion(try queryID(input.query.regionId, "region_id"), caller: try caller)
        let (now, logger) = (self.now, self.logger)
        let id = region.id.uuidString.lowercased()
        let published = try await reports.publish(AnnualReport.self, region: region.id, period: year, now: now) { report, connection in
            try await Notifier.notify(
                Notification(
                    kind: .annualResultsPublished, title: "\(year)年度评议结果已公布", body: "三色榜已公布。",
                    data: [
                        "year": .string(year), "region_id": .string(id),
                        "board": .string("/v1/reports/annual/\(year)/board.svg?region_id=\(id)"),
                    ]),
                to: Recipients.ofReport(
                    region: region.id, isTop: region.path.count == 1, departments: report.departments.map(\.departmentID)),
                now: now, on: connection, logger: logger
            )
        }
        guard let snapshot = published else { throw DomainError.notFound("Annual report \(year)") }
        return .ok(.init(body: .json(try .init(snapshot))))
    }

    /// A region's board of the newest version; for whoever may not see its unpublished results (anyone outside
    /// the region's reach among them), of the newest published one.
    func getAnnualBoard(_ input: Operations.GetAnnualBoard.Input) async throws -> Operations.GetAnnualBoard.Output {
        let year = try yearKey(input.path.year)
        let caller = RequestCaller.current
        let asked = try queryID(input.query.regionId, "region_id")
        let region = try await reportRegion(asked, caller: caller, reachRequired: false)
        let unpublishedToo = AccessPolicy.seesUnpublishedReports(caller) && region.reached
        guard
            let snapshot = try await reports.snapshot(AnnualReport.self, region: region.id, period: year, publishedOnly: !unpublishedToo)
        else {
            throw DomainError.notFound("Annual report \(year)")
        }
        return .ok(.init(body: .imageSvgXml(HTTPBody(AnnualBoard.render(snapshot.data, policy: services.config.rhythm)))))
    }

    /// A region's report as the caller may see it (he reaches the region): departments see only their own
    /// rows and never the staff parts.
    func scopedReport<Content: ReportData>(
        _ type: Content.Type, _ period: String, region: UUID, version: Int?, caller: User, department: UUID?
    ) async throws -> ReportStore.Snapshot<Content> {
        guard var snapshot = try await reports.snapshot(type, region: region, period: period, version: version) else {
            let asked = version.map { " version \($0)" } ?? ""
            throw DomainError.notFound("\(Content.kind.rawValue.capitalized) report \(period)\(asked)")
        }
        // the rows the caller reaches, narrowed to the asked department; another's is simply absent
        let reach = AccessPolicy.scope(of: caller)
        if department != nil || reach.department != nil {
            snapshot.data = snapshot.data.departments { id in
                reach.reaches(department: id) && (department == nil || department == id)
            }
        }
        if !AccessPolicy.seesIntakeSummary(caller) { snapshot.data = snapshot.data.withoutStaffParts() }
        return snapshot
    }

    /// The region a report is read for: the named one, else the caller's own (`ownRegion`), else the top
    /// region. One the caller does not reach answers like an unknown one (404); `reachRequired: false` leaves
    /// that to the caller (the public board).
    func reportRegion(_ asked: UUID?, caller: User?, reachRequired: Bool = true) async throws -> ReportRegion {
        let own = try await ownRegion(of: caller)
        var id = asked ?? own
        if id == nil { id = try await regions.top() }
        guard let id, let found = try await regions.find(id) else {
            throw DomainError.notFound("Region \(asked?.text ?? "")")
        }
        var region = ReportRegion(id: found.id, path: found.path, reached: false)
        region.reached =
            caller.map { AccessPolicy.scope(of: $0) }.map { scope in
                scope.department != nil ? own == found.id : scope.reaches(regionPath: found.path)
            } ?? false
        if reachRequired, !region.reached { throw DomainError.notFound("Region \(found.id.text)") }
        return region
    }

    /// The region whose reports are the caller's own: a staff member's or leader's, a department user's
    /// department's; nil for others.
    func ownRegion(of caller: User?) async throws -> UUID? {
        if let region = caller?.regionID { return region }
        guard let department = caller?.departmentID else { return nil }
        return try await regions.path(of: .departments, department)?.last
    }

    private func yearKey(_ text: String) throws -> String {
        guard case .year? = Period(key: text) else { throw DomainError.invalid("year", "must be written YYYY") }
        return text
    }

    /// CSV only when the client asks for it over JSON (a missing Accept header means JSON).
    func wantsCSV(_ accepted: [(type: String, quality: Double)]) -> Bool {
        preferred(accepted, among: ["application/json", "text/csv"]) == "text/csv"
    }

    /// The offered media type the client rates highest; on a tie, or when he names none of them, the first
    /// offered (JSON).
    func preferred(_ accepted: [(type: String, quality: Double)], among offered: [String]) -> String {
        let quality = offered.map { type in accepted.filter { $0.type.lowercased().hasPrefix(type) }.map(\.quality).max() ?? -1 }
        var best = 0
        for index in quality.indices where quality[index] > quality[best] { best = index }
        return offered[best]
    }
}

/// The media types a report is served in.
enum ReportFormat: String, Sendable {
    case json = "application/json", csv = "text/csv", html = "text/html"
}

/// The region a report is read for: its path, and whether the caller reaches it (admins every region,
/// staff and leaders theirs and those below, a department user his department's region).
struct ReportRegion: Sendable {
    let id: UUID
    let path: [UUID]
    var reached: Bool
}

extension Components.Schemas.Report {
    init<Content: ReportData>(_ snapshot: ReportStore.Snapshot<Content>) throws {
        let container = try JSONDecoder().decode(Components.Schemas.Report.DataPayload.self, from: Data(try snapshot.data.json().utf8))
        self.init(
            kind: .init(rawValue: snapshot.kind.rawValue)!, regionId: snapshot.regionID.text, regionName: snapshot.regionName,
            period: snapshot.periodKey, version: snapshot.version,
            reason: snapshot.reason, newestVersion: snapshot.newestVersion, createdAt: snapshot.createdAt,
            publishedAt: snapshot.publishedAt, data: container
        )
    }
}
