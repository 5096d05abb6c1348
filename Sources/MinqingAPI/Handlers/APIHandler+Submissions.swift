import Foundation
import MinqingCore
import MinqingOpenAPI
import MinqingRules

extension APIHandler {
    func createSubmission(_ input: Operations.CreateSubmission.Input) async throws -> Operations.CreateSubmission.Output {
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        let filer = RequestCaller.current
        let receipt = try await intake.file(
            IntakeRequest(body), filer: filer, clientAddress: RequestScope.current.clientAddress,
            idempotencyKey: input.headers.idempotencyKey, now: now
        )
        return .created(.init(body: .json(.init(receipt, base: baseURL))))
    }

    func listSubmissions(_ input: Operations.ListSubmissions.Input) async throws -> Operations.ListSubmissions.Output {
        let q = input.query
        let page = try PageRequest(limit: q.limit, cursor: q.cursor)
        var v = FieldValidator()
        let filter = SubmissionFilter(
            status: q.status.flatMap { .init(rawValue: $0.rawValue) }, kind: q.kind.flatMap { .init(rawValue: $0.rawValue) },
            category: q.category, stationID: v.id(q.stationId, "station_id"),
            representativeID: v.id(q.representativeId, "representative_id"), departmentID: v.id(q.departmentId, "department_id"),
            overdue: q.overdue, receivedFrom: q.receivedFrom, receivedTo: q.receivedTo,
            text: v.optional(q.q, "q", max: 100),
            region: RegionFilter(id: v.id(q.regionId, "region_id"), within: q.within)
        )
        try v.check()
        let result = try await submissions.list(filter, scope: scope, page: page, now: now)
        let working = try await calendars.workingCalendar(calendar)
        let items = result.items.map {
            Components.Schemas.SubmissionSummary($0, calendar: working, ladder: services.config.rhythm.ladder, now: now)
        }
        return .ok(.init(body: .json(.init(items: items, nextCursor: result.nextCursor))))
    }

    func getSubmission(_ input: Operations.GetSubmission.Input) async throws -> Operations.GetSubmission.Output {
        let caller = try self.caller
        let id = try visibleSubmission(input.path.id)
        return .ok(.init(body: .json(try await detail(id, for: caller))))
    }

    func revealSubmissionContact(_ input: Operations.RevealSubmissionContact.Input) async throws
        -> Operations.RevealSubmissionContact.Output
    {
        let caller = try self.caller
        let id = try visibleSubmission(input.path.id)
        let contact = try await loop.revealContact(id, sealer: services.sealer, by: Actor(user: caller), now: now)
        return .ok(.init(body: .json(.init(name: contact.name, phone: contact.phone))))
    }

    /// The submission the path names: ``AuthorizationMiddleware`` found it within the caller's reach.
    func visibleSubmission(_ text: String) throws -> UUID {
        try pathID(text, "Submission")
    }

    func detail(_ id: UUID, for caller: User) async throws -> Components.Schemas.SubmissionDetail {
        guard let detail = try await submissions.detail(id, now: now) else { throw DomainError.notFound("Submission \(id.text)") }
        return .init(
            detail, viewer: caller, calendar: try await calendars.workingCalendar(calendar),
            ladder: services.config.rhythm.ladder, now: now)
    }
}

extension Components.Schemas.SubmissionReceipt {
    init(_ receipt: Receipt, base: String) {
        self.init(
            id: receipt.id.text, receiptNo: receipt.receiptNo, trackingToken: receipt.trackingToken,
            trackingUrl: "\(base)/t/\(receipt.trackingToken)", status: .submitted, createdAt: receipt.createdAt,
            expectedReplyWorkingDays: receipt.expectedReplyWorkingDays
        )
    }
}
