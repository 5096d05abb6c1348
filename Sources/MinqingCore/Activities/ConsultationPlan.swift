import Foundation
import MinqingRules

/// A region's annual consultation plan (年度协商计划): its items in order, each with the activities that
/// took it up.
public struct ConsultationPlan: Sendable {
    public var regionID: UUID
    public var year: Int
    public var items: [Item]

    public struct Item: Sendable {
        public var id: UUID
        public var topic: String
        public var month: Int
        public var note: String?
        public var activities: [Activity]

        /// Held: an activity that took it up was held (or its follow-up closed).
        public var held: Bool { activities.contains { $0.status == .held || $0.status == .closed } }
    }

    public struct Activity: Sendable {
        public var id: UUID
        public var title: String
        public var startsAt: Date
        public var status: ActivityStatus
    }
}

/// An item as a PUT names it: an existing item's id keeps it (and the activities that reference it).
public struct ConsultationPlanEntry: Sendable {
    public var id: UUID?
    public var topic: String
    public var month: Int
    public var note: String?

    public init(id: UUID? = nil, topic: String, month: Int, note: String? = nil) {
        (self.id, self.topic, self.month, self.note) = (id, topic, month, note)
    }
}
