import Foundation
import MinqingCore
import MinqingOpenAPI
import MinqingRules

extension APIHandler {
    func listAssignments(_ input: Operations.ListAssignments.Input) async throws -> Operations.ListAssignments.Output {
        let q = input.query
        let page = try PageRequest(limit: q.limit, cursor: q.cursor)
        let filter = AssignmentStore.Filter(
            status: q.status.flatMap { .init(rawValue: $0.rawValue) }, overdue: q.overdue, dueBefore: q.dueBefore
        )
        let result = try await assignments.list(filter, scope: scope, page: page, now: now)
        let working = try await calendars.workingCalendar(calendar)
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: result.items.map { .init($0, calendar: working, ladder: services.config.rhythm.ladder, now: now) },
                        nextCursor: result.nextCursor
                    ))))
    }

    func acknowledgeAssignment(_ input: Operations.AcknowledgeAssignment.Input) async throws -> Operations.AcknowledgeAssignment.Output {
        let (caller, id) = try handler(of: input.path.id)
        try await loop.acknowledge(id, by: Actor(user: caller), now: now)
        return .ok(.init(body: .json(try await assignment(id))))
    }

    func returnAssignment(_ input: Operations.ReturnAssignment.Input) async throws -> Operations.ReturnAssignment.Output {
        let (caller, id) = try handler(of: input.path.id)
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        let reason = v.required(body.reason, "reason", max: 500, multiline: true)
        try v.check()
        try await loop.returnAssignment(id, reason: reason, by: Actor(user: caller), now: now)
        return .ok(.init(body: .json(try await assignment(id))))
    }

    func addAssignmentProgress(_ input: Operations.AddAssignmentProgress.Input) async throws -> Operations.AddAssignmentProgress.Output {
        let (caller, id) = try handler(of: input.path.id)
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        let note = v.required(body.note, "note", max: 2000, multiline: true)
        try v.check()
        try await loop.addProgress(id, note: note, by: Actor(user: caller), now: now)
        return .ok(.init(body: .json(try await assignment(id))))
    }

    func requestAssignmentExtension(
        _ input: Operations.RequestAssignmentExtension.Input
    ) async throws -> Operations.RequestAssignmentExtension.Output {
        let (caller, id) = try handler(of: input.path.id)
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        let reason = v.required(body.reason, "reason", max: 500, multiline: true)
        let (more, unit): (Int, HandlingTerm.Unit)
        switch (body.workingDays, body.months) {
        case (let days?, nil): (more, unit) = (days, .workingDays)
        case (nil, let months?): (more, unit) = (months, .months)
        default:
            v.add("working_days", "name exactly one of working_days and months")
            (more, unit) = (0, .workingDays)
        }
        try v.check()
        try await loop.requestExtension(id, more: more, unit: unit, reason: reason, by: Actor(user: caller), now: now)
        return .ok(.init(body: .json(try await assignment(id))))
    }

    func approveAssignmentExtension(
        _ input: Operations.ApproveAssignmentExtension.Input
    ) async throws -> Operations.ApproveAssignmentExtension.Output {
        let (caller, id) = try handler(of: input.path.id)
        try await loop.decideExtension(id, approve: true, by: Actor(user: caller), now: now)
        return .ok(.init(body: .json(try await assignment(id))))
    }

    func denyAssignmentExtension(_ input: Operations.DenyAssignmentExtension.Input) async throws
        -> Operations.DenyAssignmentExtension.Output
    {
        let (caller, id) = try handler(of: input.path.id)
        try await loop.decideExtension(id, approve: false, by: Actor(user: caller), now: now)
        return .ok(.init(body: .json(try await assignment(id))))
    }

    func replyAssignment(_ input: Operations.ReplyAssignment.Input) async throws -> Operations.ReplyAssignment.Output {
        let (caller, id) = try handler(of: input.path.id)
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        let text = v.required(body.text, "text", max: 4000, multiline: true)
        let promised = v.date(body.promisedOn, "promised_on")
        let attachment = v.optional(body.attachmentUrl, "attachment_url", max: 2000)
        if let attachment, URL(string: attachment)?.scheme != "https" { v.add("attachment_url", "must be an https URL") }
        try v.check()
        let letter = ReplyLetter(
            outcome: ReplyOutcome(rawValue: body.outcome.rawValue)!, text: text, promisedOn: promised, attachmentURL: attachment)
        try await loop.reply(id, letter, by: Actor(user: caller), now: now)
        return .ok(.init(body: .json(try await assignment(id))))
    }

    func addAssignmentContact(_ input: Operations.AddAssignmentContact.Input) async throws -> Operations.AddAssignmentContact.Output {
        let (caller, id) = try handler(of: input.path.id)
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        let note = v.required(body.note, "note", max: 2000, multiline: true)
        if body.at > now.addingTimeInterval(300) { v.add("at", "must not be in the future") }
        try v.check()
        try await loop.addContact(
            id, stage: ContactRecord.Stage(rawValue: body.stage.rawValue)!, method: ContactRecord.Method(rawValue: body.method.rawValue)!,
            note: note, at: body.at, by: Actor(user: caller), now: now)
        return .ok(.init(body: .json(try await assignment(id))))
    }

    /// The caller and the assignment the path names: ``AuthorizationMiddleware`` found it within his reach.
    private func handler(of text: String) throws -> (User, UUID) {
        (try caller, try pathID(text, "Assignment"))
    }

    private func assignment(_ id: UUID) async throws -> Components.Schemas.Assignment {
        guard let record = try await assignments.find(id) else { throw DomainError.notFound("Assignment \(id.text)") }
        return .init(record, calendar: try await calendars.workingCalendar(calendar), ladder: services.config.rhythm.ladder, now: now)
    }

    func getCalendar(_ input: Operations.GetCalendar.Input) async throws -> Operations.GetCalendar.Output {
        let year = input.path.year
        guard (2000...2100).contains(year) else { throw DomainError.invalid("year", "must be between 2000 and 2100") }
        let days = try await calendars.year(year)
        return .ok(.init(body: .json(.init(year: year, holidays: days.holidays, workdays: days.workdays))))
    }

    func putCalendar(_ input: Operations.PutCalendar.Input) async throws -> Operations.PutCalendar.Output {
        let year = input.path.year
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        if !(2000...2100).contains(year) { v.add("year", "must be between 2000 and 2100") }
        for (field, list) in [("holidays", body.holidays), ("workdays", body.workdays)] {
            for (index, day) in list.enumerated() {
                if let valid = v.date(day, "\(field)[\(index)]"), !valid.hasPrefix("\(year)-") {
                    v.add("\(field)[\(index)]", "must be in \(year)")
                }
            }
        }
        if let both = Set(body.holidays).intersection(body.workdays).sorted().first {
            v.add("workdays", "\(both) is also listed as a holiday")
        }
        try v.check()
        try await calendars.replace(year: year, holidays: Array(Set(body.holidays)), workdays: Array(Set(body.workdays)))
        let days = try await calendars.year(year)
        return .ok(.init(body: .json(.init(year: year, holidays: days.holidays, workdays: days.workdays))))
    }
}
