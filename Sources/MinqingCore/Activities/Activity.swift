import Foundation
import MinqingRules

/// An activity at a station (or of a region's congress) as read from the store.
public struct ActivityRecord: Sendable {
    public var id: UUID
    public var regionID: UUID
    public var stationID: UUID?
    public var kind: ActivityKind
    public var title: String
    public var topic: String?
    public var startsAt: Date
    public var endsAt: Date
    public var place: String?
    public var officials: [ActivityOfficial]
    public var representativeIDs: [UUID]
    public var organiser: String?
    public var organiserRepresentativeID: UUID?
    public var status: ActivityStatus
    public var visitors: Int?
    public var minutes: String?
    public var heldAt: Date?
    public var closedAt: Date?
    public var cancelledAt: Date?
    public var createdAt: Date
    public var updatedAt: Date
    /// The consultation plan item it takes up (年度协商计划).
    public var planItemID: UUID?
    /// When its outcome was made public (公开成果).
    public var publishedAt: Date?
    /// An inquiry's questions, its review opinion (审议意见) and the problem its rectification is handled as.
    public var questions: [InquiryQuestion] = []
    public var reviewOpinion: String?
    public var reviewOpinionAt: Date?
    public var rectificationProblemID: UUID?
}

/// An official who attends (局长, 镇长…), optionally of a department, which then reads the activity.
public struct ActivityOfficial: Sendable, Codable, Equatable {
    public var name: String
    public var title: String?
    public var departmentID: UUID?

    public init(name: String, title: String? = nil, departmentID: UUID? = nil) {
        (self.name, self.title, self.departmentID) = (name, title, departmentID)
    }

    enum CodingKeys: String, CodingKey {
        case name, title
        case departmentID = "department_id"
    }

    /// The department's id in lower case, as PostgreSQL writes a uuid as text: the scope's containment
    /// test matches it so.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(title, forKey: .title)
        try c.encodeIfPresent(departmentID?.uuidString.lowercased(), forKey: .departmentID)
    }
}

/// A new activity, or changes to one (nil keeps the value).
public struct ActivityDraft: Sendable {
    public var regionID: UUID?
    public var stationID: UUID??
    public var kind: ActivityKind?
    public var title: String?
    public var topic: String?
    public var startsAt: Date?
    public var endsAt: Date?
    public var place: String?
    public var officials: [ActivityOfficial]?
    public var representativeIDs: [UUID]?
    public var organiser: String?
    public var visitors: Int?
    public var minutes: String?
    /// `.some(nil)` clears it.
    public var planItemID: UUID??
    /// An inquiry's questions (replacing the list).
    public var questions: [InquiryQuestion]?

    public init(
        regionID: UUID? = nil, stationID: UUID?? = nil, kind: ActivityKind? = nil, title: String? = nil, topic: String? = nil,
        startsAt: Date? = nil, endsAt: Date? = nil, place: String? = nil, officials: [ActivityOfficial]? = nil,
        representativeIDs: [UUID]? = nil, organiser: String? = nil, visitors: Int? = nil, minutes: String? = nil,
        planItemID: UUID?? = nil, questions: [InquiryQuestion]? = nil
    ) {
        (self.regionID, self.stationID, self.kind, self.title, self.topic) = (regionID, stationID, kind, title, topic)
        (self.startsAt, self.endsAt, self.place, self.officials) = (startsAt, endsAt, place, officials)
        (self.representativeIDs, self.organiser, self.visitors, self.minutes) = (representativeIDs, organiser, visitors, minutes)
        (self.planItemID, self.questions) = (planItemID, questions)
    }
}

public struct ActivityFilter: Sendable {
    public var kind: ActivityKind?
    public var region: RegionFilter?
    public var stationID: UUID?
    public var status: ActivityStatus?
    /// Activities that start at or after `from` and before `to`.
    public var from: Date?
    public var to: Date?
    public var representativeID: UUID?

    public init(
        kind: ActivityKind? = nil, region: RegionFilter? = nil, stationID: UUID? = nil, status: ActivityStatus? = nil,
        from: Date? = nil, to: Date? = nil, representativeID: UUID? = nil
    ) {
        (self.kind, self.region, self.stationID, self.status) = (kind, region, stationID, status)
        (self.from, self.to, self.representativeID) = (from, to, representativeID)
    }
}
