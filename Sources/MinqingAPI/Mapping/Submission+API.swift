import Foundation
import MinqingCore
import MinqingOpenAPI
import MinqingRules

extension IntakeRequest {
    init(_ input: Components.Schemas.SubmissionInput) {
        self.init(
            code: input.code, channel: input.channel?.rawValue, kind: input.kind.rawValue, category: input.category,
            title: input.title, content: input.content, address: input.location?.address,
            latitude: input.location?.latitude, longitude: input.location?.longitude, name: input.contact?.name,
            phone: input.contact?.phone, anonymous: input.anonymous ?? false, stationID: input.stationId,
            rotaSlotID: input.rotaSlotId
        )
    }
}

extension Components.Schemas.SubmissionSummary {
    init(_ s: SubmissionRecord, calendar: WorkingCalendar, ladder: ReminderLadder, now: Date) {
        self.init(
            id: s.id.text, receiptNo: s.receiptNo, channel: .init(rawValue: s.channel.rawValue)!,
            kind: .init(rawValue: s.kind.rawValue)!, category: s.category, title: s.title,
            status: .init(rawValue: s.status.rawValue)!, round: s.round, keyItem: s.keyItem,
            stationId: s.stationID?.text, representativeId: s.representativeID?.text, regionId: s.regionID.text,
            originRegionId: s.originRegionID.text, overdue: s.overdue,
            light: s.nextDueAt.map { due in
                .init(rawValue: ladder.light(daysLeft: calendar.workingDaysLeft(until: due, now: now), overdue: now > due))!
            },
            createdAt: s.createdAt
        )
    }
}

extension Components.Schemas.Assignment {
    init(_ a: AssignmentRecord, calendar: WorkingCalendar, ladder: ReminderLadder, now: Date) {
        let open = a.status.isOpen
        let daysLeft = calendar.workingDaysLeft(until: a.dueAt, now: open ? now : (a.repliedAt ?? now))
        self.init(
            id: a.id.text, subjectKind: .init(rawValue: a.subject.kind.rawValue)!, subjectNumber: a.subjectNumber,
            subjectTitle: a.subjectTitle,
            submissionId: a.subject.kind == .submission ? a.subject.id.text : nil,
            suggestionId: a.subject.kind == .suggestion ? a.subject.id.text : nil,
            problemId: a.subject.kind == .problem ? a.subject.id.text : nil,
            receiptNo: a.subject.kind == .submission ? a.subjectNumber : nil, round: a.round,
            departmentId: a.departmentID.text, departmentName: a.departmentName, role: .init(rawValue: a.role.rawValue)!,
            status: .init(rawValue: a.status.rawValue)!, workingDays: a.term.columns.workingDays, months: a.term.columns.months,
            assignedAt: a.assignedAt, dueAt: a.dueAt,
            overdue: a.status.isOverdue(due: a.dueAt, at: now),
            daysLeft: daysLeft,
            light: open ? .init(rawValue: ladder.light(daysLeft: daysLeft, overdue: now > a.dueAt))! : nil,
            acknowledgedAt: a.acknowledgedAt, repliedAt: a.repliedAt, returnReason: a.returnReason,
            _extension: a.extensionStatus.flatMap { status in
                a.extensionAmount.map { amount in
                    let (days, months) = a.term.withAmount(amount).columns
                    return .init(status: .init(rawValue: status)!, workingDays: days, months: months, reason: a.extensionReason)
                }
            },
            replies: a.replies.map {
                .init(
                    id: $0.id.text, outcome: .init(rawValue: $0.outcome.rawValue)!, text: $0.text, promisedOn: $0.promisedOn,
                    attachmentUrl: $0.attachmentURL, createdAt: $0.createdAt)
            },
            contacts: a.contacts.map {
                .init(
                    id: $0.id.text, stage: .init(rawValue: $0.stage.rawValue)!, method: .init(rawValue: $0.method.rawValue)!,
                    note: $0.note, at: $0.at, createdAt: $0.createdAt)
            }
        )
    }
}

extension Components.Schemas.SubmissionDetail {
    /// Departments never receive contact data, not even masked.
    init(_ d: SubmissionDetail, viewer: User, calendar: WorkingCalendar, ladder: ReminderLadder, now: Date) {
        let s = d.submission
        let contact: Components.Schemas.MaskedContact? =
            !AccessPolicy.seesResidentContact(viewer) || (s.nameMasked == nil && s.phoneMasked == nil)
            ? nil : .init(name: s.nameMasked, phone: s.phoneMasked)
        let location: Components.Schemas.Location? =
            s.address == nil && s.latitude == nil
            ? nil : .init(address: s.address, latitude: s.latitude, longitude: s.longitude)
        self.init(
            id: s.id.text, receiptNo: s.receiptNo, channel: .init(rawValue: s.channel.rawValue)!, code: s.code,
            activityId: s.activityID?.text, rotaSlotId: s.rotaSlotID?.text, representativeId: s.representativeID?.text,
            stationId: s.stationID?.text,
            regionId: s.regionID.text,
            originRegionId: s.originRegionID.text, kind: .init(rawValue: s.kind.rawValue)!,
            category: s.category, title: s.title, content: s.content, location: location, contact: contact,
            anonymous: s.anonymous, status: .init(rawValue: s.status.rawValue)!, round: s.round, keyItem: s.keyItem,
            mergedInto: s.mergedInto?.text, escalationRequired: s.escalationRequired,
            closeReason: s.closeReason.flatMap { .init(rawValue: $0) },
            allowedActions: SubmissionStateMachine.allowedActions(from: s.status),
            createdAt: s.createdAt, updatedAt: s.updatedAt, closedAt: s.closedAt,
            assignments: d.assignments.map { .init($0, calendar: calendar, ladder: ladder, now: now) },
            evaluations: d.evaluations.map {
                .init(
                    round: $0.round, evaluator: .init(rawValue: $0.evaluator)!, rating: .init(rawValue: $0.rating.rawValue)!,
                    comment: $0.comment, createdAt: $0.createdAt)
            },
            timeline: d.timeline.map(Components.Schemas.TimelineEvent.init)
        )
    }
}

extension Components.Schemas.TimelineEvent {
    init(_ e: TimelineEntry) {
        self.init(
            at: e.at, actorRole: .init(rawValue: e.actorRole)!, actorId: e.actorID?.text, action: e.action,
            fromStatus: e.fromStatus, toStatus: e.toStatus, note: e.note, departmentId: e.departmentID?.text)
    }
}

extension Components.Schemas.Tracking {
    /// The resident's view: the public part of the timeline, replies with department names, whether a rating
    /// is open. A merged submission shows the submission it follows.
    init(own ownDetail: SubmissionDetail, followed d: SubmissionDetail, categoryName: String?) {
        let own = ownDetail.submission
        let s = d.submission
        let events = ownDetail.timeline.filter(\.isPublic) + (own.id == s.id ? [] : d.timeline.filter(\.isPublic))
        let replies =
            (d.assignments.flatMap { a in a.replies.map { (a.departmentName as String?, $0) } }
            + d.directReplies.map { (nil as String?, $0) }).sorted { $0.1.createdAt < $1.1.createdAt }
        let ratedThisRound = d.evaluations.contains { $0.round == s.round && $0.evaluator == "resident" }
        self.init(
            receiptNo: own.receiptNo, kind: .init(rawValue: own.kind.rawValue)!, category: own.category, categoryName: categoryName,
            status: .init(rawValue: s.status.rawValue)!, round: s.round, createdAt: own.createdAt,
            ratingOpen: own.id == s.id && SubmissionStateMachine.isRatingOpen(s.status) && !ratedThisRound,
            mergedIntoReceiptNo: own.id == s.id ? nil : s.receiptNo,
            timeline: events.map { event in
                let names =
                    ["assigned", "escalated"].contains(event.action)
                    ? d.assignments.filter { $0.assignedAt == event.at }.map(\.departmentName) : nil
                let note: String? = ["rejected", "resolved", "merged"].contains(event.action) ? event.note : nil
                return .init(
                    at: event.at, action: event.action, status: event.toStatus.flatMap { .init(rawValue: $0) },
                    note: note, departmentNames: names)
            },
            replies: replies.map { name, reply in
                .init(
                    at: reply.createdAt, round: reply.round, departmentName: name,
                    outcome: .init(rawValue: reply.outcome.rawValue)!, text: reply.text)
            }
        )
    }
}
