import Foundation
import MinqingCore
import MinqingOpenAPI
import MinqingRules

extension APIHandler {
    var activityStore: ActivityStore { ActivityStore(database: services.database, logger: logger) }
    var activityService: ActivityService { ActivityService(database: services.database, logger: logger) }

    func listActivities(_ input: Operations.ListActivities.Input) async throws -> Operations.ListActivities.Output {
        let q = input.query
        let page = try PageRequest(limit: q.limit, cursor: q.cursor)
        var v = FieldValidator()
        let filter = ActivityFilter(
            kind: q.kind.flatMap { ActivityKind(rawValue: $0.rawValue) }, region: try regionFilter(q.regionId, q.within),
            stationID: v.id(q.stationId, "station_id"), status: q.status.flatMap { ActivityStatus(rawValue: $0.rawValue) },
            from: q.from, to: q.to, representativeID: v.id(q.representativeId, "representative_id"))
        try v.check()
        let result = try await activityStore.list(filter, within: try scope, page: page)
        return .ok(.init(body: .json(.init(items: result.items.map(Components.Schemas.Activity.init), nextCursor: result.nextCursor))))
    }

    func createActivity(_ input: Operations.CreateActivity.Input) async throws -> Operations.CreateActivity.Output {
        let caller = try self.caller
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        let draft = ActivityDraft(
            regionID: v.id(body.regionId, "region_id"), stationID: .some(v.id(body.stationId, "station_id")),
            kind: ActivityKind(rawValue: body.kind.rawValue), title: v.required(body.title, "title", max: 100),
            topic: v.optional(body.topic, "topic", max: 500, multiline: true), startsAt: body.startsAt, endsAt: body.endsAt,
            place: v.optional(body.place, "place", max: 200), officials: Self.officials(body.officials, &v),
            representativeIDs: Self.ids(body.representativeIds, "representative_ids", &v),
            organiser: v.optional(body.organiser, "organiser", max: 100),
            planItemID: v.id(body.planItemId, "plan_item_id").map { .some($0) }, questions: Self.questions(body.questions, &v))
        if body.endsAt <= body.startsAt { v.add("ends_at", "must be after starts_at") }
        if caller.role != .representative && body.regionId == nil { v.add("region_id", "is required") }
        try v.check()
        let id = try await activityService.create(draft, by: caller, within: try scope, now: now)
        return .created(.init(body: .json(try await activityDetail(id))))
    }

    func getActivity(_ input: Operations.GetActivity.Input) async throws -> Operations.GetActivity.Output {
        .ok(.init(body: .json(try await activityDetail(try pathID(input.path.id, "Activity")))))
    }

    func updateActivity(_ input: Operations.UpdateActivity.Input) async throws -> Operations.UpdateActivity.Output {
        let (caller, id) = (try self.caller, try pathID(input.path.id, "Activity"))
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        let station = v.id(body.stationId, "station_id")
        let draft = ActivityDraft(
            stationID: station.map { .some($0) }, title: v.optional(body.title, "title", min: 1, max: 100),
            topic: v.optional(body.topic, "topic", max: 500, multiline: true), startsAt: body.startsAt, endsAt: body.endsAt,
            place: v.optional(body.place, "place", max: 200), officials: Self.officials(body.officials, &v),
            representativeIDs: Self.ids(body.representativeIds, "representative_ids", &v),
            organiser: v.optional(body.organiser, "organiser", max: 100), visitors: body.visitors,
            minutes: v.optional(body.minutes, "minutes", min: 1, max: 20_000, multiline: true),
            planItemID: v.id(body.planItemId, "plan_item_id").map { .some($0) }, questions: Self.questions(body.questions, &v))
        v.range(body.visitors, "visitors", 0...100_000)
        if let starts = body.startsAt, let ends = body.endsAt, ends <= starts { v.add("ends_at", "must be after starts_at") }
        try v.check()
        try await activityService.update(id, draft, by: caller, now: now)
        services.codeCards.removeAll()  // its code's window moves with its times
        return .ok(.init(body: .json(try await activityDetail(id))))
    }

    func holdActivity(_ input: Operations.HoldActivity.Input) async throws -> Operations.HoldActivity.Output {
        let (caller, id) = (try self.caller, try pathID(input.path.id, "Activity"))
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        v.range(body.visitors, "visitors", 0...100_000)
        let minutes = v.optional(body.minutes, "minutes", min: 1, max: 20_000, multiline: true)
        try v.check()
        try await activityService.hold(id, visitors: body.visitors, minutes: minutes, by: caller, now: now)
        return .ok(.init(body: .json(try await activityDetail(id))))
    }

    func closeActivity(_ input: Operations.CloseActivity.Input) async throws -> Operations.CloseActivity.Output {
        let (caller, id) = (try self.caller, try pathID(input.path.id, "Activity"))
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        let minutes = v.optional(body.minutes, "minutes", min: 1, max: 20_000, multiline: true)
        try v.check()
        try await activityService.close(id, minutes: minutes, by: caller, now: now)
        return .ok(.init(body: .json(try await activityDetail(id))))
    }

    func cancelActivity(_ input: Operations.CancelActivity.Input) async throws -> Operations.CancelActivity.Output {
        let (caller, id) = (try self.caller, try pathID(input.path.id, "Activity"))
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        try await activityService.cancel(id, reason: try Self.reason(body.reason), by: caller, now: now)
        services.codeCards.removeAll()  // its code takes nothing more
        return .ok(.init(body: .json(try await activityDetail(id))))
    }

    func publishActivity(_ input: Operations.PublishActivity.Input) async throws -> Operations.PublishActivity.Output {
        let (caller, id) = (try self.caller, try pathID(input.path.id, "Activity"))
        try await activityService.publish(id, by: caller, now: now)
        return .ok(.init(body: .json(try await activityDetail(id))))
    }

    func recordReviewOpinion(_ input: Operations.RecordReviewOpinion.Input) async throws -> Operations.RecordReviewOpinion.Output {
        let (caller, id) = (try self.caller, try pathID(input.path.id, "Activity"))
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        let text = v.required(body.text, "text", max: 20_000, multiline: true)
        let department = v.id(body.departmentId, "department_id")
        let category = v.required(body.category, "category", max: 50)
        v.range(body.months, "months", 1...12)
        try v.check()
        guard let department else { throw DomainError.invalid("department_id", "is required") }
        _ = try await InquiryService(loop: loop).recordReviewOpinion(
            text, of: id, department: department, category: category, months: body.months, by: caller, within: try scope, now: now)
        return .created(.init(body: .json(try await activityDetail(id))))
    }

    func getConsultationPlan(_ input: Operations.GetConsultationPlan.Input) async throws -> Operations.GetConsultationPlan.Output {
        let (year, region) = try await planKey(input.path.year, input.query.regionId)
        let plan = try await ConsultationPlanStore(database: services.database, logger: logger).find(region: region, year: year)
        return .ok(.init(body: .json(.init(plan))))
    }

    func putConsultationPlan(_ input: Operations.PutConsultationPlan.Input) async throws -> Operations.PutConsultationPlan.Output {
        let (year, region) = try await planKey(input.path.year, input.query.regionId)
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        let entries = body.items.enumerated().map { index, item in
            ConsultationPlanEntry(
                id: v.id(item.id, "items[\(index)].id"), topic: v.required(item.topic, "items[\(index)].topic", max: 200),
                month: item.month, note: v.optional(item.note, "items[\(index)].note", max: 500, multiline: true))
        }
        for (index, item) in body.items.enumerated() { v.range(item.month, "items[\(index)].month", 1...12) }
        if Set(entries.compactMap(\.id)).count != entries.compactMap(\.id).count { v.add("items", "must not name an item twice") }
        try v.check()
        let plan = try await ConsultationPlanStore(database: services.database, logger: logger)
            .replace(region: region, year: year, with: entries, now: now)
        return .ok(.init(body: .json(.init(plan))))
    }

    /// The year of a plan's path and its region (as a report's: named, else the caller's own, else the top;
    /// one out of reach is 404).
    private func planKey(_ yearText: String, _ regionText: String?) async throws -> (Int, UUID) {
        guard case .year(let year)? = Period(key: yearText) else { throw DomainError.invalid("year", "must be written YYYY") }
        let region = try await reportRegion(try queryID(regionText, "region_id"), caller: try caller)
        return (year, region.id)
    }

    func listStationActivities(_ input: Operations.ListStationActivities.Input) async throws
        -> Operations.ListStationActivities.Output
    {
        var v = FieldValidator()
        v.range(input.query.limit, "limit", 1...50)
        try v.check()
        let station = try pathID(input.path.id, "Station")
        guard
            let activities = try await activityStore.forResidents(
                station: station, upcoming: input.query.upcoming ?? true, now: now, limit: input.query.limit ?? 20)
        else { throw DomainError.notFound("Station \(input.path.id)") }
        let names = try await representativeNames(Set(activities.flatMap(\.representativeIDs)))
        return .ok(
            .init(body: .json(.init(items: activities.map { Components.Schemas.PublicActivity($0, representatives: names) }))))
    }

    func activityDetail(_ id: UUID) async throws -> Components.Schemas.ActivityDetail {
        guard let activity = try await activityStore.find(id) else { throw DomainError.notFound("Activity \(id)") }
        var mapped = Components.Schemas.Activity(activity)
        if activity.publishedAt != nil, let code = try await activityStore.code(of: id) {
            mapped.publicUrl = "\(baseURL)/a/\(code)"
        }
        return .init(activity: mapped, problems: try await problemSummaries(activity: id))
    }

    /// The public cards of the representatives named.
    func representativeNames(_ ids: Set<UUID>) async throws -> [UUID: Components.Schemas.PublicRepresentative] {
        try await representatives.find(Array(ids)).mapValues(Components.Schemas.PublicRepresentative.init)
    }

    static func questions(_ given: [Components.Schemas.InquiryQuestion]?, _ v: inout FieldValidator) -> [InquiryQuestion]? {
        given.map { list in
            list.enumerated().map { index, q in
                InquiryQuestion(
                    question: v.required(q.question, "questions[\(index)].question", max: 1000, multiline: true),
                    askedBy: v.optional(q.askedBy, "questions[\(index)].asked_by", max: 50),
                    officialName: v.required(q.officialName, "questions[\(index)].official_name", max: 50),
                    officialTitle: v.optional(q.officialTitle, "questions[\(index)].official_title", max: 50),
                    departmentID: v.id(q.departmentId, "questions[\(index)].department_id"),
                    answer: v.optional(q.answer, "questions[\(index)].answer", max: 5000, multiline: true))
            }
        }
    }

    static func officials(_ given: [Components.Schemas.ActivityOfficial]?, _ v: inout FieldValidator) -> [ActivityOfficial]? {
        given.map { list in
            list.enumerated().map { index, official in
                ActivityOfficial(
                    name: v.required(official.name, "officials[\(index)].name", max: 50),
                    title: v.optional(official.title, "officials[\(index)].title", max: 50),
                    departmentID: v.id(official.departmentId, "officials[\(index)].department_id"))
            }
        }
    }
}

extension Components.Schemas.Activity {
    init(_ a: ActivityRecord) {
        self.init(
            id: a.id.text, regionId: a.regionID.text, stationId: a.stationID?.text, kind: .init(rawValue: a.kind.rawValue)!,
            title: a.title, topic: a.topic, startsAt: a.startsAt, endsAt: a.endsAt, place: a.place,
            officials: a.officials.map { .init(name: $0.name, title: $0.title, departmentId: $0.departmentID?.text) },
            representativeIds: a.representativeIDs.map(\.text), organiser: a.organiser,
            organiserRepresentativeId: a.organiserRepresentativeID?.text, planItemId: a.planItemID?.text, publishedAt: a.publishedAt,
            status: .init(rawValue: a.status.rawValue)!, visitors: a.visitors, minutes: a.minutes,
            questions: a.questions.map {
                .init(
                    question: $0.question, askedBy: $0.askedBy, officialName: $0.officialName, officialTitle: $0.officialTitle,
                    departmentId: $0.departmentID?.text, answer: $0.answer)
            }, reviewOpinion: a.reviewOpinion, reviewOpinionAt: a.reviewOpinionAt,
            rectificationProblemId: a.rectificationProblemID?.text, allowedActions: ActivityStateMachine.allowedActions(from: a.status),
            heldAt: a.heldAt, closedAt: a.closedAt,
            cancelledAt: a.cancelledAt, createdAt: a.createdAt, updatedAt: a.updatedAt)
    }
}

extension Components.Schemas.ConsultationPlan {
    init(_ plan: ConsultationPlan) {
        self.init(
            regionId: plan.regionID.text, year: plan.year,
            items: plan.items.map { item in
                .init(
                    id: item.id.text, topic: item.topic, month: item.month, note: item.note, held: item.held,
                    activities: item.activities.map {
                        .init(id: $0.id.text, title: $0.title, startsAt: $0.startsAt, status: .init(rawValue: $0.status.rawValue)!)
                    })
            })
    }
}

extension Components.Schemas.PublicActivity {
    init(_ a: ActivityRecord, representatives: [UUID: Components.Schemas.PublicRepresentative]) {
        self.init(
            id: a.id.text, stationId: a.stationID?.text, kind: .init(rawValue: a.kind.rawValue)!, kindName: a.kind.chineseName,
            title: a.title, topic: a.topic, startsAt: a.startsAt, endsAt: a.endsAt, place: a.place,
            officials: a.officials.map { .init(name: $0.name, title: $0.title) },
            representatives: a.representativeIDs.compactMap { representatives[$0] }, status: .init(rawValue: a.status.rawValue)!)
    }
}
