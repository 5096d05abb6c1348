import Foundation
import MinqingCore
import MinqingOpenAPI
import MinqingRules

extension APIHandler {
    func getOversightMeeting(_ input: Operations.GetOversightMeeting.Input) async throws -> Operations.GetOversightMeeting.Output {
        let quarter = try Self.quarter(input.path.quarter)
        let region = try await reportRegion(try queryID(input.query.regionId, "region_id"), caller: try caller)
        return .ok(.init(body: .json(try await meetingBody(try await oversightStore.meeting(region: region.id, quarter)))))
    }

    func updateOversightMeeting(_ input: Operations.UpdateOversightMeeting.Input) async throws -> Operations.UpdateOversightMeeting.Output {
        let quarter = try Self.quarter(input.path.quarter)
        let region = try await reportRegion(try queryID(input.query.regionId, "region_id"), caller: try caller)
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        let notes = v.optional(body.notes, "notes", max: 10_000, multiline: true)
        let decisions = v.optional(body.decisions, "decisions", max: 10_000, multiline: true)
        try v.check()
        let meeting = try await oversightStore.annotate(region: region.id, quarter, notes: notes, decisions: decisions, now: now)
        return .ok(.init(body: .json(try await meetingBody(meeting))))
    }

    private static func quarter(_ key: String) throws -> String {
        guard case .quarter? = Period(key: key) else { throw DomainError.invalid("quarter", "must be written YYYY-Qn") }
        return key
    }

    /// The meeting with the region's newest oversight list of the quarter.
    private func meetingBody(_ meeting: OversightMeeting) async throws -> Components.Schemas.OversightMeeting {
        let list = try await reports.snapshot(OversightList.self, region: meeting.regionID, period: meeting.quarter)
        return .init(
            regionId: meeting.regionID.text, quarter: meeting.quarter, meetingDate: meeting.meetingDate, notes: meeting.notes,
            decisions: meeting.decisions,
            updatedAt: meeting.updatedAt, list: try list.map(Components.Schemas.Report.init))
    }

    /// The tasks of a year's samples, a page at a time, by department name and receipt number.
    func listSpotChecks(_ input: Operations.ListSpotChecks.Input) async throws -> Operations.ListSpotChecks.Output {
        let department = try queryID(input.query.departmentId, "department_id")
        let region = try queryID(input.query.regionId, "region_id")
        let page = try PageRequest(limit: input.query.limit, cursor: input.query.cursor)
        let checks = try await oversightStore.spotChecks(
            year: input.query.year, department: department, region: region, within: try scope, page: page)
        return .ok(.init(body: .json(.init(items: checks.items.map(Components.Schemas.SpotCheck.init), nextCursor: checks.nextCursor))))
    }

    func decideSpotCheck(_ input: Operations.DecideSpotCheck.Input) async throws -> Operations.DecideSpotCheck.Output {
        let caller = try self.caller
        guard let id = SpotCheckID(input.path.id) else { throw DomainError.notFound("Spot check \(input.path.id)") }
        // staff decide the samples of the departments in their subtree; another's answers like an unknown one
        let department = try await oversightStore.spotCheck(id).departmentID
        guard try scope.reaches(regionPath: try await regions.path(of: .departments, department)) else {
            throw DomainError.notFound("Spot check \(input.path.id)")
        }
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        let note = v.optional(body.note, "note", max: 2000, multiline: true)
        try v.check()
        try await loop.decideSpotCheck(id, verdict: .init(rawValue: body.verdict.rawValue)!, note: note, by: Actor(user: caller), now: now)
        return .ok(.init(body: .json(.init(try await oversightStore.spotCheck(id)))))
    }
}

extension Components.Schemas.SpotCheck {
    init(_ check: SpotCheck) {
        self.init(
            id: check.id.description, year: check.id.year, departmentId: check.departmentID.text,
            departmentName: check.departmentName, submissionId: check.id.submission.text, receiptNo: check.receiptNo,
            seed: Int(check.seed), verdict: check.verdict.flatMap { .init(rawValue: $0.rawValue) }, note: check.note,
            decidedAt: check.decidedAt)
    }
}
